package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
)

// callConfig is a one-resource configuration under the given provider block.
func callConfig(providerBlock, resourceBody string) string {
	return providerBlock + fmt.Sprintf(`
resource "cinnox_call_event_subscription" "test" {
  %s
}
`, resourceBody)
}

// assertNoPatches fails the test if the mock saw any PATCH.
func assertNoPatches(t *testing.T, env *testEnv) {
	t.Helper()
	if n := len(env.patches()); n != 0 {
		t.Errorf("server got %d PATCH requests, want none", n)
	}
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

// TestAccProvider_configurationErrors: a missing or invalid provider setting
// names the attribute and its environment variable.
func TestAccProvider_configurationErrors(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	t.Setenv(EnvBaseURL, "")
	t.Setenv(EnvAppToken, "")
	t.Setenv(EnvAppID, "")
	res := `app_id = "app-1"
  url = "https://hooks.example.com/cinnox"`
	step := func(providerBlock string, wantErr *regexp.Regexp) resource.TestStep {
		return resource.TestStep{Config: callConfig(providerBlock, res), PlanOnly: true, ExpectError: wantErr}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(`provider "cinnox" {
  app_token = "x"
}`, wantError("Missing CINNOX base URL", `Set base_url in the provider "cinnox" block or the CINNOX_BASE_URL environment variable`)),
			step(fmt.Sprintf(`provider "cinnox" {
  base_url = %q
}`, env.api.URL), wantError("Missing CINNOX app token", `Set app_token in the provider "cinnox" block or the CINNOX_APP_TOKEN environment variable`)),
			step(`provider "cinnox" {
  base_url  = "http://cinnox.example.com"
  app_token = "x"
}`, wantError("Invalid CINNOX base URL", `"http://cinnox.example.com" uses plain http://`, "use https://")),
			step(`provider "cinnox" {
  base_url  = "examplebaseURL.com"
  app_token = "x"
}`, wantError("Invalid CINNOX base URL", "must be an absolute https:// URL")),
			step(fmt.Sprintf(`provider "cinnox" {
  base_url  = %q
  app_token = "x"
  app_id    = ""
}`, env.api.URL), wantError("Empty CINNOX app ID", "CINNOX_APP_ID")),
			step(fmt.Sprintf(`provider "cinnox" {
  base_url        = %q
  app_token       = "x"
  request_timeout = "0s"
}`, env.api.URL), wantError("Invalid request_timeout", `"0s" must be more than zero, such as "30s"`)),
			step(fmt.Sprintf(`provider "cinnox" {
  base_url              = %q
  app_token             = "x"
  webhook_ready_timeout = "soon"
}`, env.api.URL), wantError("Invalid webhook_ready_timeout", `"soon" is not a duration: write a number and a unit, such as "30s" or "2m"`)),
		},
	})
	assertNoPatches(t, env)
}

// TestAccProvider_environment configures the provider from environment
// variables only, as Terraform Cloud workspaces do, and checks that HCL wins
// over the environment.
func TestAccProvider_environment(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	t.Setenv(EnvBaseURL, env.api.URL)
	t.Setenv(EnvAppToken, testToken)
	t.Setenv(EnvAppID, "env-app")
	url := env.hook.URL + "/hook"
	address := "cinnox_call_event_subscription.test"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: callConfig(`provider "cinnox" {}`, fmt.Sprintf("url = %q", url)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("app_id"), knownvalue.StringExact("env-app")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringExact("env-app")),
					mockHolds(env, "env-app", eventTypes[1], true, url),
				},
			},
			{
				// A wrong token in the environment is overridden by HCL, and
				// the provider's app_id by the resource's.
				PreConfig: func() { t.Setenv(EnvAppToken, "wrong-token") },
				Config:    callConfig(env.providerBlock(`app_id = "hcl-app"`), fmt.Sprintf("url = %q", url)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("app_id"), knownvalue.StringExact("hcl-app")),
					mockHolds(env, "env-app", eventTypes[1], false, url),
					mockHolds(env, "hcl-app", eventTypes[1], true, url),
				},
			},
		},
	})
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
