package provider

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
)

// Renames without a moved block that take more than one apply: the new
// address holds the subscription in its state while the old one is
// destroyed. Whichever of the two Terraform plans second acts (claims.go),
// so every case runs in both planning orders, forced by the provider's
// sequence hook, and with a saved plan and a plain apply. They need the
// CLI harness: -target, a plain apply, and the warnings of a plan.

// orders are the planning orders: which of the old address's destroy and
// the new address's plan comes second, and the warning that says what it
// does.
var orders = []struct {
	name        string
	destroyLast bool
	warning     string
}{
	{"old address planned second", true, "Warning: Subscription stays with its new address"},
	{"new address planned second", false, "Warning: Subscription subscribed again after a rename"},
}

// after returns a sequence hook under which the first `second` step
// waits, for at most 5 seconds, until the first `first` step has ended
// (started, with atStart).
func after(second, first step, atStart bool) func(step) func() {
	done := make(chan struct{})
	var signal, wait sync.Once
	return func(s step) func() {
		switch {
		case s == second:
			wait.Do(func() {
				select {
				case <-done:
				case <-time.After(5 * time.Second):
				}
			})
		case s == first && atStart:
			signal.Do(func() { close(done) })
		case s == first:
			return func() { signal.Do(func() { close(done) }) }
		}
		return func() {}
	}
}

// planOrder is the sequence under which the old address's destroy is
// planned after the new address's plan, or before it.
func planOrder(destroyLast bool) func(step) func() {
	if destroyLast {
		return after(planDestroyStep, planStep, false)
	}
	return after(planStep, planDestroyStep, false)
}

// renameCase is a rename of cinnox_call_event_subscription.old (url
// /old) to .new over several applies: split brings the state to both
// addresses (the new one subscribed), then a full apply of the new
// configuration (newURL) must end with the subscription enabled on
// newURL, state agreeing, and an empty plan after; a destroy then
// unsubscribes.
type renameCase struct {
	name   string
	newURL string // the path of .new's url in the full apply
	split  func(t *testing.T, c *cli, env *testEnv, p *cinnoxProvider)
	// retries is how many full applies may fail before one succeeds (a
	// refused unsubscribe is retried by the next apply).
	retries int
	// removed adds a removed block (destroy = true) for .old.
	removed bool
}

func TestAccRenameOverApplies(t *testing.T) {
	targeted := func(t *testing.T, c *cli, _ *testEnv, _ *cinnoxProvider) {
		t.Helper()
		if out, err := c.run("apply", "-auto-approve", "-input=false", "-no-color", "-target=cinnox_call_event_subscription.new"); err != nil {
			t.Fatalf("targeted apply: %v\n%s", err, out)
		}
	}
	cases := []renameCase{
		{name: "targeted apply then full apply", newURL: "/new", split: targeted},
		{name: "rename plus a url change", newURL: "/newer", split: targeted},
		{name: "failed unsubscribe retried by the next apply", newURL: "/new", retries: 1,
			split: func(t *testing.T, c *cli, env *testEnv, p *cinnoxProvider) {
				targeted(t, c, env, p)
				env.mock.RefuseUnsubscribes(1)
			}},
		{name: "removed block", newURL: "/new", split: targeted, removed: true},
		{name: "apply interrupted between the two", newURL: "/new", split: interruptedRename},
	}
	for _, tc := range cases {
		for _, order := range orders {
			for _, saved := range []bool{true, false} {
				mode := "plain apply"
				if saved {
					mode = "saved plan"
				}
				t.Run(tc.name+"/"+order.name+"/"+mode, func(t *testing.T) {
					testRenameOverApplies(t, tc, order.destroyLast, order.warning, saved)
				})
			}
		}
	}
}

