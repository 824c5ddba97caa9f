package provider

import (
	"fmt"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
)

// The provider setting resubscribe (CINNOX_RESUBSCRIBE): CINNOX cannot be
// asked what it holds, so a subscription switched off or pointed elsewhere
// behind Terraform's back plans nothing; with the setting on, every
// subscription planned is an update that sends it again as configured.

// resubscribeConfig is three subscriptions of app-1: inquiry and call
// subscribed, inbound SMS paused, each at its own url of env.hook.
func resubscribeConfig(env *testEnv, setting string) string {
	return env.providerBlock(setting) + fmt.Sprintf(`
resource "cinnox_inquiry_event_subscription" "test" {
  app_id = "app-1"
  url    = %q
}

resource "cinnox_call_event_subscription" "test" {
  app_id = "app-1"
  url    = %q
}

resource "cinnox_inbound_sms_event_subscription" "test" {
  app_id  = "app-1"
  url     = %q
  enabled = false
}
`, env.hook.URL+"/inquiry", env.hook.URL+"/call", env.hook.URL+"/sms")
}

// driftBehindTerraform switches the inquiry subscription off and points the
// call subscription elsewhere, directly at the mock, as the CINNOX
// Dashboard would, and forgets the requests so far.
func driftBehindTerraform(env *testEnv) {
	env.mock.Seed(cinnoxmock.Subscription{AppID: "app-1", Event: "inquiry", Enabled: false, URL: env.hook.URL + "/inquiry"})
	env.mock.Seed(cinnoxmock.Subscription{AppID: "app-1", Event: "call", Enabled: true, URL: "https://elsewhere.example.com/hook"})
	env.mock.ResetRequests()
}

// sentAgain is a state check: since the drift, the mock got exactly one
// PATCH for each subscription, subscribing (or pausing, for the paused
// one) with its configured url, and holds each as configured.
func sentAgain(env *testEnv, subs map[string]bool) onMock {
	return func() error {
		patches := env.patches()
		if len(patches) != len(subs) {
			return fmt.Errorf("server got %d PATCH requests since the drift, want %d: one per subscription", len(patches), len(subs))
		}
		for segment, enabled := range subs {
			et, url := eventTypeOfSegment(segment), env.hook.URL+resubscribeURLs[segment]
			var sent int
			for _, p := range patches {
				if checkRequest(p, "app-1", et, enabled, url) == nil {
					sent++
				}
			}
			if sent != 1 {
				return fmt.Errorf("%d PATCH requests for %s with enabled=%v url=%q, want 1", sent, segment, enabled, url)
			}
			if err := mockHolds(env, "app-1", et, enabled, url)(); err != nil {
				return err
			}
		}
		return nil
	}
}

// eventTypeOfSegment is the event type whose path segment is segment.
func eventTypeOfSegment(segment string) eventType {
	for _, et := range eventTypes {
		if et.Segment == segment {
			return et
		}
	}
	panic("no event type " + segment)
}

// resubscribed is what each subscription of resubscribeConfig is sent
// with, by segment: enabled, and the path of its url on env.hook.
var (
	resubscribed    = map[string]bool{"inquiry": true, "call": true, "inbound-sms": false}
	resubscribeURLs = map[string]string{"inquiry": "/inquiry", "call": "/call", "inbound-sms": "/sms"}
)

// updates expects an in-place update of each address, and nothing else.
func updates(addresses ...string) resource.ConfigPlanChecks {
	var checks []plancheck.PlanCheck
	for _, a := range addresses {
		checks = append(checks, plancheck.ExpectResourceAction(a, plancheck.ResourceActionUpdate))
	}
	return resource.ConfigPlanChecks{PreApply: checks}
}

var resubscribeAddresses = []string{"cinnox_inquiry_event_subscription.test", "cinnox_call_event_subscription.test",
	"cinnox_inbound_sms_event_subscription.test"}

