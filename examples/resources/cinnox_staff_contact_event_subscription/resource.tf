# Send staff contact notifications of the provider's default app to a webhook.
resource "cinnox_staff_contact_event_subscription" "example" {
  url = "https://hooks.example.com/cinnox/staff-contacts"
  # enabled = false # pauses notifications; the subscription stays managed
}

# Or for another app, by its App ID.
resource "cinnox_staff_contact_event_subscription" "other_app" {
  app_id = "another-app-id"
  url    = "https://hooks.example.com/cinnox/staff-contacts"
}
