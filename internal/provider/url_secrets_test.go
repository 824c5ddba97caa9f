package provider

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
)

// TestAccSecrets_webhookURL: a webhook URL that carries a secret in its
// query and in its user information: the secret appears nowhere in the
// plan, the apply output, the error of a refused webhook, Terraform's TRACE
// log or the provider's; state still holds the URL, so destroy unsubscribes.
func TestAccSecrets_webhookURL(t *testing.T) {
	const secret = "S3CRET"
	logDir := t.TempDir()
	providerLog := filepath.Join(logDir, "provider.log")
	terraformLog := filepath.Join(logDir, "terraform.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", providerLog)
	t.Setenv(EnvAppToken, testToken)

	env := newTestEnv(t, cinnoxmock.Options{})
	withSecret := func(base string) string {
		return strings.Replace(base, "http://", "http://hooks:"+secret+"@", 1) + "/cinnox?key=" + secret
	}
	good, bad := withSecret(env.hook.URL), withSecret(env.badHook.URL)
	config := func(url string) string {
		return fmt.Sprintf(`
provider "cinnox" {
  base_url = %q
}

resource "cinnox_call_event_subscription" "test" {
  app_id = "app-1"
  url    = %q
}
`, env.api.URL, url)
	}
	c := newCLI(t, config(good))
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

	if out := run(false, "plan", "-input=false", "-no-color"); !strings.Contains(out, "(sensitive value)") {
		t.Errorf("the plan does not hide the url:\n%s", out)
	}
	run(false, "apply", "-auto-approve", "-input=false", "-no-color")
	if sub, _ := env.mock.Subscription("app-1", "call"); !sub.Enabled || sub.URL != good {
		t.Fatalf("the server holds %+v", sub)
	}

	if err := writeConfig(c, config(bad)); err != nil {
		t.Fatal(err)
	}
	refused := run(true, "apply", "-auto-approve", "-input=false", "-no-color")
	flat := strings.Join(strings.Fields(refused), " ")
	for _, want := range []string{"Webhook URL verification failed.", `The webhook echoed "not-the-one-sent"`} {
		if !strings.Contains(flat, want) {
			t.Errorf("the refusal does not say %q:\n%s", want, refused)
		}
	}

	if err := writeConfig(c, config(good)); err != nil {
		t.Fatal(err)
	}
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