func testRenameOverApplies(t *testing.T, tc renameCase, destroyLast bool, warning string, saved bool) {
	env := newTestEnv(t, cinnoxmock.Options{})
	p := &cinnoxProvider{version: "test"}
	config := func(name, path, extra string) string {
		return env.providerBlock() + fmt.Sprintf(`
resource "cinnox_call_event_subscription" %q {
  app_id = "app-1"
  url    = %q
}
%s`, name, env.hook.URL+path, extra)
	}
	c := newCLIServing(t, config("old", "/old", ""), p)
	if out, err := c.run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	removed := ""
	if tc.removed {
		removed = `
removed {
  from = cinnox_call_event_subscription.old
  lifecycle {
    destroy = true
  }
}
`
	}
	if err := writeConfig(c, config("new", "/new", "")); err != nil {
		t.Fatal(err)
	}
	tc.split(t, c, env, p)
	if states := c.state(); len(states) != 2 {
		t.Fatalf("after the first part of the rename state holds %d resources, want .old and .new", len(states))
	}
	if err := writeConfig(c, config("new", tc.newURL, removed)); err != nil {
		t.Fatal(err)
	}
	if tc.removed && !removedBlockSupported(t, c) {
		return
	}
	var out string
	for attempt := 0; ; attempt++ {
		p.sequence = planOrder(destroyLast)
		var err error
		out, err = fullApply(c, saved)
		if err == nil {
			break
		}
		if attempt >= tc.retries {
			t.Fatalf("full apply %d: %v\n%s", attempt+1, err, out)
		}
		// Between applies the subscription is on: both addresses are in
		// state, and the new one says so.
		if err := mockHolds(env, "app-1", eventTypes[1], true, env.hook.URL+tc.newURL)(); err != nil {
			t.Errorf("after failed apply %d: %v", attempt+1, err)
		}
	}
	if !strings.Contains(out, warning) {
		t.Errorf("the full apply's plan does not say %q:\n%s", warning, out)
	}
	if err := mockHolds(env, "app-1", eventTypes[1], true, env.hook.URL+tc.newURL)(); err != nil {
		t.Error(err)
	}
	if enabled := checkAgreement(t, env, c); enabled != 1 {
		t.Errorf("%d subscriptions enabled, want 1", enabled)
	}
	if states := c.state(); len(states) != 1 || states[0].Address != "cinnox_call_event_subscription.new" {
		t.Errorf("state holds %+v, want .new alone", states)
	}
	if out, err := c.run("plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil {
		t.Errorf("the plan after the rename is not empty (%v):\n%s", err, out)
	}
	// No mark of the move stays behind: destroying the new address,
	// which no other address holds now, unsubscribes (CINNOX no longer
	// refuses: the forget path may have left its refusal unused).
	env.mock.RefuseUnsubscribes(0)
	if out, err := c.run("destroy", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("destroy: %v\n%s", err, out)
	}
	if err := mockHolds(env, "app-1", eventTypes[1], false, env.hook.URL+tc.newURL)(); err != nil {
		t.Error(err)
	}
}

// interruptedRename applies the rename and presses Ctrl-C once the new
// address's subscribe is at CINNOX (which holds its answer back), while
// the old address's unsubscribe waits for its turn (the sequence hook
// holds it until the subscribe has started): the subscribe completes, the
// unsubscribe is never sent, and both addresses stay in state.
func interruptedRename(t *testing.T, c *cli, env *testEnv, p *cinnoxProvider) {
	t.Helper()
	p.sequence = after(unsubscribeStep, subscribeStep, true)
	env.mock.SetDelay(slowAnswer)
	defer env.mock.SetDelay(0)
	before := env.mock.Arrived()
	out, err := c.runUntil(func() bool { return env.mock.Arrived() > before }, "apply", "-auto-approve", "-input=false", "-no-color")
	if err == nil {
		t.Fatalf("the interrupted apply succeeded:\n%s", out)
	}
	p.sequence = nil
}

// fullApply applies the configuration, from a saved plan or with a plain
// apply, and returns the output of both commands.
func fullApply(c *cli, saved bool) (string, error) {
	if !saved {
		return c.run("apply", "-auto-approve", "-input=false", "-no-color")
	}
	out, err := c.run("plan", "-input=false", "-no-color", "-out=tfplan")
	if err != nil {
		return out, err
	}
	applied, err := c.run("apply", "-input=false", "-no-color", "tfplan")
	return out + applied, err
}

// removedBlockSupported reports whether the CLI takes a removed block with
// destroy = true (Terraform 1.7+, OpenTofu 1.7+); where it does not, it
// asserts that the CLI refuses the block and sends nothing.
func removedBlockSupported(t *testing.T, c *cli) bool {
	t.Helper()
	out, err := c.run("validate", "-no-color")
	if err == nil {
		return true
	}
	if !strings.Contains(out, "removed") {
		t.Errorf("validate failed, but not on the removed block:\n%s", out)
	}
	return false
}
