package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
)

func subscriptionConfig(env *testEnv, et eventType, appID, url string) string {
	return env.providerBlock() + fmt.Sprintf(`
resource "cinnox_%s_event_subscription" "test" {
  app_id = %q
  url    = %q
}
`, et.Name, appID, url)
}

// onMock is a statecheck.StateCheck of what the mock CINNOX server holds,
// or was sent, beside what state says; checkDestroy makes it a
// CheckDestroy.
type onMock func() error

func (f onMock) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f()
}

func (f onMock) checkDestroy(*terraform.State) error { return f() }

// mockHolds asserts what the mock CINNOX server holds for one subscription.
func mockHolds(env *testEnv, appID string, et eventType, enabled bool, url string) onMock {
	return func() error {
		sub, ok := env.mock.Subscription(appID, et.Segment)
		if !ok {
			return fmt.Errorf("server has no %s subscription for app %q", et.Segment, appID)
		}
		if sub.Enabled != enabled || sub.URL != url {
			return fmt.Errorf("server has %s subscription of app %q enabled=%v url=%q, want enabled=%v url=%q",
				et.Segment, appID, sub.Enabled, sub.URL, enabled, url)
		}
		return nil
	}
}

// patchesSent asserts how many PATCH requests the server has received, and
// that the last one was exactly the documented request.
func patchesSent(env *testEnv, n int, appID string, et eventType, enabled bool, url string) onMock {
	return func() error {
		patches := env.patches()
		if len(patches) != n {
			return fmt.Errorf("server got %d PATCH requests, want %d", len(patches), n)
		}
		last := patches[n-1]
		return checkRequest(last, appID, et, enabled, url)
	}
}

func checkRequest(r cinnoxmock.Request, appID string, et eventType, enabled bool, url string) error {
	if want := "/v1/api/apps/" + appID + "/" + et.Segment + "-event-sub"; r.Path != want {
		return fmt.Errorf("PATCH path %q, want %q", r.Path, want)
	}
	if !r.Authorized {
		return fmt.Errorf("PATCH %s was not authorized with the bearer token", r.Path)
	}
	for header, want := range map[string]string{"Content-Type": "application/json", "Accept": "application/json"} {
		if got := r.Header.Get(header); got != want {
			return fmt.Errorf("PATCH %s header %s = %q, want %q", r.Path, header, got, want)
		}
	}
	if ua := r.Header.Get("User-Agent"); !strings.HasPrefix(ua, "terraform-provider-cinnox/test ") || !strings.Contains(ua, "Terraform/") {
		return fmt.Errorf("PATCH %s User-Agent %q does not name the provider, its version and Terraform", r.Path, ua)
	}
	wantBody, _ := json.Marshal(map[string]any{"enabled": enabled, "url": url})
	if r.Body != string(wantBody) {
		return fmt.Errorf("PATCH %s body %s, want %s", r.Path, r.Body, wantBody)
	}
	if r.Status != 200 {
		return fmt.Errorf("PATCH %s answered %d (%s)", r.Path, r.Status, r.Note)
	}
	return nil
}

