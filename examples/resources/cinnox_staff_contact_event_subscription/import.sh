# A subscription is imported by the App ID of its app.
terraform import cinnox_staff_contact_event_subscription.example "your-app-id"
