package provider

import (
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
)

// readyLaterHook is a webhook that answers 503 until notReadyFor after its
// first request (CINNOX's challenge), then answers the challenge correctly.
func readyLaterHook(t *testing.T, notReadyFor time.Duration) (*httptest.Server, *cinnoxmock.Receiver) {
	t.Helper()
	rv := &cinnoxmock.Receiver{NotReadyFor: notReadyFor}
	srv := httptest.NewServer(rv)
	t.Cleanup(srv.Close)
	return srv, rv
}

// TestAccWebhookReady_deployedInTheSameApply: with default settings, a
// webhook that starts answering a while after CINNOX's first challenge (as
// one deployed in the same apply does) is subscribed in one apply, with 2
// PATCHes to CINNOX: the refused one and one after the endpoint answered.
// The checks' backoff is compressed tenfold (100ms, 200ms, 400ms, ...), and
// the webhook is not ready for 2s.
func TestAccWebhookReady_deployedInTheSameApply(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	hook, rv := readyLaterHook(t, 2*time.Second)
	url := hook.URL + "/calls"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: compressedWaitFactories(0),
		Steps: []resource.TestStep{{
			Config: callConfig(env.providerBlock(), fmt.Sprintf("app_id = \"app-1\"\n  url = %q", url)),
			ConfigStateChecks: []statecheck.StateCheck{
				mockHolds(env, "app-1", eventTypes[1], true, url),
				onMock(func() error {
					if n := len(env.patches()); n != 2 {
						return fmt.Errorf("CINNOX got %d PATCH requests, want 2", n)
					}
					if rv.Refused() < 3 {
						return fmt.Errorf("the webhook refused %d requests: the provider did not check it while waiting", rv.Refused())
					}
					return nil
				}),
			},
		}},
	})
}

// TestAccWebhookReady_checkBefore: with webhook_check = "before", the
// provider waits for the endpoint before anything is sent: one PATCH.
func TestAccWebhookReady_checkBefore(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	hook, _ := readyLaterHook(t, 2*time.Second)
	url := hook.URL + "/calls"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: callConfig(env.providerBlock(`webhook_check = "before"`), fmt.Sprintf("app_id = \"app-1\"\n  url = %q", url)),
			ConfigStateChecks: []statecheck.StateCheck{
				mockHolds(env, "app-1", eventTypes[1], true, url),
				patchesSent(env, 1, "app-1", eventTypes[1], true, url),
			},
		}},
	})
}

// TestAccWebhookReady_neverReady: an endpoint that never becomes ready
// fails once webhook_ready_timeout runs out, with how long the provider
// waited, what the endpoint last answered, and what it must answer.
func TestAccWebhookReady_neverReady(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	hook, _ := readyLaterHook(t, time.Hour)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: callConfig(env.providerBlock(`webhook_ready_timeout = "2s"`), fmt.Sprintf("app_id = \"app-1\"\n  url = %q", hook.URL+"/calls")),
			ExpectError: wantError("HTTP 400, code 6451000: Webhook URL verification failed.",
				"The webhook is not ready; checked from where Terraform runs for 2s: The webhook answered the challenge with HTTP 503",
				`with HTTP 200 and the body {"code":0,"result":{"challenge":"<the same string>"}}`, "raise webhook_ready_timeout", `webhook_ready_timeout = "0s"`),
		}},
	})
	if n := len(env.patches()); n != 1 {
		t.Errorf("CINNOX got %d PATCH requests, want 1", n)
	}
}

// TestAccWebhookReady_wrongAnswerFailsFast: an endpoint that is up but
// answers wrongly is not "not ready": the apply fails at once, without
// waiting (a wait would take at least a second between checks).
func TestAccWebhookReady_wrongAnswerFailsFast(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	hook, calls := countingHook(t, env.badHook.Config.Handler.ServeHTTP)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      callConfig(env.providerBlock(), fmt.Sprintf("app_id = \"app-1\"\n  url = %q", hook.URL+"/calls")),
			ExpectError: wantError("Webhook URL verification failed.", "A check from where Terraform runs found: The webhook echoed \"not-the-one-sent\" instead of the challenge it was sent"),
		}},
	})
	if n, c := len(env.patches()), calls.Load(); n != 1 || c != 2 {
		t.Errorf("CINNOX got %d PATCH requests and the webhook %d requests, want 1 and 2 (CINNOX's challenge and one check)", n, c)
	}
}