// TestAccSubscription_lifecycle runs every event type through create,
// an empty re-plan, an in-place url change, import with the CLI and with an
// import block, a change of app, and destroy.
func TestAccSubscription_lifecycle(t *testing.T) {
	for _, et := range eventTypes {
		t.Run(et.Name, func(t *testing.T) {
			env := newTestEnv(t, cinnoxmock.Options{})
			address := "cinnox_" + et.Name + "_event_subscription.test"
			urlA := env.hook.URL + "/cinnox/a"
			urlB := env.hook.URL + "/cinnox/b"

			updatedAt := statecheck.ExpectKnownValue(address, tfjsonpath.New("updated_at"), knownvalue.StringRegexp(
				regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$`)))
			if !et.ReturnsUpdatedAt {
				updatedAt = statecheck.ExpectKnownValue(address, tfjsonpath.New("updated_at"), knownvalue.Null())
			}

			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				CheckDestroy:             mockHolds(env, "app-2", et, false, urlB).checkDestroy,
				Steps: []resource.TestStep{
					{
						Config: subscriptionConfig(env, et, "app-1", urlA),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate)},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringExact("app-1")),
							statecheck.ExpectKnownValue(address, tfjsonpath.New("app_id"), knownvalue.StringExact("app-1")),
							statecheck.ExpectKnownValue(address, tfjsonpath.New("url"), knownvalue.StringExact(urlA)),
							statecheck.ExpectKnownValue(address, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
							updatedAt,
							mockHolds(env, "app-1", et, true, urlA),
							patchesSent(env, 1, "app-1", et, true, urlA),
						},
					},
					{
						// Plan and refresh of an applied configuration send
						// nothing and show no changes.
						Config:             subscriptionConfig(env, et, "app-1", urlA),
						PlanOnly:           true,
						ExpectNonEmptyPlan: false,
					},
					{
						Config: subscriptionConfig(env, et, "app-1", urlB),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(address, tfjsonpath.New("url"), knownvalue.StringExact(urlB)),
							statecheck.ExpectKnownValue(address, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
							updatedAt,
							mockHolds(env, "app-1", et, true, urlB),
							// One more PATCH: none was sent by the plans before.
							patchesSent(env, 2, "app-1", et, true, urlB),
						},
					},
					{
						ResourceName:      address,
						ImportState:       true,
						ImportStateId:     "app-1",
						ImportStateVerify: true,
						// The API has no read call: an import knows the app only.
						ImportStateVerifyIgnore: []string{"url", "enabled", "updated_at"},
					},
					{
						ResourceName:       address,
						ImportState:        true,
						ImportStateKind:    resource.ImportBlockWithID,
						ImportStateId:      "app-1",
						ExpectNonEmptyPlan: true,
						ImportPlanChecks: resource.ImportPlanChecks{
							PreApply: []plancheck.PlanCheck{
								// The next apply re-asserts the configured url.
								plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
								plancheck.ExpectKnownValue(address, tfjsonpath.New("app_id"), knownvalue.StringExact("app-1")),
							},
						},
					},
					{
						Config: subscriptionConfig(env, et, "app-2", urlB),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionDestroyBeforeCreate)},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringExact("app-2")),
							mockHolds(env, "app-1", et, false, urlB),
							mockHolds(env, "app-2", et, true, urlB),
							// Unsubscribed app-1, then subscribed app-2.
							patchesSent(env, 4, "app-2", et, true, urlB),
						},
					},
				},
			})
		})
	}
}

// TestAccSubscription_importBlockThenApply imports existing subscriptions of
// every event type with import blocks; the apply re-asserts each configured
// url with exactly one PATCH, and the next plan is empty.
func TestAccSubscription_importBlockThenApply(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	url := env.hook.URL + "/imported"
	config := env.providerBlock()
	var checks []statecheck.StateCheck
	for _, et := range eventTypes {
		env.mock.Seed(cinnoxmock.Subscription{AppID: "app-9", Event: et.Segment, Enabled: true, URL: "https://old.example.com/hook"})
		address := "cinnox_" + et.Name + "_event_subscription.imported"
		config += fmt.Sprintf(`
import {
  to = %[1]s
  id = "app-9"
}

resource "cinnox_%[2]s_event_subscription" "imported" {
  app_id = "app-9"
  url    = %[3]q
}
`, address, et.Name, url)
		checks = append(checks,
			statecheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringExact("app-9")),
			statecheck.ExpectKnownValue(address, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
			mockHolds(env, "app-9", et, true, url))
	}
	checks = append(checks, onMock(func() error {
		patches := env.patches()
		if len(patches) != len(eventTypes) {
			return fmt.Errorf("server got %d PATCH requests, want one per resource (%d)", len(patches), len(eventTypes))
		}
		return nil
	}), mockAgrees{env})

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("cinnox_call_event_subscription.imported", plancheck.ResourceActionUpdate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: checks,
			},
		},
	})
}

// TestAccSubscription_planTimeValidation: bad input is refused at plan time
// with an error that says what is accepted, and nothing is sent.
func TestAccSubscription_planTimeValidation(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	p := env.providerBlock()
	step := func(config string, wantErr *regexp.Regexp) resource.TestStep {
		return resource.TestStep{Config: config, PlanOnly: true, ExpectError: wantErr}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(callConfig(p, `app_id = "app-1"
  url = "hooks.example.com/cinnox"`), wantError("Invalid webhook URL", `url "hooks.example.com/…" must start with https:// (or http://)`, "Set url to the absolute")),
			step(callConfig(p, `app_id = "app-1"
  url = "ftp://hooks.example.com/cinnox"`), wantError("Invalid webhook URL", `"ftp://hooks.example.com/…" must start with https://`)),
			step(callConfig(p, `app_id = "app-1"
  url = "https:///cinnox"`), wantError("Invalid webhook URL", `"https:///…" has no host`)),
			step(callConfig(p, `app_id = ""
  url = "https://hooks.example.com/cinnox"`), wantError("Empty CINNOX app ID", "app_id on this cinnox_call_event_subscription resource is empty", "or remove it to use the provider's app_id")),
			step(callConfig(p, `url = "https://hooks.example.com/cinnox"`), wantError("Missing CINNOX app ID", `Set app_id on this cinnox_call_event_subscription resource, or app_id in the provider "cinnox" block (or the CINNOX_APP_ID environment variable)`)),
		},
	})
	assertNoPatches(t, env)
}

// TestAccSubscription_wrongToken: CINNOX's refusal reaches the user with the
// status, code and message and what to do, and nothing is saved in state.
func TestAccSubscription_wrongToken(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	url := env.hook.URL + "/hook"
	res := fmt.Sprintf("app_id = \"app-1\"\n  url = %q", url)
	wrong := fmt.Sprintf(`provider "cinnox" {
  base_url  = %q
  app_token = "not-the-token-8d1e"
}`, env.api.URL)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      callConfig(wrong, res),
				ExpectError: wantError(`Cannot subscribe call events of CINNOX app "app-1"`, "HTTP 401, code 6451000: Unauthorized.", "Check app_token (or CINNOX_APP_TOKEN)"),
			},
			{
				// Nothing was saved: the resource is created, not updated.
				Config: callConfig(env.providerBlock(), res),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("cinnox_call_event_subscription.test", plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{mockHolds(env, "app-1", eventTypes[1], true, url)},
			},
		},
	})
}

