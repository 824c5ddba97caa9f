package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnox"
	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
	"github.com/cinnox/terraform-provider-cinnox/internal/refused"
)

// Everyday mistakes, as a new user makes them: each fails in seconds, is
// caught by terraform validate where the schema can know it, and reads in
// about ten lines.

// timedHook records when each request arrived and answers with handler.
type timedHook struct {
	*httptest.Server
	mu   sync.Mutex
	seen []time.Time
}

func newTimedHook(t *testing.T, handler http.HandlerFunc) *timedHook {
	h := &timedHook{}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		h.seen = append(h.seen, time.Now())
		h.mu.Unlock()
		handler(w, r)
	}))
	t.Cleanup(h.Close)
	return h
}

// span is how long the hook was asked for, from the first request to the
// last, and how many requests it got.
func (h *timedHook) span() (time.Duration, int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.seen) == 0 {
		return 0, 0
	}
	return h.seen[len(h.seen)-1].Sub(h.seen[0]), len(h.seen)
}

// errorBlock returns the lines of the first "Error:" block of a CLI's
// output that are not blank.
func errorBlock(out string) []string {
	var lines []string
	in := false
	for _, line := range strings.Split(out, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "Error:"):
			if in {
				return lines
			}
			in = true
		case !in:
			continue
		}
		if trimmed != "" {
			lines = append(lines, trimmed)
		}
	}
	return lines
}

// TestAccMistakes_webhookPathTypo: a url known at plan time whose host
// answers 404 (a typo in the path) fails with the finding once the wait
// for a 404 has passed, not webhook_ready_timeout (a minute by default).
// By default a 404 is waited for 15 seconds (cinnox.NotFoundWait); the
// test compresses that to 2.
func TestAccMistakes_webhookPathTypo(t *testing.T) {
	const notFoundWait = 2 * time.Second
	env := newTestEnv(t, cinnoxmock.Options{})
	hook := newTimedHook(t, http.NotFoundHandler().ServeHTTP)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: compressedWaitFactories(notFoundWait),
		Steps: []resource.TestStep{{
			Config: callConfig(env.providerBlock(), fmt.Sprintf("app_id = \"app-1\"\n  url = %q", hook.URL+"/cinox/calls")),
			ExpectError: wantError("Webhook URL verification failed.", "Checked from where Terraform runs for 2s: The webhook answered the challenge with HTTP 404",
				"Check the url's path (a typo gets a 404 for ever)"),
		}},
	})
	span, n := hook.span()
	t.Logf("the webhook was asked %d times over %v", n, span.Round(time.Millisecond))
	if span > notFoundWait+time.Second || span < notFoundWait-500*time.Millisecond || n < 4 {
		t.Errorf("the webhook answering 404 was checked %d times over %v, want checks over the %v wait", n, span, notFoundWait)
	}
}

// TestAccMistakes_webhookPortTypo: a refused connection (a typo in the
// port) is waited for no longer than webhook_ready_timeout, by the
// checks' own record; by default that is a minute.
func TestAccMistakes_webhookPortTypo(t *testing.T) {
	if cinnox.DefaultReadyTimeout > time.Minute {
		t.Errorf("the default wait for a webhook is %v, over a minute", cinnox.DefaultReadyTimeout)
	}
	env := newTestEnv(t, cinnoxmock.Options{})
	closed := refused.URL(t)
	var before int
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() { before = len(env.mock.Requests()) },
			Config:    callConfig(env.providerBlock(`webhook_ready_timeout = "2s"`), fmt.Sprintf("app_id = \"app-1\"\n  url = %q", closed+"/calls")),
			ExpectError: wantError("Webhook URL verification failed.", "The webhook is not ready; checked from where Terraform runs for 2s:",
				"connection refused", "raise webhook_ready_timeout"),
		}},
	})
	requests := env.mock.Requests()[before:]
	if len(requests) != 1 {
		t.Fatalf("CINNOX got %d requests, want 1", len(requests))
	}
}

// TestAccMistakes_baseURLDoesNotResolve: a base_url host that does not
// resolve fails at once, naming the host: one attempt, no retries.
func TestAccMistakes_baseURLDoesNotResolve(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	p := fmt.Sprintf("provider \"cinnox\" {\n  base_url  = \"https://cinnox-typo.invalid\"\n  app_token = %q\n}\n", testToken)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: callConfig(p, fmt.Sprintf("app_id = \"app-1\"\n  url = %q", env.hook.URL+"/calls")),
			ExpectError: regexp.MustCompile(`(?s)no answer from the server: the base_url host\s+"cinnox-typo.invalid" does not resolve \(DNS: no such host\)\s*\n.*` +
				`Check base_url \(or\s+CINNOX_BASE_URL\) against the Base URL`),
		}},
	})
}

