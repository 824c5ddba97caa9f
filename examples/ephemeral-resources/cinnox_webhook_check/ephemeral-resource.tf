# Warn on every plan (and in Terraform Cloud health assessments) when the
# webhook stops answering CINNOX's challenge, with its secret in neither
# the state nor the plan file: the check and the subscription's url_wo
# take the url from the same ephemeral variable.
variable "calls_webhook_url" {
  type      = string
  sensitive = true
  ephemeral = true
}

ephemeral "cinnox_webhook_check" "calls" {
  url = var.calls_webhook_url
}

check "call_webhook_answers" {
  assert {
    condition = ephemeral.cinnox_webhook_check.calls.ok
    # Not the problem: Terraform does not print an ephemeral value here. The
    # provider's warning "Webhook does not answer CINNOX's challenge" says it.
    error_message = "The CINNOX call webhook does not answer CINNOX's challenge."
  }
}

resource "cinnox_call_event_subscription" "calls" {
  url_wo = var.calls_webhook_url
}
