# Send enquiry notifications of the provider's default app to a webhook.
resource "cinnox_inquiry_event_subscription" "example" {
  url = "https://hooks.example.com/cinnox/enquiries"
  # enabled = false # pauses notifications; the subscription stays managed
}

# Or for another app, by its App ID.
resource "cinnox_inquiry_event_subscription" "other_app" {
  app_id = "another-app-id"
  url    = "https://hooks.example.com/cinnox/enquiries"
}