// TestAccSubscription_failedChallenge: a webhook that does not answer the
// CINNOX challenge fails the apply with CINNOX's answer and an explanation of
// what the endpoint must answer, whether CINNOX refuses with HTTP 400 or
// answers 200 with enabled = false. Nothing is saved in state.
func TestAccSubscription_failedChallenge(t *testing.T) {
	for name, tc := range map[string]struct {
		opts    cinnoxmock.Options
		wantErr *regexp.Regexp
	}{
		"http 400": {
			opts: cinnoxmock.Options{},
			wantErr: wantError(`Cannot subscribe call events of CINNOX app "app-1"`, "/v1/api/apps/app-1/call-event-sub answered HTTP 400, code 6451000: Webhook URL verification failed.",
				"A check from where Terraform runs found:", `echoed "not-the-one-sent"`, `{"code":0,"result":{"challenge":"<the same string>"}}`, "CINNOX made no change", "Fix the endpoint"),
		},
		"enabled false": {
			opts: cinnoxmock.Options{RejectAsDisabled: true},
			wantErr: wantError(`Cannot subscribe call events of CINNOX app "app-1"`, "HTTP 200: CINNOX answered that the subscription is not enabled",
				"A check from where Terraform runs found:", `{"code":0,"result":{"challenge":"<the same string>"}}`, "Fix the endpoint"),
		},
	} {
		t.Run(name, func(t *testing.T) {
			env := newTestEnv(t, tc.opts)
			bad := fmt.Sprintf("app_id = \"app-1\"\n  url = %q", env.badHook.URL+"/hook")
			good := fmt.Sprintf("app_id = \"app-1\"\n  url = %q", env.hook.URL+"/hook")
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config:      callConfig(env.providerBlock(), bad),
						ExpectError: tc.wantErr,
					},
					{
						Config: callConfig(env.providerBlock(), good),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("cinnox_call_event_subscription.test", plancheck.ResourceActionCreate)},
						},
						ConfigStateChecks: []statecheck.StateCheck{mockHolds(env, "app-1", eventTypes[1], true, env.hook.URL+"/hook")},
					},
				},
			})
		})
	}
}

// TestAccSubscription_pauseAndResume: enabled = false pauses a subscription
// (a PATCH with enabled false, no challenge), true resumes it (with the
// challenge), and destroy unsubscribes.
func TestAccSubscription_pauseAndResume(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	receiver := &cinnoxmock.Receiver{}
	hook := httptest.NewServer(receiver)
	defer hook.Close()
	url := hook.URL + "/hook"
	address := "cinnox_call_event_subscription.test"
	config := func(enabled string) string {
		return callConfig(env.providerBlock(), fmt.Sprintf("app_id = \"app-1\"\n  url = %q\n  %s", url, enabled))
	}
	challenges := func(want int) onMock {
		return func() error {
			if got := receiver.Challenges(); got != want {
				return fmt.Errorf("the webhook answered %d challenges, want %d", got, want)
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             mockHolds(env, "app-1", eventTypes[1], false, url).checkDestroy,
		Steps: []resource.TestStep{
			{
				Config: config(""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
					mockHolds(env, "app-1", eventTypes[1], true, url),
					challenges(1),
				},
			},
			{
				Config: config("enabled = false"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("enabled"), knownvalue.Bool(false)),
					mockHolds(env, "app-1", eventTypes[1], false, url),
					patchesSent(env, 2, "app-1", eventTypes[1], false, url),
					challenges(1),
				},
			},
			{
				Config: config("enabled = true"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
					mockHolds(env, "app-1", eventTypes[1], true, url),
					patchesSent(env, 3, "app-1", eventTypes[1], true, url),
					challenges(2),
				},
			},
		},
	})
}

// TestAccSubscription_generateConfig: an import block with
// -generate-config-out writes a resource block for the imported
// subscription. The API cannot read the url back, so the generated block
// has url = null (and url_wo), one of which the user must fill in: the
// plan says so.
func TestAccSubscription_generateConfig(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.providerBlock(),
			ResourceName:    "cinnox_call_event_subscription.imported",
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithID,
			ImportStateId:   "app-1",
			GenerateConfig:  true,
			ExpectError: wantError("Missing Attribute Configuration", "with cinnox_call_event_subscription.imported,",
				"on generated.tf line"),
		}},
	})
}
