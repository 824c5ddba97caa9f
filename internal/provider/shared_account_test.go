package provider

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
)

// TestAccSharedAccount_workspacesAtOnce runs 4 Terraform applies at once,
// each its own workspace (its own state and provider), against one CINNOX
// account whose rate limit they share, each provider paced to the whole
// limit; then 4 destroys at once. Time is compressed: the limit is 60
// requests in 2 seconds, and requests_per_minute counts in 2 seconds. Every run
// succeeds, the states together and CINNOX agree, and nothing is left
// enabled.
func TestAccSharedAccount_workspacesAtOnce(t *testing.T) {
	const workspaces, subs, limit, window = 4, 40, 60, 2 * time.Second
	env := newTestEnv(t, cinnoxmock.Options{RateLimit: cinnoxmock.RateLimit{Requests: limit, Window: window}})
	clis := make([]*cli, workspaces)
	for w := range clis {
		config := env.providerBlock(fmt.Sprintf("requests_per_minute = %d", limit))
		for i := range subs {
			config += fmt.Sprintf(`
resource "cinnox_call_event_subscription" "s%d" {
  app_id = "ws%d-app%d"
  url    = "%s/calls/%d/%d"
}
`, i, w, i, env.hook.URL, w, i)
		}
		clis[w] = newCLIServing(t, config, &cinnoxProvider{version: "test", rateWindow: window, retryWaitMin: 50 * time.Millisecond})
	}
	all := func(command string) {
		t.Helper()
		before := len(env.mock.Requests())
		var wg sync.WaitGroup
		for w, c := range clis {
			wg.Go(func() {
				if out, err := c.run(command, "-auto-approve", "-input=false", "-no-color"); err != nil {
					t.Errorf("workspace %d: %s: %v\n%s", w, command, err, out)
				}
			})
		}
		wg.Wait()
		refused := 0
		for _, r := range env.mock.Requests()[before:] {
			if r.Note == "rate limit exceeded" {
				refused++
			}
		}
		t.Logf("%d %ss at once: %d requests, %d refused for the rate limit", workspaces, command, len(env.mock.Requests())-before, refused)
		if refused == 0 {
			t.Errorf("no request was refused for the rate limit: the %ss did not contend for it, so this proves nothing", command)
		}
	}

	all("apply")
	checkWorkspacesAgree(t, env, clis, workspaces*subs)
	all("destroy")
	checkWorkspacesAgree(t, env, clis, 0)
}

// checkWorkspacesAgree fails the test unless the states of the workspaces
// together hold exactly the subscriptions enabled on the mock, enabled,
// with their urls, and there are want of them.
func checkWorkspacesAgree(t *testing.T, env *testEnv, clis []*cli, want int) {
	t.Helper()
	inState := map[string]stateResource{}
	for _, c := range clis {
		for _, r := range c.state() {
			inState[r.Values.AppID] = r
		}
	}
	enabled := 0
	for _, sub := range env.mock.Subscriptions() {
		r, ok := inState[sub.AppID]
		if sub.Enabled {
			enabled++
		}
		if sub.Enabled != ok || ok && (r.Values.Enabled == nil || !*r.Values.Enabled || r.Values.URL != sub.URL) {
			t.Errorf("the server has %s enabled=%v url=%q; the states hold it: %v %+v", sub.AppID, sub.Enabled, sub.URL, ok, r.Values)
		}
	}
	if enabled != want || len(inState) != want {
		t.Errorf("%d subscriptions enabled on the server and %d in the states, want %d", enabled, len(inState), want)
	}
}

// TestAccSharedAccount_outOfTime: CINNOX refuses every request for its
// rate limit until the create timeout runs out. The refusals are retried
// past max_retries, for as long as the timeout allows, and the error says
// how many attempts were made over how long and what to change; nothing is
// saved.
func TestAccSharedAccount_outOfTime(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{Faults: cinnoxmock.Faults{Rate: 1, Kinds: []cinnoxmock.Fault{cinnoxmock.FaultTooMany429}}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: compressedTimeFactories(time.Minute),
		Steps: []resource.TestStep{{
			Config: callConfig(env.providerBlock("max_retries = 2"), fmt.Sprintf(`app_id = "app-1"
  url = %q
  timeouts {
    create = "2s"
  }`, env.hook.URL+"/x")),
			ExpectError: wantError(`Timed out: subscribe call events of CINNOX app "app-1"`,
				"CINNOX subscribe ran out of time (", "attempts over 2s",
				"of them refused for the CINNOX rate limit",
				"timeouts.create (2s) ran out while CINNOX kept refusing requests for its rate limit",
				"CINNOX made no change, and Terraform saved nothing",
				`timeouts { create = "4s" }`, "lower requests_per_minute in each"),
		}},
	})
	if n := len(env.patches()); n <= 3 {
		t.Errorf("%d attempts: the refusals were not retried past max_retries (2)", n)
	}
}
