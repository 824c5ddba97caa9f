package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
)

// These tests interrupt or time out real applies and destroys, and compare
// what the mock CINNOX server holds with what Terraform's state holds
// (checkAgreement, mockAgrees) after each step: a subscription CINNOX may
// have enabled is never forgotten. Those that send Terraform a signal drive
// the CLI themselves (cli_test.go); the others are resource.Test cases.

// slowAnswer is how long the mock holds its answers back while a test
// interrupts Terraform: long enough that the requests are still in flight
// when the signal lands. No test asserts a duration.
const slowAnswer = 2 * time.Second

// interruptMidFlight runs command (apply or destroy) of total subscriptions
// against a mock that holds its answers, presses Ctrl-C once 10 requests
// (Terraform's parallelism) are at the mock waiting for their answers, and
// checks that the command failed, that state and mock agree, that it
// stopped part-way, and that no request was abandoned in flight. It returns
// how many subscriptions are enabled on the mock.
func interruptMidFlight(t *testing.T, env *testEnv, c *cli, total int, command string) int {
	t.Helper()
	before := env.mock.Arrived()
	out, err := c.runUntil(func() bool { return env.mock.Arrived() >= before+10 }, command, "-auto-approve", "-input=false", "-no-color")
	if err == nil {
		t.Errorf("the interrupted %s succeeded:\n%s", command, out)
	}
	enabled := checkAgreement(t, env, c)
	if enabled == 0 || enabled == total {
		t.Errorf("%d of %d subscriptions enabled after the interrupt: the %s was not interrupted mid-flight", enabled, total, command)
	}
	if n := abandoned(env); n != 0 {
		t.Errorf("%d requests were abandoned in flight: their outcome was thrown away", n)
	}
	return enabled
}

// TestAccInterrupt_apply: Ctrl-C during an apply of 40 subscriptions. The
// requests in flight finish and are saved; Terraform starts no others; a
// second apply finishes the rest; destroy leaves nothing enabled.
func TestAccInterrupt_apply(t *testing.T) {
	const apps = 10
	env := newTestEnv(t, cinnoxmock.Options{Delay: slowAnswer})
	c := newCLI(t, manySubscriptions(env, apps))

	enabled := interruptMidFlight(t, env, c, apps*len(eventTypes), "apply")
	if n := len(c.state()); n != enabled {
		t.Errorf("state holds %d subscriptions, the server has %d enabled", n, enabled)
	}

	env.mock.SetDelay(0)
	if out, err := c.run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("second apply: %v\n%s", err, out)
	}
	if enabled := checkAgreement(t, env, c); enabled != apps*len(eventTypes) {
		t.Errorf("%d subscriptions enabled after the second apply, want %d", enabled, apps*len(eventTypes))
	}
	if out, err := c.run("destroy", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("destroy: %v\n%s", err, out)
	}
	if enabled := checkAgreement(t, env, c); enabled != 0 {
		t.Errorf("%d subscriptions still enabled after destroy", enabled)
	}
}

// TestAccInterrupt_destroy: Ctrl-C during a destroy of 40 subscriptions.
// The unsubscribes in flight finish and leave state; the rest stay in state
// and enabled; a second destroy finishes.
func TestAccInterrupt_destroy(t *testing.T) {
	const apps = 10
	env := newTestEnv(t, cinnoxmock.Options{})
	c := newCLI(t, manySubscriptions(env, apps))
	if out, err := c.run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}

	env.mock.SetDelay(slowAnswer)
	interruptMidFlight(t, env, c, apps*len(eventTypes), "destroy")

	env.mock.SetDelay(0)
	if out, err := c.run("destroy", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("second destroy: %v\n%s", err, out)
	}
	if enabled := checkAgreement(t, env, c); enabled != 0 || len(c.state()) != 0 {
		t.Errorf("%d subscriptions enabled and %d in state after the second destroy", enabled, len(c.state()))
	}
}

// TestAccInterrupt_createTimeout: timeouts.create runs out while CINNOX is
// still working on the request. The subscription is kept in state, tainted
// (the next plan replaces it); that apply converges, and the plan after it
// is empty.
func TestAccInterrupt_createTimeout(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{Delay: slowAnswer})
	url := env.hook.URL + "/calls"
	const address = "cinnox_call_event_subscription.test"
	config := env.providerBlock() + fmt.Sprintf(`
resource "cinnox_call_event_subscription" "test" {
  app_id = "app-1"
  url    = %q
  timeouts {
    create = "500ms"
  }
}
`, url)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             mockHolds(env, "app-1", eventTypes[1], false, url).checkDestroy,
		Steps: []resource.TestStep{
			{
				Config:      config,
				ExpectError: wantError("Timed out: subscribe call events", "timeouts.create (500ms) ran out", "marked tainted", `timeouts { create = "1s" }`),
			},
			{
				PreConfig: func() {
					if sub, _ := env.mock.Subscription("app-1", "call"); !sub.Enabled {
						t.Fatalf("the mock did not enable the subscription: the test did not time out mid-request")
					}
					env.mock.SetDelay(0)
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					// Tainted: replaced (unsubscribed, subscribed again).
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionDestroyBeforeCreate)},
					// resource.Test fails on a non-empty plan after the apply.
				},
				ConfigStateChecks: []statecheck.StateCheck{mockAgrees{env}, mockEnabled{env, 1}},
			},
		},
	})
}

