package provider

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
	"github.com/cinnox/terraform-provider-cinnox/internal/refused"
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
	providerLog, terraformLog := traceLogs(t)

	env := newTestEnv(t, cinnoxmock.Options{VerboseRefusals: true})
	closed := refused.URL(t)
	withSecret := func(base string) string {
		return strings.Replace(base, "http://", "http://hooks:"+secret+"@", 1) + "/cinnox/" + secret + "/calls?key=" + secret
	}
	good, bad, unreachable := withSecret(env.hook.URL), withSecret(env.badHook.URL), withSecret(closed)
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
	says(out, "Webhook URL verification failed: webhook unreachable: Post", "The webhook could not be reached: connection refused")
	if !strings.Contains(out, closed+"/…") {
		t.Errorf("the refusal does not show the webhook by scheme and host (%s/…):\n%s", closed, out)
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

// TestAccSecrets_echoedTokenPrintedNowhere: a server (or a proxy or WAF in
// front of it) that echoes the Authorization header, in its JSON message,
// in an HTML page and in a header, gets the app token printed nowhere: not
// in the terminal, not in Terraform's TRACE log (which records the
// diagnostics), not in the provider's.
func TestAccSecrets_echoedTokenPrintedNowhere(t *testing.T) {
	providerLog, terraformLog := traceLogs(t)

	var n atomic.Int32
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		w.Header().Set("X-Seen-Authorization", auth)
		if n.Add(1)%2 == 1 {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = fmt.Fprintf(w, `{"code":6451000,"message":"unauthorized, got %s"}`, auth)
			return
		}
		w.WriteHeader(http.StatusForbidden)
		_, _ = fmt.Fprintf(w, "<html>request blocked: Authorization: %s</html>", auth)
	}))
	defer echo.Close()

	config := fmt.Sprintf(`
provider "cinnox" {
  base_url      = %q
  max_retries   = 0
  webhook_check = "off"
}

resource "cinnox_call_event_subscription" "json" {
  app_id = "app-1"
  url    = "https://hooks.example.com/cinnox/calls"
}

resource "cinnox_inquiry_event_subscription" "html" {
  app_id = "app-1"
  url    = "https://hooks.example.com/cinnox/enquiries"
}
`, echo.URL)
	c := newCLI(t, config)
	c.env = append(c.env, "TF_LOG=TRACE", "TF_LOG_PATH="+terraformLog)
	out, err := c.run("apply", "-auto-approve", "-input=false", "-no-color")
	if err == nil {
		t.Fatalf("the apply succeeded:\n%s", out)
	}
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{"unauthorized, got Bearer (redacted)", "Authorization: Bearer (redacted)", "CINNOX refused the app token"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the output does not say %q", want)
		}
	}
	if strings.Contains(out, testToken) {
		t.Errorf("the app token is in the terminal output")
	}
	// Terraform's log records the diagnostics; the provider's, the requests.
	checkLogs(t, testToken, map[string]string{terraformLog: "Cannot subscribe enquiry events", providerLog: "Bearer (redacted)"})
}

// TestAccSecrets_tokenNotInTraceLogs runs an apply, a failing apply and a
// destroy with TF_LOG=TRACE and asserts the app token appears nowhere in the
// logs of Terraform and the provider. The token comes from CINNOX_APP_TOKEN,
// as it should in real use: the test harness itself logs the test's HCL.
func TestAccSecrets_tokenNotInTraceLogs(t *testing.T) {
	logFile, _ := traceLogs(t)
	env := newTestEnv(t, cinnoxmock.Options{})
	providerBlock := fmt.Sprintf("provider \"cinnox\" {\n  base_url = %q\n}\n", env.api.URL)
	res := fmt.Sprintf("app_id = \"app-1\"\n  url = %q", env.hook.URL+"/hook")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: callConfig(providerBlock, res)},
			{
				Config:      callConfig(providerBlock, fmt.Sprintf("app_id = \"app-1\"\n  url = %q", env.badHook.URL)),
				ExpectError: wantError("Webhook URL verification failed."),
			},
		},
	})
	logs, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"CINNOX request", "response_body", "Bearer (redacted)"} {
		if !strings.Contains(string(logs), want) {
			t.Errorf("the TRACE log (%d bytes) lacks %q: the provider's logs were not captured", len(logs), want)
		}
	}
	if strings.Contains(string(logs), testToken) {
		t.Errorf("the app token appears in the TRACE log")
	}
}

