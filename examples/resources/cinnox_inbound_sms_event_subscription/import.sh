# A subscription is imported by the App ID of its app.
terraform import cinnox_inbound_sms_event_subscription.example "your-app-id"
