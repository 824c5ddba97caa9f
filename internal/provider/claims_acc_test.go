package provider

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
)

// CINNOX holds one subscription per app and event type. These tests change
// which Terraform address owns a subscription (a rename, a re-keyed
// for_each) without a moved block, so that Terraform destroys the old
// address and creates the new one in parallel, against a mock that holds
// every unsubscribe before it takes effect: without the provider's
// ordering, the unsubscribe of the old address lands after the subscribe
// of the new one and leaves the webhook off while state says it is on.

// holdUnsubscribe is how long the mock holds each unsubscribe before it
// takes effect: far longer than a subscribe takes, so that an unsubscribe
// and a subscribe of the same subscription sent together land in the wrong
// order. No test asserts a duration.
const holdUnsubscribe = 300 * time.Millisecond

// renamedSubscriptions configures an inquiry subscription on app-0 …
// app-(n-1), named prefix0 … prefix(n-1).
func renamedSubscriptions(env *testEnv, n int, prefix string) string {
	config := env.providerBlock()
	for i := range n {
		config += fmt.Sprintf(`
resource "cinnox_inquiry_event_subscription" "%s%d" {
  app_id = "app-%d"
  url    = "%s/inquiry/%d"
}
`, prefix, i, i, env.hook.URL, i)
	}
	return config
}

// rekeyedSubscriptions configures an inquiry subscription on app-0 …
// app-(n-1) with for_each, keyed prefix0 … prefix(n-1).
func rekeyedSubscriptions(env *testEnv, n int, prefix string) string {
	var keys []string
	for i := range n {
		keys = append(keys, fmt.Sprintf("%s%d = \"app-%d\"", prefix, i, i))
	}
	return env.providerBlock() + fmt.Sprintf(`
resource "cinnox_inquiry_event_subscription" "by_key" {
  for_each = { %s }
  app_id   = each.value
  url      = "%s/inquiry/${trimprefix(each.value, "app-")}"
}
`, strings.Join(keys, ", "), env.hook.URL)
}

// servedProvider serves one provider per Terraform command, as
// protoV6ProviderFactories does, and keeps them all, to read what their
// claims saw.
type servedProvider struct {
	mu        sync.Mutex
	providers []*cinnoxProvider
}

func (s *servedProvider) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){"cinnox": func() (tfprotov6.ProviderServer, error) {
		p := &cinnoxProvider{version: "test"}
		s.mu.Lock()
		s.providers = append(s.providers, p)
		s.mu.Unlock()
		return providerserver.NewProtocol6WithError(p)()
	}}
}

// contention is what the providers' walks recorded of the race: how many
// requests they held back for another request of the same subscription,
// and how many unsubscribes they did not send because a subscribe of the
// same subscription had succeeded first.
func (s *servedProvider) contention() raceRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	var r raceRecord
	for _, p := range s.providers {
		one := recordOf(p)
		r.waited += one.waited
		r.overtaken += one.overtaken
	}
	return r
}

// raceRecord is what a provider recorded of a rename's race.
type raceRecord struct{ waited, overtaken int }

// recordOf returns what p's last walk recorded; nothing if p was never
// configured.
func recordOf(p *cinnoxProvider) raceRecord {
	data := p.data.Load()
	if data == nil {
		return raceRecord{}
	}
	waited, overtaken := data.claims.contention()
	return raceRecord{waited, overtaken}
}

// checkRaceExercised fails the test unless the last apply had the timing
// that makes the race happen, a subscribe and an unsubscribe of the same
// subscription in the same moment or in the wrong order: the provider held
// one back for the other, or did not send an unsubscribe because the
// subscribe had succeeded first (both from its own record), or a subscribe
// arrived at the mock while another subscription's unsubscribe was held
// there. And no subscribe of a subscription arrived while an unsubscribe of
// the same one was still in flight (the provider orders them).
//
// With more requests than Terraform's parallelism and every unsubscribe
// held, each schedule is one of these: either a subscribe starts while the
// first unsubscribes are held, or the unsubscribes fill every slot, and the
// subscribes that take the slots they free overtake the unsubscribes still
// waiting for one.
func checkRaceExercised(t *testing.T, env *testEnv, since int, record raceRecord) {
	t.Helper()
	requests := env.mock.Requests()[since:]
	var unsubs, subs []cinnoxmock.Request
	for _, r := range requests {
		if r.Method != http.MethodPatch {
			continue
		}
		if strings.Contains(r.Body, `"enabled":false`) {
			unsubs = append(unsubs, r)
		} else {
			subs = append(subs, r)
		}
	}
	overlapped, sameSubscription := 0, 0
	for _, u := range unsubs {
		for _, s := range subs {
			if s.Arrived.After(u.Arrived) && s.Arrived.Before(u.Answered) {
				overlapped++
				if s.AppID == u.AppID && s.Event == u.Event {
					sameSubscription++
				}
			}
		}
	}
	t.Logf("%d unsubscribes and %d subscribes; %d requests held back for another of the same subscription; "+
		"%d unsubscribes not sent, a subscribe of the same subscription having succeeded first; %d subscribes "+
		"arrived while an unsubscribe was held, %d of them for the same subscription",
		len(unsubs), len(subs), record.waited, record.overtaken, overlapped, sameSubscription)
	if overlapped == 0 && record.waited == 0 && record.overtaken == 0 {
		t.Error("no request was held back, no unsubscribe overtaken, no subscribe sent while an unsubscribe was held: " +
			"the apply did not run the two halves of a move together, so it proves nothing")
	}
	if sameSubscription != 0 {
		t.Errorf("%d subscribes arrived while an unsubscribe of the same subscription was in flight", sameSubscription)
	}
}

