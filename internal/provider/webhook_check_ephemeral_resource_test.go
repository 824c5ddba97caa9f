package provider

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
)

// TestAccWebhookCheckEphemeral_watchesURLWO applies the documented
// ephemeral check (examples/ephemeral-resources) beside its url_wo
// subscription, once for a webhook with secrets in its path, query and
// user information, and once, without the subscription, for one that
// echoes the wrong challenge. The plan warns about the broken webhook alone,
// naming the cause; the subscription is applied; and neither the plan file
// nor the state file holds any part of the urls, nor the check itself.
// Older CLIs (Terraform < 1.11, OpenTofu < 1.11: the example's url_wo
// needs 1.11) refuse the ephemeral block, and nothing is sent.
// (It drives the CLI: a check block's findings are warnings, which
// resource.Test does not show, and the plan and state files are read raw.)
func TestAccWebhookCheckEphemeral_watchesURLWO(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	example := readExample(t, filepath.Join(examplesDir, "ephemeral-resources", "cinnox_webhook_check", "ephemeral-resource.tf"))
	broken := strings.NewReplacer(`"calls"`, `"broken"`, ".calls.", ".broken.", "calls_webhook_url", "broken_webhook_url",
		"call_webhook_answers", "broken_webhook_answers").Replace(example[:strings.Index(example, `resource "`)])
	if !writeOnlyCLI(t) {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps: []resource.TestStep{
				{
					Config: env.providerBlock(`app_id = "app-1"`) + example, PlanOnly: true,
					ExpectError: regexp.MustCompile(`Blocks of type "ephemeral" are not expected here`),
				},
				// A configuration this CLI reads, for the clean-up.
				{Config: env.providerBlock()},
			},
		})
		assertNoPatches(t, env)
		return
	}
	c := newCLI(t, env.providerBlock(`app_id = "app-1"`)+example+broken)
	withSecrets := func(base string) string {
		return strings.Replace(base, "http://", "http://us3r:pa55w0rd@", 1) + "/cinnox/S3CRETPATH/calls?key=Q5ECRET"
	}
	calls := withSecrets(env.hook.URL)
	c.env = append(c.env, "TF_VAR_calls_webhook_url="+calls, "TF_VAR_broken_webhook_url="+withSecrets(env.badHook.URL))

	out, err := c.run("plan", "-input=false", "-no-color", "-out=tfplan")
	if err != nil {
		t.Fatalf("plan: %v\n%s", err, out)
	}
	flat := strings.Join(strings.Fields(out), " ")
	host := strings.TrimPrefix(env.badHook.URL, "http://")
	for _, want := range []string{
		`in check "broken_webhook_answers"`, "The CINNOX call webhook does not answer CINNOX's challenge.",
		"Warning: Webhook does not answer CINNOX's challenge: http://" + host,
		`A check from where Terraform runs found: The webhook echoed "not-the-one-sent" instead of the challenge it was sent`,
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("the plan does not say %q:\n%s", want, out)
		}
	}
	if n := strings.Count(flat, "Warning:"); n != 2 {
		t.Errorf("the plan has %d warnings, want 2 (the broken webhook's, and its check block's):\n%s", n, out)
	}
	planFile := readPlanFile(t, filepath.Join(c.dir, "tfplan"))
	applied, err := c.run("apply", "-input=false", "-no-color", "tfplan")
	if err != nil {
		t.Fatalf("apply: %v\n%s", err, applied)
	}
	if err := mockHolds(env, "app-1", eventTypes[1], true, calls)(); err != nil {
		t.Fatal(err)
	}
	stateFile, _ := readStateFile(t, filepath.Join(c.dir, "terraform.tfstate"))
	for _, secret := range []string{"S3CRETPATH", "Q5ECRET", "pa55w0rd"} {
		for name, text := range map[string]string{"the state file": stateFile, "the plan file": planFile, "the plan's output": out, "the apply's output": applied} {
			if strings.Contains(text, secret) {
				t.Errorf("%s holds %q", name, secret)
			}
		}
	}
	if strings.Contains(stateFile, `"cinnox_webhook_check"`) {
		t.Errorf("the state file holds the ephemeral check")
	}
}
