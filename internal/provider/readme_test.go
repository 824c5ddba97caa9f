package provider

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
)

// readmeUsage is the README's Usage example without its terraform block
// (the test serves the provider itself).
func readmeUsage(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	usage := regexp.MustCompile("(?s)## Usage\n\n```hcl\n(.*?)```").FindStringSubmatch(string(b))
	if usage == nil {
		t.Fatal("README.md has no hcl block under ## Usage")
	}
	return regexp.MustCompile(`(?s)^terraform \{.*?\n\}\n`).ReplaceAllString(usage[1], "")
}

// TestAccReadme_usage applies the README's Usage example as written, as
// the README says to: credentials from the environment, webhooks on the
// mock's demo receiver. It sets the environment, so it is not parallel.
func TestAccReadme_usage(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	t.Setenv(EnvBaseURL, env.api.URL)
	t.Setenv(EnvAppToken, testToken)
	t.Setenv(EnvAppID, "your-app-id")
	webhooks := env.api.URL + strings.TrimSuffix(cinnoxmock.WebhookPath, "/")
	usage := readmeUsage(t)
	var checks []statecheck.StateCheck
	for _, et := range eventTypes {
		// resource "cinnox_<name>_event_subscription" "this" {
		//   app_id = "..." # optional
		//   url    = "${var.webhooks}/<path>"
		block := regexp.MustCompile(`resource "cinnox_` + et.Name + `_event_subscription" "this" \{\n` +
			`(?:  app_id = "([^"]+)".*\n)?  url +=? "\$\{var\.webhooks\}(/[^"]*)"`).FindStringSubmatch(usage)
		if block == nil {
			t.Fatalf("the README's Usage example has no cinnox_%s_event_subscription with a url under var.webhooks: it shows every event type", et.Name)
		}
		app := block[1]
		if app == "" {
			app = "your-app-id"
		}
		checks = append(checks, mockHolds(env, app, et, true, webhooks+block[2]))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             mockHolds(env, "your-app-id", eventTypes[1], false, webhooks+"/calls").checkDestroy,
		Steps: []resource.TestStep{{
			Config:            usage,
			ConfigVariables:   config.Variables{"webhooks": config.StringVariable(webhooks)},
			ConfigStateChecks: append(checks, mockAgrees{env}),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
}

// TestAccReadme_missingToken: the README's example without an app token
// fails its plan with one error that says where to set it, not one per
// resource. (It counts the errors in the CLI's output.)
func TestAccReadme_missingToken(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	t.Setenv(EnvBaseURL, env.api.URL)
	t.Setenv(EnvAppToken, "")
	t.Setenv(EnvAppID, "your-app-id")
	c := newCLI(t, readmeUsage(t))
	out, err := c.run("plan", "-input=false", "-no-color")
	if err == nil {
		t.Fatalf("plan without an app token passed:\n%s", out)
	}
	if n := strings.Count(out, "Error: "); n != 1 || !wantError("Error: Missing CINNOX app token",
		"Set app_token in the provider \"cinnox\" block or the CINNOX_APP_TOKEN environment variable").MatchString(out) {
		t.Errorf("want one error, the missing app token; got %d:\n%s", n, out)
	}
	if n := len(env.mock.Requests()); n != 0 {
		t.Errorf("CINNOX got %d requests, want none", n)
	}
}