// testMoveWithoutMovedBlock applies configure("from") (n subscriptions),
// then configure("to"): the same subscriptions at other addresses, with the
// mock holding every unsubscribe. Every one ends enabled, state says so,
// the race was exercised, and the next plan is empty; then configure's
// provider block alone removes them all (the test harness's own destroy
// reads state through a legacy shim without for_each).
func testMoveWithoutMovedBlock(t *testing.T, env *testEnv, n int, configure func(prefix string) string, checks ...plancheck.PlanCheck) {
	t.Helper()
	var before int
	served := &servedProvider{}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: served.factories(),
		Steps: []resource.TestStep{
			{
				Config:            configure("from"),
				ConfigStateChecks: []statecheck.StateCheck{mockAgrees{env}, mockEnabled{env, n}},
			},
			{
				PreConfig: func() {
					env.mock.SetHoldUnsubscribe(holdUnsubscribe)
					before = len(env.mock.Requests())
				},
				Config:            configure("to"),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: checks},
				ConfigStateChecks: []statecheck.StateCheck{mockAgrees{env}, mockEnabled{env, n}},
			},
			{
				PreConfig:        func() { checkRaceExercised(t, env, before, served.contention()) },
				Config:           configure("to"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config:            env.providerBlock(),
				ConfigStateChecks: []statecheck.StateCheck{mockEnabled{env, 0}},
			},
		},
	})
}

// TestAccClaims_renameWithoutMovedBlock renames 15 subscriptions (destroy
// the old address, create the new one, in parallel): more unsubscribes than
// Terraform's 10 parallel operations, so that the race happens in every
// schedule. With 10, Terraform 1.5.7 at times ran the 10 unsubscribes
// together, held alike, and every subscribe after them, which exercised
// nothing.
func TestAccClaims_renameWithoutMovedBlock(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	testMoveWithoutMovedBlock(t, env, 15, func(prefix string) string { return renamedSubscriptions(env, 15, prefix+"_") },
		plancheck.ExpectResourceAction("cinnox_inquiry_event_subscription.from_0", plancheck.ResourceActionDestroy),
		plancheck.ExpectResourceAction("cinnox_inquiry_event_subscription.to_0", plancheck.ResourceActionCreate))
}

// TestAccClaims_rekeyedForEach re-keys a for_each of 15 subscriptions.
func TestAccClaims_rekeyedForEach(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	testMoveWithoutMovedBlock(t, env, 15, func(prefix string) string { return rekeyedSubscriptions(env, 15, prefix) },
		plancheck.ExpectResourceAction(`cinnox_inquiry_event_subscription.by_key["from0"]`, plancheck.ResourceActionDestroy),
		plancheck.ExpectResourceAction(`cinnox_inquiry_event_subscription.by_key["to0"]`, plancheck.ResourceActionCreate))
}

