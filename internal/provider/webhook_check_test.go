package provider

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
)

// countingHook is a webhook that answers every request with handler and
// counts the requests.
func countingHook(t *testing.T, handler http.HandlerFunc) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		handler(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// TestAccWebhookCheck: when CINNOX refuses a webhook, the error says what
// the endpoint answered and what it must answer (on_failure, the default);
// with before, a broken endpoint fails the apply before anything is sent to
// CINNOX; with off, the provider never calls the endpoint itself.
func TestAccWebhookCheck(t *testing.T) {
	plainEcho := func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok") }
	for name, tc := range map[string]struct {
		setting     string
		hook        http.HandlerFunc
		wantErr     []string
		hookCalls   int32 // by CINNOX and by the provider's check
		wantPatches int
	}{
		"on_failure, 404, no wait": {
			setting:     `webhook_ready_timeout = "0s"`,
			hook:        http.NotFoundHandler().ServeHTTP,
			wantErr:     []string{"HTTP 400, code 6451000: Webhook URL verification failed.", "A check from where Terraform runs found: The webhook answered the challenge with HTTP 404", `with HTTP 200 and the body {"code":0,"result":{"challenge":"<the same string>"}}`},
			hookCalls:   2,
			wantPatches: 1,
		},
		"on_failure, not a JsonResponse": {
			hook:        plainEcho,
			wantErr:     []string{"A check from where Terraform runs found: The webhook answered HTTP 200, but its body is not a CINNOX JsonResponse", `"ok"`},
			hookCalls:   2,
			wantPatches: 1,
		},
		"before, no wait": {
			setting:     "webhook_check = \"before\"\n  webhook_ready_timeout = \"0\"",
			hook:        http.NotFoundHandler().ServeHTTP,
			wantErr:     []string{"Webhook check failed for", "answered the challenge with HTTP 404", "Nothing was sent to CINNOX", `webhook_check = "on_failure"`},
			hookCalls:   1,
			wantPatches: 0,
		},
		"off": {
			setting:     `webhook_check = "off"`,
			hook:        http.NotFoundHandler().ServeHTTP,
			wantErr:     []string{"HTTP 400, code 6451000: Webhook URL verification failed.", "CINNOX refused the request"},
			hookCalls:   1,
			wantPatches: 1,
		},
	} {
		t.Run(name, func(t *testing.T) {
			env := newTestEnv(t, cinnoxmock.Options{})
			hook, calls := countingHook(t, tc.hook)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      callConfig(env.providerBlock(tc.setting), fmt.Sprintf("app_id = \"app-1\"\n  url = %q", hook.URL+"/hook")),
					ExpectError: wantError(tc.wantErr...),
				}},
			})
			if got := calls.Load(); got != tc.hookCalls {
				t.Errorf("the webhook got %d requests, want %d", got, tc.hookCalls)
			}
			if got := len(env.patches()); got != tc.wantPatches {
				t.Errorf("CINNOX got %d PATCH requests, want %d", got, tc.wantPatches)
			}
		})
	}
}

// TestAccWebhookCheck_passesButCINNOXRefuses: an endpoint that answers the
// provider's check correctly while CINNOX's own challenge fails (as when
// CINNOX cannot reach a private endpoint) gets the explanation that CINNOX
// may not reach it.
func TestAccWebhookCheck_passesButCINNOXRefuses(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	hook, _ := countingHook(t, func(w http.ResponseWriter, r *http.Request) {
		var in struct{ Challenge string }
		_ = json.NewDecoder(r.Body).Decode(&in)
		if !strings.HasPrefix(in.Challenge, "terraform-check-") {
			http.Error(w, "not reachable from CINNOX", http.StatusForbidden)
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"code": 0, "result": map[string]string{"challenge": in.Challenge}})
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      callConfig(env.providerBlock(), fmt.Sprintf("app_id = \"app-1\"\n  url = %q", hook.URL+"/hook")),
			ExpectError: wantError("Webhook URL verification failed.", "A check from where Terraform runs got the right answer", "CINNOX may not reach it"),
		}},
	})
}
