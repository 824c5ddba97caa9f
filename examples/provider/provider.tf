# Credentials from the CINNOX Web Dashboard: Administration > Service
# Integration > API. Prefer the environment for the token:
#   export CINNOX_BASE_URL="https://examplebaseURL.com"
#   export CINNOX_APP_TOKEN="..."
#   export CINNOX_APP_ID="..."
provider "cinnox" {
  base_url = "https://examplebaseURL.com"
  app_id   = "your-app-id"
  # app_token = var.cinnox_app_token # or CINNOX_APP_TOKEN
}