// TestAccClaims_duplicates: two resources of one configuration that claim
// the same app and event fail at plan time, naming both, and nothing is
// sent; the same app with another event, and the same event on another app,
// plan as usual.
func TestAccClaims_duplicates(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	resourceBlock := func(typ, name, appID string) string {
		appLine := ""
		if appID != "" {
			appLine = fmt.Sprintf("app_id = %q", appID)
		}
		return fmt.Sprintf(`
resource "cinnox_%s_event_subscription" %q {
  %s
  url = "%s/%s"
}
`, typ, name, appLine, env.hook.URL, name)
	}
	duplicate := wantError("Another resource holds this subscription",
		`Two cinnox_inquiry_event_subscription resources in this configuration manage the enquiry subscription of CINNOX app "app-1"`,
		"Nothing was sent")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      env.providerBlock() + resourceBlock("inquiry", "a", "app-1") + resourceBlock("inquiry", "b", "app-1"),
				ExpectError: duplicate,
			},
			{
				// One takes the provider's app_id, one names the same value.
				Config:      env.providerBlock(`app_id = "app-1"`) + resourceBlock("inquiry", "a", "") + resourceBlock("inquiry", "b", "app-1"),
				ExpectError: duplicate,
			},
			{
				PreConfig: func() { assertNoPatches(t, env) },
				Config: env.providerBlock(`app_id = "app-1"`) + resourceBlock("inquiry", "a", "") + resourceBlock("call", "b", "app-1") +
					resourceBlock("inquiry", "c", "app-2"),
				ConfigStateChecks: []statecheck.StateCheck{mockAgrees{env}, mockEnabled{env, 3}},
			},
		},
	})
}

// TestAccClaims_duplicatesKnownOnlyAtApply: two resources whose app_id
// becomes known during the apply, and is the same: the second fails before
// its request is sent, and state and CINNOX agree.
func TestAccClaims_duplicatesKnownOnlyAtApply(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	one := env.providerBlock() + fmt.Sprintf(`
resource "terraform_data" "app" {
  input = "app-1"
}

resource "cinnox_inquiry_event_subscription" "a" {
  app_id = terraform_data.app.output
  url    = "%s/a"
}
`, env.hook.URL)
	config := one + fmt.Sprintf(`
resource "cinnox_inquiry_event_subscription" "b" {
  app_id = terraform_data.app.output
  url    = "%s/b"
}
`, env.hook.URL)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ExpectError: wantError("Another resource holds this subscription",
					`manage the enquiry subscription of CINNOX app "app-1"`),
			},
			{
				PreConfig: func() {
					if n := len(env.patches()); n != 1 {
						t.Errorf("server got %d PATCH requests, want 1 (the first claimant's)", n)
					}
				},
				Config:            one,
				ConfigStateChecks: []statecheck.StateCheck{mockAgrees{env}, mockEnabled{env, 1}},
			},
		},
	})
}

// TestAccClaims_oddAppIDs: an App ID a request path would not carry intact
// is refused by terraform validate (in the configuration) and by import,
// naming app_id or saying what an import ID is; nothing is sent or saved.
func TestAccClaims_oddAppIDs(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	p := env.providerBlock()
	config := func(appID string) string {
		return callConfig(p, fmt.Sprintf("app_id = %q\n  url = %q", appID, env.hook.URL+"/x"))
	}
	steps := []resource.TestStep{}
	for _, id := range []string{".", ".."} {
		steps = append(steps, resource.TestStep{
			Config: config(id), PlanOnly: true,
			ExpectError: wantError("Invalid CINNOX app ID", fmt.Sprintf("app_id %q is a dot-segment", id), "Set it to the App ID"),
		})
	}
	steps = append(steps,
		resource.TestStep{
			Config: config("app/call-event-sub"), PlanOnly: true,
			ExpectError: wantError("Invalid CINNOX app ID", `app_id "app/call-event-sub" contains a slash`),
		},
		resource.TestStep{
			Config: env.providerBlock(`app_id = ".."`) + `
resource "cinnox_call_event_subscription" "test" {
  url = "` + env.hook.URL + `/x"
}
`, PlanOnly: true,
			ExpectError: wantError("Invalid CINNOX app ID", `app_id ".." is a dot-segment`),
		},
		resource.TestStep{
			Config:        config("app-1"),
			ResourceName:  "cinnox_call_event_subscription.test",
			ImportState:   true,
			ImportStateId: "app-1/call-event-sub",
			ExpectError: wantError("Invalid import ID", `The import ID "app-1/call-event-sub" contains a slash`,
				"The import ID of a cinnox_call_event_subscription is the App ID of its app alone", "Nothing was imported"),
		},
		resource.TestStep{
			Config:        config("app-1"),
			ResourceName:  "cinnox_call_event_subscription.test",
			ImportState:   true,
			ImportStateId: "..",
			ExpectError:   wantError("Invalid import ID", `The import ID ".." is a dot-segment`),
		},
	)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps:                    steps,
	})
	assertNoPatches(t, env)
}

