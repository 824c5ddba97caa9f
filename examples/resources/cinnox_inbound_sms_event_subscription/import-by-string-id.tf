import {
  to = cinnox_inbound_sms_event_subscription.example
  id = "your-app-id"
}