// TestAccResubscribe_healsWhatChangedBehindTerraform: after the drift a plan
// without the setting is empty and sends nothing; with resubscribe = true
// each subscription is planned as an update and the apply sends one PATCH
// each, as configured (the paused one paused), no unsubscribe; without the
// setting again, the plan is empty.
func TestAccResubscribe_healsWhatChangedBehindTerraform(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: resubscribeConfig(env, "")},
			{
				// Nothing can tell the drift: no changes, no request.
				PreConfig:        func() { driftBehindTerraform(env) },
				Config:           resubscribeConfig(env, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{onMock(func() error {
					if n := len(env.patches()); n != 0 {
						return fmt.Errorf("a plan without resubscribe sent %d PATCH requests", n)
					}
					return nil
				})},
			},
			{
				Config:             resubscribeConfig(env, "resubscribe = true"),
				ConfigPlanChecks:   updates(resubscribeAddresses...),
				ConfigStateChecks:  []statecheck.StateCheck{sentAgain(env, resubscribed), mockAgrees{env}},
				ExpectNonEmptyPlan: true, // while the setting is on, every plan sends again
			},
			{
				Config:   resubscribeConfig(env, ""),
				PlanOnly: true,
			},
			{
				// Claims hold: a second address for the call subscription
				// is refused before anything is sent.
				PreConfig: env.mock.ResetRequests,
				Config: resubscribeConfig(env, "resubscribe = true") + fmt.Sprintf(`
resource "cinnox_call_event_subscription" "again" {
  app_id = "app-1"
  url    = %q
}
`, env.hook.URL+"/call"),
				ExpectError: wantError("Another resource holds this subscription", "Nothing was sent"),
			},
		},
	})
	if n := len(env.patches()); n != len(resubscribed) {
		// The final destroy's unsubscribes, one per subscription, and
		// nothing of the refused plan.
		t.Errorf("server got %d PATCH requests after the refused plan, want the destroy's %d", n, len(resubscribed))
	}
}

// TestAccResubscribe_fromTheEnvironment: CINNOX_RESUBSCRIBE=true does what
// the setting does; a value that is not true or false fails the plan
// naming the variable, before anything is sent.
func TestAccResubscribe_fromTheEnvironment(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: resubscribeConfig(env, "")},
			{
				PreConfig:   func() { t.Setenv(EnvResubscribe, "yes please"); env.mock.ResetRequests() },
				Config:      resubscribeConfig(env, ""),
				PlanOnly:    true,
				ExpectError: wantError(EnvResubscribe, `"yes please" must be true or false`),
			},
			{
				PreConfig: func() {
					t.Setenv(EnvResubscribe, "true")
					if n := len(env.patches()); n != 0 {
						t.Errorf("a plan that failed sent %d PATCH requests", n)
					}
					driftBehindTerraform(env)
				},
				Config:             resubscribeConfig(env, ""),
				ConfigPlanChecks:   updates(resubscribeAddresses...),
				ConfigStateChecks:  []statecheck.StateCheck{sentAgain(env, resubscribed)},
				ExpectNonEmptyPlan: true,
			},
			{
				PreConfig: func() { t.Setenv(EnvResubscribe, "false") },
				Config:    resubscribeConfig(env, ""),
				PlanOnly:  true,
			},
		},
	})
}

// TestAccResubscribe_writeOnlyURL: a url_wo subscription is sent again with
// the configured url_wo; its sealed copy, which opens under the current
// token, is kept.
func TestAccResubscribe_writeOnlyURL(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	if !writeOnlyOrRefused(t, env) {
		return
	}
	url := env.hook.URL + "/call?key=secret"
	cfg := func(setting string) string {
		return env.providerBlock(setting) + ephemeralURL + `
resource "cinnox_call_event_subscription" "test" {
  app_id = "app-1"
  url_wo = var.hook_url
}
`
	}
	call := eventTypeOfSegment("call")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg(""), ConfigVariables: hookURL(url)},
			{
				PreConfig: func() {
					env.mock.Seed(cinnoxmock.Subscription{AppID: "app-1", Event: "call", Enabled: false, URL: url})
					env.mock.ResetRequests()
				},
				Config: cfg("resubscribe = true"), ConfigVariables: hookURL(url),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("cinnox_call_event_subscription.test", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue("cinnox_call_event_subscription.test", tfjsonpath.New("url_wo_seal"), knownvalue.StringRegexp(sealedCopy)),
				}},
				ConfigStateChecks:  []statecheck.StateCheck{patchesSent(env, 1, "app-1", call, true, url), mockHolds(env, "app-1", call, true, url)},
				ExpectNonEmptyPlan: true,
			},
			{Config: cfg(""), ConfigVariables: hookURL(url), PlanOnly: true},
		},
	})
}

