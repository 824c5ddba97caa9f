package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
)

// TestAccSecrets_webhookURL: webhook URLs that carry a secret in a path
// segment, in the query and in the user information, written literally in
// the configuration or taken from a sensitive variable. The secret appears
// nowhere: not in the plan, the apply output, the error of a refused
// webhook (whose refusal quotes the URL) or of an unreachable one, the
// plain-http warning, a check data source's finding, Terraform's TRACE log
// or the provider's; the messages show the webhook by scheme and host.
// State still holds the URL, so destroy unsubscribes.
func TestAccSecrets_webhookURL(t *testing.T) {
	for _, literal := range []bool{true, false} {
		name := "sensitive variable"
		if literal {
			name = "literal"
		}
		t.Run(name, func(t *testing.T) { testWebhookURLSecret(t, literal) })
	}
}

func testWebhookURLSecret(t *testing.T, literal bool) {
	const secret = "S3CRET"
	logDir := t.TempDir()
	providerLog := filepath.Join(logDir, "provider.log")
	terraformLog := filepath.Join(logDir, "terraform.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", providerLog)
	t.Setenv(EnvAppToken, testToken)

	env := newTestEnv(t, cinnoxmock.Options{VerboseRefusals: true})
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	withSecret := func(base string) string {
		return strings.Replace(base, "http://", "http://hooks:"+secret+"@", 1) + "/cinnox/" + secret + "/calls?key=" + secret
	}
	good, bad, unreachable := withSecret(env.hook.URL), withSecret(env.badHook.URL), withSecret(closed.URL)
	plainHTTP := "http://hooks.example.com/cinnox/" + secret + "/calls"

	var c *cli
	config := func(url string) string {
		hcl := fmt.Sprintf(`
provider "cinnox" {
  base_url              = %q
  webhook_ready_timeout = "0s"
}

data "cinnox_webhook_check" "calls" {
  url = URL
}

output "problem" {
  value = data.cinnox_webhook_check.calls.problem
}

resource "cinnox_call_event_subscription" "test" {
  app_id = "app-1"
  url    = URL
}
`, env.api.URL)
		if literal {
			return strings.ReplaceAll(hcl, "URL", fmt.Sprintf("%q", url))
		}
		if c != nil {
			if err := writeFile(filepath.Join(c.dir, "terraform.tfvars"), fmt.Sprintf("hook_url = %q\n", url)); err != nil {
				t.Fatal(err)
			}
		}
		return strings.ReplaceAll(hcl, "URL", "var.hook_url") + `
variable "hook_url" {
  type      = string
  sensitive = true
}
`
	}
	c = newCLI(t, config(good))
	_ = config(good) // the variable's value, now that the directory exists
	c.env = append(c.env, "TF_LOG=TRACE", "TF_LOG_PATH="+terraformLog)
	var outputs []string
	run := func(wantErr bool, args ...string) string {
		t.Helper()
		out, err := c.run(args...)
		if (err != nil) != wantErr {
			t.Fatalf("%s: error %v, want one: %v\n%s", args[0], err, wantErr, out)
		}
		outputs = append(outputs, out)
		return out
	}
	says := func(out string, phrases ...string) {
		t.Helper()
		if !wantError(phrases...).MatchString(out) {
			t.Errorf("the output does not say %q:\n%s", phrases, out)
		}
	}
	use := func(url string) {
		t.Helper()
		if err := writeConfig(c, config(url)); err != nil {
			t.Fatal(err)
		}
	}

	out := run(false, "plan", "-input=false", "-no-color")
	says(out, "url", "(sensitive value)")
	run(false, "apply", "-auto-approve", "-input=false", "-no-color")
	if sub, _ := env.mock.Subscription("app-1", "call"); !sub.Enabled || sub.URL != good {
		t.Fatalf("the server holds %+v", sub)
	}

	use(bad)
	out = run(true, "apply", "-auto-approve", "-input=false", "-no-color")
	says(out, "Webhook URL verification failed: webhook echoed challenge", `The webhook echoed "not-the-one-sent"`)

	use(unreachable)
	out = run(true, "apply", "-auto-approve", "-input=false", "-no-color")
	says(out, "Webhook URL verification failed: webhook unreachable: Post", "The webhook could not be reached from where Terraform runs")
	if !strings.Contains(out, closed.URL+"/…") {
		t.Errorf("the refusal does not show the webhook by scheme and host (%s/…):\n%s", closed.URL, out)
	}

	use(plainHTTP)
	out = run(false, "plan", "-input=false", "-no-color")
	says(out, "Warning: Webhook URL is not encrypted", "The webhook http://hooks.example.com/… uses plain http://")

	use(good)
	run(false, "destroy", "-auto-approve", "-input=false", "-no-color")
	if sub, _ := env.mock.Subscription("app-1", "call"); sub.Enabled || sub.URL != good {
		t.Errorf("after destroy the server holds %+v, want it disabled", sub)
	}

	for i, out := range outputs {
		if strings.Contains(out, secret) {
			t.Errorf("the secret is in the output of command %d:\n%s", i+1, out)
		}
	}
	checkLogs(t, secret, map[string]string{terraformLog: "cinnox_call_event_subscription.test", providerLog: "CINNOX request"})
}