// TestAccClaims_movedBlock: a rename with a moved block sends nothing.
func TestAccClaims_movedBlock(t *testing.T) {
	const n = 3
	env := newTestEnv(t, cinnoxmock.Options{})
	moved := ""
	for i := range n {
		moved += fmt.Sprintf("\nmoved {\n  from = cinnox_inquiry_event_subscription.old_%d\n  to   = cinnox_inquiry_event_subscription.new_%d\n}\n", i, i)
	}
	var before int
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: renamedSubscriptions(env, n, "old_")},
			{
				PreConfig: func() { before = len(env.patches()) },
				Config:    renamedSubscriptions(env, n, "new_") + moved,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("cinnox_inquiry_event_subscription.new_0", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{mockAgrees{env}, mockEnabled{env, n}},
			},
			{
				PreConfig: func() {
					if sent := len(env.patches()) - before; sent != 0 {
						t.Errorf("the moved blocks sent %d requests, want none", sent)
					}
				},
				Config: renamedSubscriptions(env, n, "new_") + moved,
			},
		},
	})
}

// TestAccClaims_renameToRefusedWebhook: a rename whose new address's
// subscribe fails still unsubscribes the old address, so that CINNOX and
// state agree: nothing enabled, nothing in state.
func TestAccClaims_renameToRefusedWebhook(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	config := func(name, url string) string {
		return env.providerBlock(`webhook_ready_timeout = "0s"`) + fmt.Sprintf(`
resource "cinnox_call_event_subscription" %q {
  app_id = "app-1"
  url    = %q
}
`, name, url)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config("old", env.hook.URL+"/old")},
			{
				PreConfig:   func() { env.mock.SetHoldUnsubscribe(holdUnsubscribe) },
				Config:      config("new", env.badHook.URL+"/new"),
				ExpectError: wantError("Cannot subscribe call events of CINNOX app \"app-1\""),
			},
			{
				PreConfig: func() {
					var resp statecheck.CheckStateResponse
					mockEnabled{env, 0}.CheckState(context.Background(), statecheck.CheckStateRequest{}, &resp)
					if resp.Error != nil {
						t.Errorf("after the failed rename: %v", resp.Error)
					}
				},
				Config:            config("new", env.hook.URL+"/new"),
				ConfigStateChecks: []statecheck.StateCheck{mockAgrees{env}, mockEnabled{env, 1}},
			},
		},
	})
}

// TestAccClaims_renameWithPlainApply renames as
// TestAccClaims_renameWithoutMovedBlock does, with a plain terraform apply
// (no saved plan: the test harness always saves one), whose plan and apply
// walks each configure the provider (the apply walk last).
func TestAccClaims_renameWithPlainApply(t *testing.T) {
	const n = 10
	env := newTestEnv(t, cinnoxmock.Options{})
	p := &cinnoxProvider{version: "test"}
	c := newCLIServing(t, renamedSubscriptions(env, n, "old_"), p)
	if out, err := c.run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	env.mock.SetHoldUnsubscribe(holdUnsubscribe)
	before := len(env.mock.Requests())
	if err := writeConfig(c, renamedSubscriptions(env, n, "new_")); err != nil {
		t.Fatal(err)
	}
	out, err := c.run("apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=20")
	if err != nil {
		t.Fatalf("apply of the rename: %v\n%s", err, out)
	}
	record := recordOf(p)
	if !wantError("Warning: Subscription changes address", "A moved block makes the same change").MatchString(out) {
		t.Errorf("the rename's plan does not warn that the subscriptions change address:\n%s", out)
	}
	checkRaceExercised(t, env, before, record)
	if enabled := checkAgreement(t, env, c); enabled != n {
		t.Errorf("%d subscriptions enabled after the rename, want %d", enabled, n)
	}
	if out, err := c.run("plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil {
		t.Errorf("the plan after the rename is not empty (%v):\n%s", err, out)
	}
}

// TestAccClaims_replaceCreateBeforeDestroy: a subscription replaced with
// create_before_destroy (tainted here) subscribes its new object, then
// destroys the old one at the same app and event: the old one's
// unsubscribe must not undo the new one's subscribe.
func TestAccClaims_replaceCreateBeforeDestroy(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	config := env.providerBlock() + fmt.Sprintf(`
resource "cinnox_call_event_subscription" "test" {
  app_id = "app-1"
  url    = %q

  lifecycle {
    create_before_destroy = true
  }
}
`, env.hook.URL+"/calls")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				Config: config,
				Taint:  []string{"cinnox_call_event_subscription.test"},
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("cinnox_call_event_subscription.test", plancheck.ResourceActionCreateBeforeDestroy),
				}},
				ConfigStateChecks: []statecheck.StateCheck{mockAgrees{env}, mockEnabled{env, 1}},
			},
		},
	})
}
