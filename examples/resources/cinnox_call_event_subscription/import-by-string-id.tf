import {
  to = cinnox_call_event_subscription.example
  id = "your-app-id"
}
