package provider

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
)

// manySubscriptions configures every event type on apps app-0 … app-(apps-1).
func manySubscriptions(env *testEnv, apps int, providerExtra ...string) string {
	config := env.providerBlock(providerExtra...)
	for i := range apps {
		for _, et := range eventTypes {
			config += fmt.Sprintf(`
resource "cinnox_%s_event_subscription" "app_%d" {
  app_id = "app-%d"
  url    = "%s/%s/%d"
}
`, et.Name, i, i, env.hook.URL, et.Segment, i)
		}
	}
	return config
}

// mockHoldsAll asserts every subscription of manySubscriptions on the
// server.
func mockHoldsAll(env *testEnv, apps int, enabled bool) onMock {
	return func() error {
		for i := range apps {
			for _, et := range eventTypes {
				url := fmt.Sprintf("%s/%s/%d", env.hook.URL, et.Segment, i)
				if err := mockHolds(env, fmt.Sprintf("app-%d", i), et, enabled, url)(); err != nil {
					return err
				}
			}
		}
		return nil
	}
}

// countRequests counts the recorded requests whose note contains s.
func countRequests(env *testEnv, match func(cinnoxmock.Request) bool) int {
	n := 0
	for _, r := range env.mock.Requests() {
		if match(r) {
			n++
		}
	}
	return n
}

// TestAccReliability_transientFaults applies 40 subscriptions across 10
// apps while 30% of the requests fail transiently (429 and 6451010, 502 HTML
// pages, 503 with Retry-After, dropped connections before and after the
// request took effect), then destroys them: every one is enabled, then
// disabled, and no error reaches the user.
func TestAccReliability_transientFaults(t *testing.T) {
	const apps = 10
	env := newTestEnv(t, cinnoxmock.Options{Faults: cinnoxmock.Faults{Rate: 0.3, Seed: 42}})
	config := manySubscriptions(env, apps, "max_retries = 25")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: compressedTimeFactories(time.Minute),
		CheckDestroy:             mockHoldsAll(env, apps, false).checkDestroy,
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: []statecheck.StateCheck{mockHoldsAll(env, apps, true)}},
		},
	})
	faults := countRequests(env, func(r cinnoxmock.Request) bool { return strings.HasPrefix(r.Note, "injected fault") })
	total := len(env.mock.Requests())
	t.Logf("%d requests, %d of them failed by injection", total, faults)
	if faults < total/5 {
		t.Errorf("only %d of %d requests failed: the faults were not injected", faults, total)
	}
}

// TestAccReliability_rateLimit applies and destroys 48 subscriptions against
// a server that allows 20 requests in any second, with the provider set to
// match: it paces itself instead of running into 6451010.
func TestAccReliability_rateLimit(t *testing.T) {
	const apps, limit, window = 12, 20, time.Second
	env := newTestEnv(t, cinnoxmock.Options{RateLimit: cinnoxmock.RateLimit{Requests: limit, Window: window}})
	config := manySubscriptions(env, apps, fmt.Sprintf("requests_per_minute = %d", limit))
	start := time.Now()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: compressedTimeFactories(window),
		CheckDestroy:             mockHoldsAll(env, apps, false).checkDestroy,
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: []statecheck.StateCheck{mockHoldsAll(env, apps, true)}},
			{
				// The limiter lives in the provider process, and every
				// Terraform run starts a new one: let the server's window
				// pass before the destroy, as the minute between two real
				// runs would.
				PreConfig: func() { time.Sleep(window) },
				Config:    config,
				Destroy:   true,
			},
		},
	})
	limited := countRequests(env, func(r cinnoxmock.Request) bool { return r.Code == cinnoxmock.CodeTooManyRequests })
	patches := len(env.patches())
	t.Logf("%d requests in %v, %d answered 6451010", patches, time.Since(start).Round(time.Millisecond), limited)
	if patches < 2*apps*len(eventTypes) {
		t.Errorf("server got %d requests, want at least %d", patches, 2*apps*len(eventTypes))
	}
	if limited > 2 {
		t.Errorf("server answered 6451010 %d times; the provider did not pace itself", limited)
	}
}

