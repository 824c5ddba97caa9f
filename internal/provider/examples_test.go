package provider

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
)

var update = flag.Bool("update", false, "rewrite the generated example files")

const examplesDir = "../../examples"

func exampleDir(et eventType) string {
	return filepath.Join(examplesDir, "resources", "cinnox_"+et.Name+"_event_subscription")
}

func readExample(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("every event type needs its docs example: %v", err)
	}
	return string(b)
}

// TestExamples_notificationSamples keeps each resource's sample notification
// (shown on its Registry page) identical to what the mock CINNOX server
// sends. Run with -update to rewrite them.
func TestExamples_notificationSamples(t *testing.T) {
	at := time.Date(2022, 11, 7, 0, 0, 0, 0, time.UTC)
	for _, et := range eventTypes {
		sample, err := cinnoxmock.SampleNotification(et.Segment, at)
		if err != nil {
			t.Fatalf("the mock has no sample notification for %s: %v", et.Segment, err)
		}
		want, _ := json.MarshalIndent(sample, "", "  ")
		want = append(want, '\n')
		path := filepath.Join(exampleDir(et), "notification.json")
		if *update {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if got := readExample(t, path); got != string(want) {
			t.Errorf("%s differs from the mock's sample; run go test ./internal/provider -run TestExamples_notificationSamples -update", path)
		}
	}
}

// TestAccExamples applies and destroys every resource example, imports with
// its import block and with its terraform import command, and plans the
// provider example, against the mock (webhook verification off: the
// examples point at hooks.example.com).
func TestAccExamples(t *testing.T) {
	providerExample := readExample(t, filepath.Join(examplesDir, "provider", "provider.tf"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			// The provider example is valid HCL for this provider's schema.
			Config:   providerExample + "\n# no resources",
			PlanOnly: true,
		}},
	})

	importID := regexp.MustCompile(`terraform import (\S+) "([^"]+)"`)
	for _, et := range eventTypes {
		t.Run(et.Name, func(t *testing.T) {
			env := newTestEnv(t, cinnoxmock.Options{SkipVerification: true})
			dir := exampleDir(et)
			example := readExample(t, filepath.Join(dir, "resource.tf"))
			importBlock := readExample(t, filepath.Join(dir, "import-by-string-id.tf"))
			m := importID.FindStringSubmatch(readExample(t, filepath.Join(dir, "import.sh")))
			if m == nil {
				t.Fatalf("%s/import.sh has no terraform import command", dir)
			}
			address, id := m[1], m[2]
			withApp := env.providerBlock(fmt.Sprintf("app_id = %q", id))
			if !writeOnlyCLI(t) {
				// The example's url_wo and ephemeral variable need
				// Terraform or OpenTofu 1.11: an older CLI refuses them.
				resource.Test(t, resource.TestCase{
					ProtoV6ProviderFactories: protoV6ProviderFactories,
					Steps: []resource.TestStep{
						{
							Config: withApp + example, PlanOnly: true,
							ExpectError: regexp.MustCompile(`An argument named "ephemeral" is not expected here|url_wo needs Terraform 1.11`),
						},
						// A configuration this CLI reads, for the test's
						// clean-up, which reads the state through it.
						{Config: withApp},
					},
				})
				return
			}
			webhook := config.Variables{"webhook_url": config.StringVariable("https://hooks.example.com/cinnox/" + et.Segment + "?key=secret")}

			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{
					{Config: withApp + example, ConfigVariables: webhook},
					{
						ResourceName:            address,
						ImportState:             true,
						ImportStateId:           id,
						ImportStateVerify:       true,
						ImportStateVerifyIgnore: []string{"url", "url_wo_seal", "enabled", "updated_at", "timeouts"},
						ConfigVariables:         webhook,
					},
				},
			})

			// The import block example, from an empty state: the
			// resource is imported, then updated (not created).
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: withApp + example + importBlock, ConfigVariables: webhook,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
					},
					Check: resource.TestCheckResourceAttr(address, "id", id),
				}},
			})
		})
	}
}
