# Applies the module against a running cinnox-mock, the offline stand-in
# for CINNOX: the real provider plans and applies, CINNOX's webhook
# challenge included. Start the mock first and point the provider and the
# module at it (see the guide "Testing offline"):
#
#   cinnox-mock -port 4010 -token demo-token &
#   export CINNOX_BASE_URL=http://127.0.0.1:4010 CINNOX_APP_TOKEN=demo-token
#   export TF_VAR_receiver_url=http://127.0.0.1:4010/mock/webhook
#   terraform test -filter=tests/against_mock.tftest.hcl

variables {
  app_id = "app-under-test"
}

run "subscribes_every_event_type" {
  assert {
    condition     = output.enabled == { inquiry = true, call = true, staff_contact = true, inbound_sms = true }
    error_message = "CINNOX does not report every event type enabled: ${jsonencode(output.enabled)}"
  }
}

run "pauses_them" {
  variables {
    enabled = false
  }

  assert {
    condition     = alltrue([for e in values(output.enabled) : e == false])
    error_message = "a paused subscription is still enabled: ${jsonencode(output.enabled)}"
  }
}

run "subscribes_only_the_events_asked_for" {
  variables {
    events = ["call"]
  }

  assert {
    condition     = keys(output.enabled) == ["call"] && length(cinnox_inquiry_event_subscription.this) == 0
    error_message = "the module subscribed more than the call events: ${jsonencode(output.enabled)}"
  }
}