// TestAccReliability_hostileResponses: every broken answer to a subscribe
// becomes a clear error, with no panic. Nothing is saved in state, except
// where the change may have taken effect (a 5xx, no answer in time): then
// the subscription is kept, tainted, and the next apply replaces it. The
// server answers unsubscribes properly, so the tainted ones are destroyed.
func TestAccReliability_hostileResponses(t *testing.T) {
	for name, tc := range map[string]struct {
		status  int
		body    string
		delay   time.Duration
		wantErr []string
		// kept: the subscription may have been enabled, so it is kept in
		// state, tainted.
		kept bool
	}{
		"empty body":            {status: 200, body: "", wantErr: []string{"HTTP 200: response body is empty", "points at the CINNOX Open API"}},
		"html from a proxy":     {status: 502, body: "<html>Bad Gateway</html>", wantErr: []string{"HTTP 502: response is not a CINNOX JSON answer", "<html>Bad Gateway</html>", "marked tainted", "problem of its own"}, kept: true},
		"json of wrong shape":   {status: 200, body: `{"data":{"ok":true}}`, wantErr: []string{"HTTP 200: response is not a CINNOX JSON answer"}},
		"result of wrong shape": {status: 200, body: `{"code":0,"result":"enabled"}`, wantErr: []string{"response result has an unexpected shape"}},
		"200 with a code":       {status: 200, body: `{"code":6451001,"message":"Bad response from an internal service"}`, wantErr: []string{"HTTP 200, code 6451001: Bad response from an internal service", "problem of its own"}},
		"200 not enabled":       {status: 200, body: `{"code":0,"result":{"enabled":false,"url":"https://hooks.example.com/cinnox"}}`, wantErr: []string{"subscription is not enabled", "webhook failed verification"}},
		"huge body":             {status: 200, body: `{"code":0,"result":"` + strings.Repeat("x", 2<<20) + `"}`, wantErr: []string{"response body larger than 1048576 bytes"}},
		"slow server":           {status: 200, body: `{"code":0,"result":{"enabled":true,"url":"https://hooks.example.com/cinnox"}}`, delay: time.Second, wantErr: []string{"no answer from the server", "request timeout (300ms)", "marked tainted", "raise request_timeout"}, kept: true},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			action := plancheck.ResourceActionCreate
			if tc.kept {
				action = plancheck.ResourceActionDestroyBeforeCreate
			}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if body, _ := io.ReadAll(r.Body); strings.Contains(string(body), `"enabled":false`) {
					_, _ = io.WriteString(w, `{"code":0,"result":{"enabled":false,"url":"https://hooks.example.com/cinnox"}}`)
					return
				}
				if tc.delay > 0 {
					select {
					case <-time.After(tc.delay):
					case <-r.Context().Done():
						return
					}
				}
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, tc.body)
			}))
			defer srv.Close()
			config := fmt.Sprintf(`
provider "cinnox" {
  base_url        = %q
  app_token       = "t"
  max_retries     = 0
  request_timeout = "300ms"
  webhook_check   = "off" # hooks.example.com does not resolve here
}

resource "cinnox_call_event_subscription" "test" {
  app_id = "app-1"
  url    = "https://hooks.example.com/cinnox"
}
`, srv.URL)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{
					{Config: config, ExpectError: wantError(append([]string{`Cannot subscribe call events of CINNOX app "app-1"`}, tc.wantErr...)...)},
					{
						// Nothing was saved, and the next plan creates it;
						// or it was kept, tainted, and the next plan
						// replaces it.
						Config:             config,
						PlanOnly:           true,
						ExpectNonEmptyPlan: true,
						ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction("cinnox_call_event_subscription.test", action),
						}},
					},
				},
			})
		})
	}
}

// TestAccReliability_redirectingBaseURL: a base_url that answers 307 to
// another host fails with the address it points to, and that host gets no
// request (Go would have followed it without the token, and its 200 would
// have passed for CINNOX's).
func TestAccReliability_redirectingBaseURL(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		elsewhere.Add(1)
		_, _ = io.WriteString(w, `{"code":0,"result":{"enabled":true,"url":"https://hooks.example.com/cinnox/calls"}}`)
	}))
	defer other.Close()
	redirecting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer redirecting.Close()

	config := fmt.Sprintf(`
provider "cinnox" {
  base_url  = %q
  app_token = %q
}

resource "cinnox_call_event_subscription" "test" {
  app_id = "app-1"
  url    = "https://hooks.example.com/cinnox/calls"
}
`, redirecting.URL, testToken)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ExpectError: wantError("HTTP 307: base_url answers 307, a redirect to "+other.URL+"/v1/api/apps/app-1/call-event-sub; it was not followed",
					"If "+other.URL+" is the Base URL", "set base_url to it"),
			},
			{
				// Nothing was saved: the plan still creates it.
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction("cinnox_call_event_subscription.test", plancheck.ResourceActionCreate)},
				},
			},
		},
	})
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("the host base_url redirects to got %d requests", n)
	}
}
