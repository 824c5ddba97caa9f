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

// TestAccSettings_configurationErrors: a missing or invalid provider setting
// names the attribute and its environment variable.
func TestAccSettings_configurationErrors(t *testing.T) {
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

// TestAccSettings_environment configures the provider from environment
// variables only, as Terraform Cloud workspaces do, and checks that HCL wins
// over the environment.
func TestAccSettings_environment(t *testing.T) {
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