// TestAccInterrupt_droppedConnection: the connection drops after CINNOX
// took the request, for create, update and destroy, with retries off. Each
// time state keeps what CINNOX may hold, and the next run converges.
func TestAccInterrupt_droppedConnection(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	const address = "cinnox_call_event_subscription.test"
	config := func(path string) string {
		return env.providerBlock("max_retries = 0") + fmt.Sprintf(`
resource "cinnox_call_event_subscription" "test" {
  app_id = "app-1"
  url    = %q
}
`, env.hook.URL+path)
	}
	drop := func(on bool) func() {
		return func() {
			f := cinnoxmock.Faults{}
			if on {
				f = cinnoxmock.Faults{Rate: 1, Kinds: []cinnoxmock.Fault{cinnoxmock.FaultDropAfter}}
			}
			env.mock.SetFaults(f)
		}
	}
	lost := wantError("The outcome is unknown")
	plans := func(action plancheck.ResourceActionType) resource.ConfigPlanChecks {
		return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, action)}}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             mockHolds(env, "app-1", eventTypes[1], false, env.hook.URL+"/b").checkDestroy,
		Steps: []resource.TestStep{
			// Create, the answer lost: kept in state, tainted, so the next
			// apply replaces it.
			{PreConfig: drop(true), Config: config("/a"), ExpectError: lost},
			{
				PreConfig: drop(false), Config: config("/a"), ConfigPlanChecks: plans(plancheck.ResourceActionDestroyBeforeCreate),
				ConfigStateChecks: []statecheck.StateCheck{mockAgrees{env}, mockHolds(env, "app-1", eventTypes[1], true, env.hook.URL+"/a")},
			},
			// Update, the answer lost: enabled unknown (null), so the next
			// apply sends it again, though the configuration did not change.
			{PreConfig: drop(true), Config: config("/b"), ExpectError: lost},
			{
				PreConfig: drop(false), Config: config("/b"), ConfigPlanChecks: plans(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{mockAgrees{env}, mockHolds(env, "app-1", eventTypes[1], true, env.hook.URL+"/b")},
			},
			// Destroy, the answer lost: kept in state, so the next destroy
			// (the test's own, with the faults off) sends it again.
			{PreConfig: drop(true), Config: config("/b"), Destroy: true, ExpectError: lost},
			{
				PreConfig: drop(false), Config: config("/b"), ConfigPlanChecks: plans(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{mockAgrees{env}, mockEnabled{env, 1}},
			},
		},
	})
}

// TestAccInterrupt_duringRetry: Ctrl-C while the provider waits to retry a
// 503. No retry is sent; the error says the apply was interrupted and what
// state holds (the 503 may have come after the change took effect, so the
// subscription is kept, tainted); the next apply converges.
func TestAccInterrupt_duringRetry(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{
		// 503 with Retry-After: 1, so the provider waits a second to retry.
		Faults: cinnoxmock.Faults{Rate: 1, Kinds: []cinnoxmock.Fault{cinnoxmock.FaultUnavailable}},
	})
	c := newCLI(t, subscriptionConfig(env, eventTypes[1], "app-1", env.hook.URL+"/calls"))
	out, err := c.runUntil(func() bool { return env.mock.Arrived() >= 1 }, "apply", "-auto-approve", "-input=false", "-no-color")
	if err == nil {
		t.Fatalf("the interrupted apply succeeded:\n%s", out)
	}
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{`Interrupted: subscribe call events of CINNOX app "app-1"`, "HTTP 503",
		"no new one was started", "marked tainted", "Run terraform apply again to finish."} {
		if !strings.Contains(flat, want) {
			t.Errorf("the error does not say %q", want)
		}
	}
	if strings.Contains(out, "base_url") {
		t.Errorf("the error blames base_url")
	}
	if n := env.mock.Arrived(); n != 1 {
		t.Errorf("the server got %d requests, want 1: a retry was sent after the stop", n)
	}
	checkAgreement(t, env, c)
	if st := c.state(); len(st) != 1 || !st[0].Tainted {
		t.Fatalf("state holds %+v, want the subscription, tainted", st)
	}

	env.mock.SetFaults(cinnoxmock.Faults{})
	if out, err := c.run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("second apply: %v\n%s", err, out)
	}
	if checkAgreement(t, env, c) != 1 {
		t.Errorf("the subscription is not enabled after the second apply")
	}
}
