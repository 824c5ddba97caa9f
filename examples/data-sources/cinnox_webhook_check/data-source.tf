# Warn on every plan (and in Terraform Cloud health assessments) when the
# webhook stops answering CINNOX's challenge.
check "call_webhook_answers" {
  data "cinnox_webhook_check" "calls" {
    url = "https://hooks.example.com/cinnox/calls"
  }

  assert {
    condition     = data.cinnox_webhook_check.calls.ok
    error_message = "The CINNOX call webhook does not answer: ${data.cinnox_webhook_check.calls.problem}"
  }
}
