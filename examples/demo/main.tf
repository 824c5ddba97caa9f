# The configuration `make demo` applies against the mock CINNOX server: one
# subscription of each event type, all pointing at the mock's demo webhook.
# The demo sets CINNOX_BASE_URL and CINNOX_APP_TOKEN.
terraform {
  required_providers {
    cinnox = {
      source = "cinnox/cinnox"
    }
  }
}

variable "webhook_base_url" {
  description = "Where the demo webhook receiver listens."
  type        = string
}

provider "cinnox" {
  app_id = "demo-app"
}

resource "cinnox_inquiry_event_subscription" "demo" {
  url = "${var.webhook_base_url}/inquiry"
}

resource "cinnox_call_event_subscription" "demo" {
  url = "${var.webhook_base_url}/call"
}

resource "cinnox_staff_contact_event_subscription" "demo" {
  url = "${var.webhook_base_url}/staff-contact"
}

resource "cinnox_inbound_sms_event_subscription" "demo" {
  url = "${var.webhook_base_url}/inbound-sms"
}
