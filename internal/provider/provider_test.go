package provider

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

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

// testEnv is one mock CINNOX server plus webhook endpoints for a test.
type testEnv struct {
	mock *cinnoxmock.Server
	api  *httptest.Server
	// hook answers the CINNOX challenge; badHook answers it wrongly (it
	// echoes another challenge), so it fails verification at once.
	hook    *httptest.Server
	badHook *httptest.Server
}

// mockEvents is the mock's event table, taken from the provider's so that a
// new event type is served as soon as it is added there.
func mockEvents() map[string]bool {
	m := map[string]bool{}
	for _, et := range eventTypes {
		m[et.segment] = et.returnsUpdatedAt
	}
	return m
}

func newTestEnv(t *testing.T, opts cinnoxmock.Options) *testEnv {
	t.Helper()
	if opts.Token == "" {
		opts.Token = testToken
	}
	if opts.Events == nil {
		opts.Events = mockEvents()
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
	return fmt.Sprintf(`
provider "cinnox" {
  base_url  = %q
  app_token = %q
  %s
}
`, e.api.URL, testToken, strings.Join(extra, "\n  "))
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
