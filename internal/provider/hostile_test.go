package provider

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
)

// TestAccSecrets_echoedTokenPrintedNowhere: a server (or a proxy or WAF in
// front of it) that echoes the Authorization header, in its JSON message,
// in an HTML page and in a header, gets the app token printed nowhere: not
// in the terminal, not in Terraform's TRACE log (which records the
// diagnostics), not in the provider's.
func TestAccSecrets_echoedTokenPrintedNowhere(t *testing.T) {
	logDir := t.TempDir()
	providerLog := filepath.Join(logDir, "provider.log")
	terraformLog := filepath.Join(logDir, "terraform.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", providerLog)
	t.Setenv(EnvAppToken, testToken)

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
