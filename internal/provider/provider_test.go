package provider

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
)

const testToken = "test-app-token-5f2b9c"

// protoV6ProviderFactories serve the provider in-process to Terraform, a new
// provider for each server: the provider keeps its configuration, and tests
// that run in parallel configure it differently.
var protoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"cinnox": func() (tfprotov6.ProviderServer, error) { return providerserver.NewProtocol6WithError(New("test")())() },
}

// compressedTimeFactories serve a provider whose requests_per_minute counts
// in rateWindow instead of a minute, and whose retries start after 10ms, so
// that rate limits and retries can be tested in seconds.
func compressedTimeFactories(rateWindow time.Duration) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"cinnox": providerserver.NewProtocol6WithError(&cinnoxProvider{
			version: "test", rateWindow: rateWindow, retryWaitMin: 10 * time.Millisecond,
		}),
	}
}

// compressedWaitFactories serve a provider that checks a webhook that is not
// ready yet again after 100ms (then 200ms, 400ms, ...) instead of 1s, and
// waits notFoundWait for one that answers 404, so that the waits for a
// webhook can be tested in seconds.
func compressedWaitFactories(notFoundWait time.Duration) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"cinnox": providerserver.NewProtocol6WithError(&cinnoxProvider{
			version: "test", readyWaitMin: 100 * time.Millisecond, notFoundWait: notFoundWait,
		}),
	}
}

// testEnv is one mock CINNOX server plus webhook endpoints for a test.
type testEnv struct {
	mock *cinnoxmock.Server
	api  *httptest.Server
	// hook answers the CINNOX challenge; badHook answers it wrongly (it
	// echoes another challenge), so it fails verification at once.
	hook    *httptest.Server
	badHook *httptest.Server
}

func newTestEnv(t *testing.T, opts cinnoxmock.Options) *testEnv {
	t.Helper()
	if opts.Token == "" {
		opts.Token = testToken
	}
	env := &testEnv{mock: cinnoxmock.New(opts)}
	env.api = httptest.NewServer(env.mock)
	env.hook = httptest.NewServer(&cinnoxmock.Receiver{})
	env.badHook = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"code":0,"result":{"challenge":"not-the-one-sent"}}`)
	}))
	t.Cleanup(func() {
		env.api.Close()
		env.hook.Close()
		env.badHook.Close()
	})
	return env
}

// providerBlock configures the provider in HCL for the mock, with extra
// attribute lines appended.
func (e *testEnv) providerBlock(extra ...string) string {
	return e.providerBlockWithToken(testToken, extra...)
}

// providerBlockWithToken is providerBlock with another app token.
func (e *testEnv) providerBlockWithToken(token string, extra ...string) string {
	return fmt.Sprintf(`
provider "cinnox" {
  base_url  = %q
  app_token = %q
  %s
}
`, e.api.URL, token, strings.Join(extra, "\n  "))
}

// patches returns the PATCH requests the mock has received.
func (e *testEnv) patches() []cinnoxmock.Request {
	var out []cinnoxmock.Request
	for _, r := range e.mock.Requests() {
		if r.Method == http.MethodPatch {
			out = append(out, r)
		}
	}
	return out
}

// wantError matches an error output that contains the phrases in order,
// whatever way Terraform wrapped the lines.
func wantError(phrases ...string) *regexp.Regexp {
	parts := make([]string, len(phrases))
	for i, p := range phrases {
		parts[i] = strings.Join(strings.Fields(regexp.QuoteMeta(p)), `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, `.*`))
}

// mockAgrees is a statecheck.StateCheck: the mock CINNOX server holds what
// Terraform's state says. Every subscription enabled on the server is in
// state, and every resource in state with enabled = true is enabled on the
// server with its url (with url_wo, whatever url) (a tainted resource, or one whose enabled is null,
// may be either: the next apply or destroy sends its request again).
type mockAgrees struct{ env *testEnv }

func (c mockAgrees) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	inState := map[string]*tfjson.StateResource{}
	if req.State != nil && req.State.Values != nil {
		for _, r := range allResources(req.State.Values.RootModule) {
			appID, _ := r.AttributeValues["app_id"].(string)
			inState[appID+" "+r.Type] = r
		}
	}
	var errs []error
	for _, sub := range c.env.mock.Subscriptions() {
		if _, ok := inState[sub.AppID+" "+typeOfSegment(sub.Event)]; sub.Enabled && !ok {
			errs = append(errs, fmt.Errorf("the %s subscription of %s is enabled on the server, but state does not hold it", sub.Event, sub.AppID))
		}
	}
	for _, r := range inState {
		enabled, known := r.AttributeValues["enabled"].(bool)
		if r.Tainted || !known {
			continue
		}
		appID, _ := r.AttributeValues["app_id"].(string)
		url, _ := r.AttributeValues["url"].(string)
		// With url_wo, state does not know the url: mockHolds checks it.
		_, writeOnly := r.AttributeValues["url_wo_seal"].(string)
		sub, ok := c.env.mock.Subscription(appID, segmentOfType(r.Type))
		if !ok || sub.Enabled != enabled || (sub.URL != url && !writeOnly) {
			errs = append(errs, fmt.Errorf("state holds %s as enabled=%v url=%q, the server has enabled=%v url=%q (known: %v)",
				r.Address, enabled, url, sub.Enabled, sub.URL, ok))
		}
	}
	resp.Error = errors.Join(errs...)
}

// allResources returns the resources of a module and of its child modules.
func allResources(m *tfjson.StateModule) []*tfjson.StateResource {
	if m == nil {
		return nil
	}
	out := append([]*tfjson.StateResource(nil), m.Resources...)
	for _, child := range m.ChildModules {
		out = append(out, allResources(child)...)
	}
	return out
}

// mockEnabled is a statecheck.StateCheck: exactly n subscriptions are
// enabled on the mock CINNOX server.
type mockEnabled struct {
	env *testEnv
	n   int
}

func (c mockEnabled) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if enabled := enabledOnMock(c.env); len(enabled) != c.n {
		resp.Error = fmt.Errorf("%d subscriptions are enabled on the server, want %d: %v", len(enabled), c.n, enabled)
	}
}

// callConfig is a one-resource configuration under the given provider block.
func callConfig(providerBlock, resourceBody string) string {
	return providerBlock + fmt.Sprintf(`
resource "cinnox_call_event_subscription" "test" {
  %s
}
`, resourceBody)
}

// assertNoPatches fails the test if the mock saw any PATCH.
func assertNoPatches(t *testing.T, env *testEnv) {
	t.Helper()
	if n := len(env.patches()); n != 0 {
		t.Errorf("server got %d PATCH requests, want none", n)
	}
}

// enabledOnMock lists the subscriptions enabled on the mock, as app/event.
func enabledOnMock(env *testEnv) []string {
	var enabled []string
	for _, sub := range env.mock.Subscriptions() {
		if sub.Enabled {
			enabled = append(enabled, sub.AppID+"/"+sub.Event)
		}
	}
	return enabled
}