// TestAccResubscribe_targetAndOneWarning: with the setting on, the plan
// warns once for the run, with how many subscriptions it sends again (the
// CLI folds the identical warnings into one); -target narrows the updates
// to the one targeted, which alone is sent.
func TestAccResubscribe_targetAndOneWarning(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	c := newCLI(t, strings.Replace(resubscribeConfig(env, "resubscribe = var.resubscribe"), `provider "cinnox"`,
		"variable \"resubscribe\" {\n  type    = bool\n  default = false\n}\n\nprovider \"cinnox\"", 1))
	if out, err := c.run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	driftBehindTerraform(env)
	out, err := c.run("plan", "-input=false", "-no-color", "-detailed-exitcode")
	if err != nil || !strings.Contains(out, "No changes") {
		t.Fatalf("a plan without resubscribe: %v, want no changes:\n%s", err, out)
	}
	out, _ = c.run("plan", "-input=false", "-no-color", "-var", "resubscribe=true")
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`0 to add, 3 to change, 0 to destroy`),
		regexp.MustCompile(`(?s)Warning: Subscribing again: resubscribe is on.*and 2 more similar warnings`),
	} {
		if !want.MatchString(out) {
			t.Errorf("plan with resubscribe: want %q in:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "Warning: Subscribing again"); n != 1 {
		t.Errorf("plan with resubscribe shows the warning %d times, want once", n)
	}
	out, err = c.run("apply", "-auto-approve", "-input=false", "-no-color", "-var", "resubscribe=true",
		"-target", "cinnox_inquiry_event_subscription.test")
	if err != nil || !strings.Contains(out, "0 added, 1 changed, 0 destroyed") {
		t.Fatalf("targeted apply: %v, want one change:\n%s", err, out)
	}
	if err := sentAgain(env, map[string]bool{"inquiry": true})(); err != nil {
		t.Error(err)
	}
	if sub, _ := env.mock.Subscription("app-1", "call"); sub.URL != "https://elsewhere.example.com/hook" {
		t.Errorf("the call subscription, not targeted, was sent: the server holds %q", sub.URL)
	}
}

// TestAccResubscribe_savedPlan: a saved plan made with CINNOX_RESUBSCRIBE
// sends the subscriptions again when applied with it too; applied without
// it, Terraform plans each resource again at apply, finds nothing to do
// and reports 0 changed, as the guide says.
func TestAccResubscribe_savedPlan(t *testing.T) {
	for _, atApply := range []string{"true", ""} {
		t.Run("CINNOX_RESUBSCRIBE="+atApply+" at apply", func(t *testing.T) {
			env := newTestEnv(t, cinnoxmock.Options{})
			c := newCLI(t, resubscribeConfig(env, ""))
			if out, err := c.run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
				t.Fatalf("apply: %v\n%s", err, out)
			}
			driftBehindTerraform(env)
			t.Setenv(EnvResubscribe, "true") // the provider is served in this process
			if out, err := c.run("plan", "-input=false", "-no-color", "-out", "heal.tfplan"); err != nil || !strings.Contains(out, "3 to change") {
				t.Fatalf("plan: %v, want 3 to change:\n%s", err, out)
			}
			t.Setenv(EnvResubscribe, atApply)
			out, err := c.run("apply", "-input=false", "-no-color", "heal.tfplan")
			if err != nil {
				t.Fatalf("apply of the saved plan: %v\n%s", err, out)
			}
			if atApply == "" {
				if !strings.Contains(out, "0 changed") || len(env.patches()) != 0 {
					t.Errorf("applied without the setting: want 0 changed and no request, got %d requests:\n%s", len(env.patches()), out)
				}
				return
			}
			if err := sentAgain(env, resubscribed)(); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestAccResubscribe_afterADestroyKilledOutright: Terraform killed (SIGKILL)
// while a destroy's unsubscribes are in flight saves nothing, so the next
// plan says no changes though CINNOX switched the subscriptions off; an
// apply with resubscribe subscribes them again.
func TestAccResubscribe_afterADestroyKilledOutright(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	c := newCLI(t, resubscribeConfig(env, ""))
	if out, err := c.run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	env.mock.SetDelay(2 * time.Second) // each unsubscribe takes effect, its answer comes later
	before := env.mock.Arrived()
	c.signal = syscall.SIGKILL
	if _, err := c.runUntil(func() bool { return env.mock.Arrived() >= before+3 }, "destroy", "-auto-approve", "-input=false", "-no-color"); err == nil {
		t.Fatal("the killed destroy exited 0")
	}
	env.mock.SetDelay(0)
	time.Sleep(2500 * time.Millisecond) // the provider's requests (served in this process) end
	if on := enabledOnMock(env); len(on) != 0 {
		t.Fatalf("after the killed destroy CINNOX holds %v on, want all off", on)
	}
	env.mock.ResetRequests()
	for _, args := range [][]string{{"plan", "-detailed-exitcode"}, {"plan", "-refresh-only", "-detailed-exitcode"}} {
		if out, err := c.run(append(args, "-input=false", "-no-color")...); err != nil || !strings.Contains(out, "No changes") {
			t.Fatalf("%v: %v, want no changes (nothing can read CINNOX):\n%s", args, err, out)
		}
	}
	t.Setenv(EnvResubscribe, "true")
	if out, err := c.run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil || !strings.Contains(out, "0 added, 3 changed, 0 destroyed") {
		t.Fatalf("apply with resubscribe: %v, want 3 changed:\n%s", err, out)
	}
	if err := sentAgain(env, resubscribed)(); err != nil {
		t.Error(err)
	}
}

// TestAccResubscribe_pacedAsAnyApply: sending 48 subscriptions again against
// a server that allows 20 requests in any second, with the provider set to
// match, is paced as their create was: one request each, and the server's
// limit is not run into (the pacing is the client's, the same for every
// request).
func TestAccResubscribe_pacedAsAnyApply(t *testing.T) {
	const apps, limit, window = 12, 20, time.Second
	env := newTestEnv(t, cinnoxmock.Options{RateLimit: cinnoxmock.RateLimit{Requests: limit, Window: window}})
	paced := fmt.Sprintf("requests_per_minute = %d", limit)
	resubscribePaced := onMock(func() error {
		limited := countRequests(env, func(r cinnoxmock.Request) bool { return r.Code == cinnoxmock.CodeTooManyRequests })
		if sent := len(env.patches()) - limited; sent != apps*len(eventTypes) {
			return fmt.Errorf("server accepted %d requests in the resubscribe, want %d: one per subscription", sent, apps*len(eventTypes))
		}
		if limited > 2 {
			return fmt.Errorf("server answered 6451010 %d times; the resubscribe was not paced", limited)
		}
		return nil
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: compressedTimeFactories(window),
		Steps: []resource.TestStep{
			{Config: manySubscriptions(env, apps, paced)},
			{
				// A new run, a new limiter: let the server's window pass.
				PreConfig:          func() { time.Sleep(window); env.mock.ResetRequests() },
				Config:             manySubscriptions(env, apps, paced, "resubscribe = true"),
				ConfigStateChecks:  []statecheck.StateCheck{mockHoldsAll(env, apps, true), resubscribePaced},
				ExpectNonEmptyPlan: true,
			},
			{
				PreConfig: func() { time.Sleep(window) },
				Config:    manySubscriptions(env, apps, paced),
				PlanOnly:  true,
			},
		},
	})
}
