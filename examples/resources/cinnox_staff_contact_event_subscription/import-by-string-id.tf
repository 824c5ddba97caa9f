import {
  to = cinnox_staff_contact_event_subscription.example
  id = "your-app-id"
}
