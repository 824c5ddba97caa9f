# The webhook URL, with the secret the receiver checks, from an ephemeral
# variable (set it with TF_VAR_webhook_url): with url_wo, neither the plan
# nor the state holds it (Terraform 1.11+, OpenTofu 1.11+).
variable "webhook_url" {
  type      = string
  sensitive = true
  ephemeral = true
}

# Send inbound SMS notifications of the provider's default app to a webhook.
resource "cinnox_inbound_sms_event_subscription" "example" {
  url_wo = var.webhook_url
  # enabled = false # pauses notifications; the subscription stays managed
}

# Or for another app, by its App ID; with url (any Terraform or OpenTofu
# version), the state keeps the URL in full.
resource "cinnox_inbound_sms_event_subscription" "other_app" {
  app_id = "another-app-id"
  url    = "https://hooks.example.com/cinnox/inbound-sms"
}
