# A subscription is imported by the App ID of its app.
terraform import cinnox_inquiry_event_subscription.example "your-app-id"