// TestAccMistakes_baseURLRefuses: a base_url whose port refuses
// connections (a typo in the port) fails in seconds, not after the
// retries of a transient fault: cinnox.RefusedRetries retries, as the
// provider's own count of attempts says, naming base_url and the host.
func TestAccMistakes_baseURLRefuses(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	base := refused.URL(t)
	p := fmt.Sprintf("provider \"cinnox\" {\n  base_url  = %q\n  app_token = %q\n}\n", base, testToken)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: callConfig(p, fmt.Sprintf("app_id = \"app-1\"\n  url = %q", env.hook.URL+"/calls")),
			ExpectError: wantError(fmt.Sprintf(`no answer from the server: the base_url host %q refuses connections (%d attempts over`,
				strings.TrimPrefix(base, "http://"), cinnox.RefusedRetries+1), "nothing listens on its port",
				"CINNOX made no change, and Terraform saved nothing",
				"Check base_url (or CINNOX_BASE_URL), its host and port"),
		}},
	})
}

// TestAccMistakes_baseURLWithTheAPIPath: base_url with the API path pasted
// in is refused at plan time, with the Base URL to use; another path is
// a warning, and a 404 names the request.
func TestAccMistakes_baseURLWithTheAPIPath(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	res := fmt.Sprintf("app_id = \"app-1\"\n  url = %q", env.hook.URL+"/calls")
	withPath := func(path string) string {
		return fmt.Sprintf("provider \"cinnox\" {\n  base_url  = %q\n  app_token = %q\n}\n", env.api.URL+path, testToken)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: callConfig(withPath("/v1/api"), res), PlanOnly: true,
				ExpectError: wantError("Invalid CINNOX base URL", `holds the API's path (/v1/api): set it to the Base URL alone, `+env.api.URL),
			},
			{
				// A path prefix may be a proxy's: a warning, then CINNOX (here
				// the mock, which serves no such path) answers 404 for the
				// request, which the error names.
				Config: callConfig(withPath("/cinnox-proxy"), res),
				ExpectError: wantError("PATCH "+env.api.URL+"/cinnox-proxy/v1/api/apps/app-1/call-event-sub answered HTTP 404",
					"CINNOX does not know this address"),
			},
		},
	})
	// The warning, through the CLI: resource.Test does not show warnings.
	c := newCLI(t, callConfig(withPath("/cinnox-proxy"), res))
	out, err := c.run("plan", "-input=false", "-no-color")
	if err != nil || !wantError("Warning: CINNOX base URL with a path", "base_url has a path (/cinnox-proxy)").MatchString(out) {
		t.Errorf("plan with a path prefix (%v) does not warn:\n%s", err, out)
	}
}

// TestAccMistakes_settingsCaughtByValidate: five wrong provider settings
// are all reported by terraform validate, each naming its attribute once.
// (It drives the CLI: resource.Test has no step that runs terraform
// validate alone.)
func TestAccMistakes_settingsCaughtByValidate(t *testing.T) {
	c := newCLI(t, `
provider "cinnox" {
  webhook_check         = "always"
  max_retries           = -1
  request_timeout       = "180"
  webhook_ready_timeout = "3 minutes"
  requests_per_minute   = 0
}

resource "cinnox_call_event_subscription" "test" {
  app_id = "app-1"
  url    = "https://hooks.example.com/calls"
}
`)
	out, err := c.run("validate", "-no-color")
	if err == nil {
		t.Fatalf("terraform validate passed:\n%s", out)
	}
	for attr, want := range map[string]string{
		"webhook_check":         `value must be one of: ["on_failure" "before" "off"], got: "always"`,
		"max_retries":           "value must be at least 0, got: -1",
		"request_timeout":       `"180" is not a duration`,
		"webhook_ready_timeout": `"3 minutes" is not a duration`,
		"requests_per_minute":   "value must be at least 1, got: 0",
	} {
		if !wantError(attr+" =", want).MatchString(out) {
			t.Errorf("validate does not report %s with %q", attr, want)
		}
	}
	if n := strings.Count(out, "Error: "); n != 5 {
		t.Errorf("validate reported %d errors, want 5:\n%s", n, out)
	}
}

// TestAccMistakes_environmentSettingsCheckedAtConfigure: a wrong value from
// the environment, which validate cannot see, fails the plan naming the
// variable once.
func TestAccMistakes_environmentSettingsCheckedAtConfigure(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	t.Setenv(EnvMaxRetries, "-1")
	t.Setenv(EnvWebhookReady, "3 minutes")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: callConfig(env.providerBlock(), fmt.Sprintf("app_id = \"app-1\"\n  url = %q", env.hook.URL+"/calls")), PlanOnly: true,
			ExpectError: regexp.MustCompile(`(?s)` + regexp.QuoteMeta(`CINNOX_MAX_RETRIES "-1" must be a whole number of at least 0.`) +
				`.*` + regexp.QuoteMeta(`CINNOX_WEBHOOK_READY_TIMEOUT "3 minutes" is not a duration`)),
		}},
	})
	assertNoPatches(t, env)
}

