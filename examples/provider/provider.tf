# Credentials from the CINNOX Web Dashboard: Administration > Service
# Integration > API. Prefer the environment for the token:
#   export CINNOX_BASE_URL="https://examplebaseURL.com"
#   export CINNOX_APP_TOKEN="..."
#   export CINNOX_APP_ID="..."
provider "cinnox" {
  base_url = "https://examplebaseURL.com"
  app_id   = "your-app-id"
  # app_token = var.cinnox_app_token # or CINNOX_APP_TOKEN

  # When CINNOX refuses a webhook, the error says what the endpoint answered
  # ("on_failure", the default). "before" checks every webhook before
  # subscribing it; "off" never checks. Or CINNOX_WEBHOOK_CHECK.
  # webhook_check = "before"

  # How long to wait for a webhook deployed in the same apply that does not
  # answer yet ("1m" by default; "0s" fails at once). Or
  # CINNOX_WEBHOOK_READY_TIMEOUT.
  # webhook_ready_timeout = "5m"

  # For one run, to heal subscriptions switched off or changed outside
  # Terraform: send every planned subscription to CINNOX again. Rather than
  # here, set it for that run: CINNOX_RESUBSCRIBE=true terraform apply.
  # resubscribe = true
}
