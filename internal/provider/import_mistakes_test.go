package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
)

// Import mistakes: an import ID that is not the configured app_id, and a
// destroy of a subscription imported and never applied. Each fails at plan
// time, sends nothing, and says what leads out; following that advice
// works.

const importedAddress = "cinnox_call_event_subscription.imported"

// importedConfig is a call subscription with its app from the provider
// (app_id "your-app-id"), imported with the ID importID unless it is "".
func importedConfig(env *testEnv, importID, url string) string {
	config := env.providerBlock(`app_id = "your-app-id"`) + fmt.Sprintf(`
resource "cinnox_call_event_subscription" "imported" {
  url = %q
}
`, url)
	if importID != "" {
		config += fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", importedAddress, importID)
	}
	return config
}

// TestAccImport_idTypoInImportBlock: an import block whose id is not the
// app_id the configuration gives the resource fails the plan, naming
// both; nothing is imported or sent, and the corrected id imports and
// applies.
func TestAccImport_idTypoInImportBlock(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	url := env.hook.URL + "/calls"
	env.mock.Seed(cinnoxmock.Subscription{AppID: "your-app-id", Event: "call", Enabled: true, URL: "https://old.example.com/calls"})
	before := len(env.mock.Requests())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: importedConfig(env, "your-app-idd", url),
				ExpectError: wantError(`Import ID "your-app-idd" is not the app_id "your-app-id"`,
					"with "+importedAddress, `(the provider's app_id)`, "Nothing was sent, and an import block imports nothing",
					"fix the import block's id"),
			},
			{
				PreConfig: func() {
					if n := len(env.mock.Requests()) - before; n != 0 {
						t.Errorf("the failed plan sent %d requests to CINNOX, want none", n)
					}
				},
				Config: importedConfig(env, "your-app-id", url),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(importedAddress, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(importedAddress, tfjsonpath.New("app_id"), knownvalue.StringExact("your-app-id")),
					statecheck.ExpectKnownValue(importedAddress, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
					patchesSent(env, 1, "your-app-id", eventTypes[1], true, url),
				},
			},
		},
	})
}

// TestAccImport_idTypoWithTerraformImport: after terraform import with a
// typo in the ID, the plan fails naming both IDs, every time, with advice
// that leads out (state rm, then import the right ID), which the test
// follows. It drives the CLI: terraform state rm is no test step.
func TestAccImport_idTypoWithTerraformImport(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	url := env.hook.URL + "/calls"
	c := newCLI(t, importedConfig(env, "", url))
	if out, err := c.run("import", "-input=false", "-no-color", importedAddress, "your-app-idd"); err != nil {
		t.Fatalf("terraform import: %v\n%s", err, out)
	}
	for range 2 {
		out, err := c.run("apply", "-auto-approve", "-input=false", "-no-color")
		if err == nil || !wantError(`Import ID "your-app-idd" is not the app_id "your-app-id"`,
			"with "+importedAddress, "After terraform import, run terraform state rm on this resource first").MatchString(out) {
			t.Fatalf("apply after an import with a typo (%v):\n%s", err, out)
		}
	}
	if n := len(env.mock.Requests()); n != 0 {
		t.Fatalf("CINNOX got %d requests, want none", n)
	}
	for _, args := range [][]string{
		{"state", "rm", importedAddress},
		{"import", "-input=false", "-no-color", importedAddress, "your-app-id"},
		{"apply", "-auto-approve", "-input=false", "-no-color"},
	} {
		if out, err := c.run(args...); err != nil {
			t.Fatalf("terraform %s: %v\n%s", args[0], err, out)
		}
	}
	if err := mockHolds(env, "your-app-id", eventTypes[1], true, url)(); err != nil {
		t.Error(err)
	}
	if out, err := c.run("plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil {
		t.Errorf("the plan after following the advice is not empty (%v):\n%s", err, out)
	}
}

// TestAccImport_destroyNeverApplied: a subscription imported and never
// applied cannot be unsubscribed (CINNOX needs its url): destroying it, or
// removing it from the configuration, fails at plan time, sends nothing
// and keeps it in state; applying it with its url, then destroying it,
// unsubscribes it.
func TestAccImport_destroyNeverApplied(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	url := env.hook.URL + "/calls"
	env.mock.Seed(cinnoxmock.Subscription{AppID: "your-app-id", Event: "call", Enabled: true, URL: url})
	config := importedConfig(env, "", url)
	neverApplied := wantError(`Cannot unsubscribe call events of CINNOX app "your-app-id" (cinnox_call_event_subscription)`,
		"the subscription was imported and never applied", "Nothing was sent; state keeps the resource",
		"configure it with its url, run terraform apply")
	before := len(env.mock.Requests())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             mockHolds(env, "your-app-id", eventTypes[1], false, url).checkDestroy,
		Steps: []resource.TestStep{
			{
				Config: config, ResourceName: importedAddress, ImportState: true, ImportStateId: "your-app-id",
				ImportStatePersist: true,
			},
			{Config: config, Destroy: true, ExpectError: neverApplied},
			{Config: env.providerBlock(`app_id = "your-app-id"`), ExpectError: neverApplied},
			{
				PreConfig: func() {
					if n := len(env.mock.Requests()) - before; n != 0 {
						t.Errorf("the failed plans sent %d requests to CINNOX, want none", n)
					}
				},
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(importedAddress, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
					patchesSent(env, 1, "your-app-id", eventTypes[1], true, url),
				},
			},
		},
	})
}