// TestAccMistakes_webhookChecksWithoutCredentials: a configuration of
// cinnox_webhook_check data sources alone (a monitoring workspace) needs no
// CINNOX credentials; a resource still demands them.
func TestAccMistakes_webhookChecksWithoutCredentials(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	t.Setenv(EnvBaseURL, "")
	t.Setenv(EnvAppToken, "")
	check := fmt.Sprintf(`
provider "cinnox" {}

data "cinnox_webhook_check" "calls" {
  url = %q
}
`, env.hook.URL+"/calls")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: check,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.cinnox_webhook_check.calls", tfjsonpath.New("ok"), knownvalue.Bool(true)),
				},
			},
			{
				Config: check + fmt.Sprintf(`
resource "cinnox_call_event_subscription" "test" {
  app_id = "app-1"
  url    = %q
}
`, env.hook.URL+"/calls"),
				ExpectError: wantError("Missing CINNOX base URL", "Missing CINNOX app token"),
			},
		},
	})
	assertNoPatches(t, env)
}

// TestAccMistakes_wrongEchoInTenLines: a webhook that answers with the
// wrong echo fails with at most 13 lines, Terraform's framing included:
// CINNOX's answer, the finding, the answer the endpoint must give (once),
// what state holds, one fix.
// (It drives the CLI: the lines are counted in Terraform's own output.)
func TestAccMistakes_wrongEchoInTenLines(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	c := newCLI(t, callConfig(env.providerBlock(), fmt.Sprintf("app_id = \"app-1\"\n  url = %q", env.badHook.URL+"/calls")))
	out, err := c.run("apply", "-auto-approve", "-input=false", "-no-color")
	if err == nil {
		t.Fatalf("the apply succeeded:\n%s", out)
	}
	block := errorBlock(out)
	text := strings.Join(block, " ")
	if len(block) > 13 {
		t.Errorf("the error has %d lines, want at most 13:\n%s", len(block), strings.Join(block, "\n"))
	}
	for _, want := range []string{"Webhook URL verification failed.", `echoed "not-the-one-sent"`, "CINNOX made no change", "Fix the endpoint"} {
		if !strings.Contains(text, want) {
			t.Errorf("the error lacks %q:\n%s", want, strings.Join(block, "\n"))
		}
	}
	if n := strings.Count(text, `"<the same string>"`); n != 1 {
		t.Errorf("the error says what the endpoint must answer %d times, want once", n)
	}
}

// TestAccMistakes_checkProblemIsStable: the data source's problem is the
// same from run to run for the same endpoint behaviour, so a plan of an
// applied configuration that outputs it shows no change.
func TestAccMistakes_checkProblemIsStable(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	config := env.providerBlock() + fmt.Sprintf(`
data "cinnox_webhook_check" "calls" {
  url = %q
}

output "problem" {
  value = data.cinnox_webhook_check.calls.problem
}
`, env.badHook.URL+"/calls")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{Config: config, PlanOnly: true}, // fails on any change, the output's included
		},
	})
}

// TestAccMistakes_webhookOnAPrivateAddress: a webhook on a loopback or
// private address, with a base_url CINNOX serves from the internet, gets a
// plan-time warning: CINNOX cannot reach it.
// (It drives the CLI: resource.Test does not show warnings.)
func TestAccMistakes_webhookOnAPrivateAddress(t *testing.T) {
	c := newCLI(t, fmt.Sprintf(`
provider "cinnox" {
  base_url  = "https://examplebaseURL.com"
  app_token = %q
}

resource "cinnox_call_event_subscription" "private" {
  app_id = "app-1"
  url    = "https://10.1.2.3/cinnox/calls"
}

resource "cinnox_inquiry_event_subscription" "public" {
  app_id = "app-1"
  url    = "https://hooks.example.com/cinnox/enquiries"
}
`, testToken))
	out, err := c.run("plan", "-input=false", "-no-color")
	if err != nil {
		t.Fatalf("plan: %v\n%s", err, out)
	}
	if !wantError("Warning: CINNOX cannot reach this webhook", "cinnox_call_event_subscription.private",
		"The webhook https://10.1.2.3/… is on a loopback or private address").MatchString(out) {
		t.Errorf("the plan does not warn about the private address:\n%s", out)
	}
	if strings.Count(out, "Warning: CINNOX cannot reach this webhook") != 1 {
		t.Errorf("the plan warns about the public webhook too:\n%s", out)
	}
}
