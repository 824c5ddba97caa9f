# A module that subscribes a webhook receiver to the CINNOX events it
# handles, one path per event type below receiver_url. Its tests (tests/)
# show the two ways to test a module that uses the provider offline: see
# the guide "Testing offline".
terraform {
  required_providers {
    cinnox = {
      source = "cinnox/cinnox"
    }
  }
}

variable "app_id" {
  description = "The App ID of the CINNOX app."
  type        = string
}

variable "receiver_url" {
  description = "The base URL of the webhook receiver: each event type is sent to a path below it."
  type        = string

  validation {
    condition     = can(regex("^https?://[^/]+", var.receiver_url))
    error_message = "receiver_url must be an absolute http:// or https:// URL."
  }
}

variable "events" {
  description = "The event types to subscribe: inquiry, call, staff_contact, inbound_sms."
  type        = set(string)
  default     = ["inquiry", "call", "staff_contact", "inbound_sms"]

  validation {
    condition     = length(setsubtract(var.events, ["inquiry", "call", "staff_contact", "inbound_sms"])) == 0
    error_message = "events may hold only inquiry, call, staff_contact and inbound_sms."
  }
}

variable "enabled" {
  description = "false pauses every subscription of the module."
  type        = bool
  default     = true
}

resource "cinnox_inquiry_event_subscription" "this" {
  count   = contains(var.events, "inquiry") ? 1 : 0
  app_id  = var.app_id
  url     = "${var.receiver_url}/enquiries"
  enabled = var.enabled
}

resource "cinnox_call_event_subscription" "this" {
  count   = contains(var.events, "call") ? 1 : 0
  app_id  = var.app_id
  url     = "${var.receiver_url}/calls"
  enabled = var.enabled
}

resource "cinnox_staff_contact_event_subscription" "this" {
  count   = contains(var.events, "staff_contact") ? 1 : 0
  app_id  = var.app_id
  url     = "${var.receiver_url}/staff-contacts"
  enabled = var.enabled
}

resource "cinnox_inbound_sms_event_subscription" "this" {
  count   = contains(var.events, "inbound_sms") ? 1 : 0
  app_id  = var.app_id
  url     = "${var.receiver_url}/inbound-sms"
  enabled = var.enabled
}

output "enabled" {
  description = "Whether CINNOX reports each subscribed event type enabled, by event type."
  value = merge(
    { for s in cinnox_inquiry_event_subscription.this : "inquiry" => s.enabled },
    { for s in cinnox_call_event_subscription.this : "call" => s.enabled },
    { for s in cinnox_staff_contact_event_subscription.this : "staff_contact" => s.enabled },
    { for s in cinnox_inbound_sms_event_subscription.this : "inbound_sms" => s.enabled },
  )
}
