# Tests the module's own logic with no server at all: mock_provider
# (Terraform 1.7+, OpenTofu 1.8+) stands in for the provider. The
# provider's schema still applies, with its validators (an invalid url or
# app_id fails the run), but nothing the real provider does at plan or
# apply time runs: no check for two resources claiming one subscription,
# no webhook check, no request. Use tests/against_mock.tftest.hcl for
# those (see the guide "Testing offline").

mock_provider "cinnox" {}

variables {
  app_id       = "app-under-test"
  receiver_url = "https://hooks.example.com/cinnox"
}

run "one_subscription_per_event_type" {
  command = plan

  assert {
    condition     = length(cinnox_call_event_subscription.this) == 1 && cinnox_call_event_subscription.this[0].url == "https://hooks.example.com/cinnox/calls"
    error_message = "the call subscription is not planned on the receiver's /calls path"
  }
}

run "only_the_events_asked_for" {
  command = plan

  variables {
    events = ["inquiry", "inbound_sms"]
  }

  assert {
    condition     = length(cinnox_call_event_subscription.this) == 0 && length(cinnox_inbound_sms_event_subscription.this) == 1
    error_message = "the module plans other subscriptions than those asked for"
  }
}

run "refuses_an_unknown_event_type" {
  command = plan

  variables {
    events = ["calls"]
  }

  expect_failures = [var.events]
}

run "refuses_a_relative_receiver_url" {
  command = plan

  variables {
    receiver_url = "hooks.example.com/cinnox"
  }

  expect_failures = [var.receiver_url]
}
