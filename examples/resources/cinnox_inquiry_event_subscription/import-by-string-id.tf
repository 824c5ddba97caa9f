import {
  to = cinnox_inquiry_event_subscription.example
  id = "your-app-id"
}