// traceLogs sets the test up to log at TRACE, the provider (served in the
// test) to providerLog, with the app token from CINNOX_APP_TOKEN as in real
// use (the test harness itself logs the test's HCL); a CLI-harness test
// has Terraform log to terraformLog.
func traceLogs(t *testing.T) (providerLog, terraformLog string) {
	t.Helper()
	dir := t.TempDir()
	providerLog, terraformLog = filepath.Join(dir, "provider.log"), filepath.Join(dir, "terraform.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", providerLog)
	t.Setenv(EnvAppToken, testToken)
	return providerLog, terraformLog
}

// TestAccSecrets_receiverEchoesAPathSegment: a receiver that answers the
// challenge with HTTP 403 and its last path segment, the secret, quoted in
// an HTML page (as many frameworks' error pages do). The segment shows in
// no error, warning (a check block's, from the data source's problem), log
// or stored problem; the status and the rest of the page still do.
func TestAccSecrets_receiverEchoesAPathSegment(t *testing.T) {
	const segment = "hk_9f2c4e7a1b"
	providerLog, terraformLog := traceLogs(t)
	env := newTestEnv(t, cinnoxmock.Options{VerboseRefusals: true})
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		_, _ = fmt.Fprintf(w, "<html><body><p>unknown hook id %s</p></body></html>", html.EscapeString(path.Base(r.URL.Path)))
	}))
	defer receiver.Close()
	c := newCLI(t, fmt.Sprintf(`
provider "cinnox" {
  base_url              = %q
  webhook_ready_timeout = "0s"
}

variable "hook_url" {
  type      = string
  sensitive = true
}

check "receiver" {
  data "cinnox_webhook_check" "calls" {
    url = var.hook_url
  }
  assert {
    condition     = data.cinnox_webhook_check.calls.ok
    error_message = data.cinnox_webhook_check.calls.problem
  }
}

resource "cinnox_call_event_subscription" "test" {
  app_id = "app-1"
  url    = var.hook_url
}
`, env.api.URL))
	if err := writeFile(filepath.Join(c.dir, "terraform.tfvars"), fmt.Sprintf("hook_url = %q\n", receiver.URL+"/hooks/cinnox/"+segment)); err != nil {
		t.Fatal(err)
	}
	c.env = append(c.env, "TF_LOG=TRACE", "TF_LOG_PATH="+terraformLog)
	plan, err := c.run("plan", "-input=false", "-no-color")
	if err != nil {
		t.Fatalf("plan: %v\n%s", err, plan)
	}
	out, err := c.run("apply", "-auto-approve", "-input=false", "-no-color")
	if err == nil {
		t.Fatalf("apply of a webhook that answers 403 succeeded:\n%s", out)
	}
	out = plan + out
	for _, want := range []string{"HTTP 403", "unknown hook id (redacted)", "Warning: Check block assertion failed", "Error: Cannot subscribe"} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, segment) {
		t.Errorf("the segment is in the output:\n%s", out)
	}
	c.env = append(c.env, "TF_LOG=")
	show, err := c.run("show", "-json")
	if err != nil || !strings.Contains(show, `"problem":"The webhook answered the challenge with HTTP 403`) {
		t.Fatalf("show -json: %v, want the data source's problem in state:\n%s", err, show)
	}
	var state struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Values map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(show[strings.Index(show, "{"):]), &state); err != nil {
		t.Fatal(err)
	}
	for _, r := range state.Values.RootModule.Resources {
		if problem, _ := r.Values["problem"].(string); strings.Contains(problem, segment) {
			t.Errorf("the data source's problem, stored in state, holds the segment: %s", problem)
		}
	}
	checkLogs(t, segment, map[string]string{terraformLog: "cinnox_call_event_subscription.test", providerLog: "CINNOX request"})
}
