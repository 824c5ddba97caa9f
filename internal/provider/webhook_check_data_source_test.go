package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
	"github.com/cinnox/terraform-provider-cinnox/internal/refused"
)

// TestAccWebhookCheckDataSource reads the data source for a healthy webhook
// and a broken one: a failed check is a result, not an error.
func TestAccWebhookCheckDataSource(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	unavailable := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "deploying", http.StatusServiceUnavailable)
	}))
	defer unavailable.Close()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.providerBlock() + fmt.Sprintf(`
data "cinnox_webhook_check" "healthy" {
  url = %q
}

data "cinnox_webhook_check" "unavailable" {
  url = %q
}
`, env.hook.URL+"/calls", unavailable.URL+"/calls"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.cinnox_webhook_check.healthy", tfjsonpath.New("ok"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("data.cinnox_webhook_check.healthy", tfjsonpath.New("problem"), knownvalue.StringExact("")),
				statecheck.ExpectKnownValue("data.cinnox_webhook_check.healthy", tfjsonpath.New("kind"), knownvalue.StringExact("")),
				statecheck.ExpectKnownValue("data.cinnox_webhook_check.healthy", tfjsonpath.New("status_code"), knownvalue.Int64Exact(200)),
				statecheck.ExpectKnownValue("data.cinnox_webhook_check.healthy", tfjsonpath.New("response_time_ms"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue("data.cinnox_webhook_check.unavailable", tfjsonpath.New("ok"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue("data.cinnox_webhook_check.unavailable", tfjsonpath.New("kind"), knownvalue.StringExact("status")),
				statecheck.ExpectKnownValue("data.cinnox_webhook_check.unavailable", tfjsonpath.New("status_code"), knownvalue.Int64Exact(503)),
				statecheck.ExpectKnownValue("data.cinnox_webhook_check.unavailable", tfjsonpath.New("problem"), knownvalue.StringRegexp(wantError(`The webhook answered the challenge with HTTP 503 (body: "deploying")`, `with HTTP 200 and the body {"code":0,"result":{"challenge":"<the same string>"}}`))),
			},
		}},
	})
	if n := len(env.mock.Requests()); n != 0 {
		t.Errorf("the CINNOX API got %d requests; a webhook check must send none", n)
	}
}

// TestAccWebhookCheckDataSource_noCredentials: a configuration that only
// checks webhooks needs no credentials: an empty provider block, and none
// in the environment (so the test is not parallel).
func TestAccWebhookCheckDataSource_noCredentials(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	for _, name := range []string{EnvBaseURL, EnvAppToken, EnvAppID} {
		t.Setenv(name, "")
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf("provider \"cinnox\" {}\n\ndata \"cinnox_webhook_check\" \"calls\" {\n  url = %q\n}\n", env.hook.URL+"/calls"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.cinnox_webhook_check.calls", tfjsonpath.New("ok"), knownvalue.Bool(true)),
			},
		}},
	})
}

// TestAccWebhookCheckDataSource_checkBlocks plans the documented check
// block (examples/data-sources) over a healthy webhook, one that echoes the
// wrong challenge, one that answers 503 and one that cannot be reached:
// the plan succeeds (exit code 0) and warns about each broken webhook,
// naming the cause, and about no other. (Not with -detailed-exitcode:
// Terraform plans every data source of a check block as a read during
// apply, so it exits 2 whenever a configuration has one; see
// hashicorp/terraform#35226.)
// (It drives the CLI: a check block's findings are warnings, which
// resource.Test does not show.)
func TestAccWebhookCheckDataSource_checkBlocks(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	unavailable := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "deploying", http.StatusServiceUnavailable)
	}))
	defer unavailable.Close()
	closed := refused.URL(t)

	example := readExample(t, filepath.Join(examplesDir, "data-sources", "cinnox_webhook_check", "data-source.tf"))
	config := env.providerBlock()
	for name, url := range map[string]string{
		"healthy":     env.hook.URL + "/cinnox/calls",
		"wrong_echo":  env.badHook.URL + "/cinnox/calls",
		"unavailable": unavailable.URL + "/cinnox/calls",
		"unreachable": closed + "/cinnox/calls",
	} {
		block := strings.ReplaceAll(example, "https://hooks.example.com/cinnox/calls", url)
		block = strings.ReplaceAll(block, "call_webhook_answers", name)
		block = strings.ReplaceAll(block, `"calls"`, `"`+name+`"`)
		block = strings.ReplaceAll(block, ".calls.", "."+name+".")
		config += block
	}
	c := newCLI(t, config)
	out, err := c.run("plan", "-input=false", "-no-color")
	if err != nil {
		t.Fatalf("the plan did not exit 0 (%v):\n%s", err, out)
	}
	flat := strings.Join(strings.Fields(out), " ")
	for name, cause := range map[string]string{
		"wrong_echo":  `The webhook echoed "not-the-one-sent" instead of the challenge it was sent`,
		"unavailable": `The webhook answered the challenge with HTTP 503 (body: "deploying")`,
		"unreachable": "The webhook could not be reached: connection refused",
	} {
		if !strings.Contains(flat, `in check "`+name+`"`) || !strings.Contains(flat, "The CINNOX call webhook does not answer: "+cause) {
			t.Errorf("the plan does not warn about %s with %q", name, cause)
		}
	}
	if strings.Contains(flat, `in check "healthy"`) {
		t.Errorf("the plan warns about the healthy webhook")
	}
	if n := len(env.mock.Requests()); n != 0 {
		t.Errorf("the CINNOX API got %d requests; a webhook check must send none", n)
	}
}
