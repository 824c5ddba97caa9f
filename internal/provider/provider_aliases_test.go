package provider

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
)

// severalAppsExample is the provider page's example of several apps, each
// with its own App Token (templates/index.md.tmpl).
func severalAppsExample(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../templates/index.md.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)### Several apps, each with its own App Token.*?```terraform\n(.*?)```").FindSubmatch(b)
	if m == nil {
		t.Fatal("the provider page has no example under \"Several apps, each with its own App Token\"")
	}
	return string(m[1])
}

// TestAccProviderAliases_eachAppItsOwnToken applies the provider page's
// example as written, with the built provider, which Terraform starts once
// per alias as it does for a user (a provider served in the test process
// serves every alias from one configuration): each alias sends its own
// app's requests with its own token. And as the page says, claims hold
// within one alias, not across two: both aliases managing one app and event
// plan without an error.
func TestAccProviderAliases_eachAppItsOwnToken(t *testing.T) {
	const supportToken, salesToken = "support-app-token-1", "sales-app-token-2"
	env := newTestEnv(t, cinnoxmock.Options{Token: supportToken, OtherTokens: []string{salesToken}, SkipVerification: true})
	b := serveBuilt(t)
	example := severalAppsExample(t)
	dir := t.TempDir()
	terraform := func(config string, args ...string) string {
		t.Helper()
		if err := writeFile(filepath.Join(dir, "main.tf"), cliConfigHeader+config); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(b.bin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+b.cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
			"PROVIDER_STDERR="+filepath.Join(dir, "stderr.log"), EnvBaseURL+"="+env.api.URL,
			"TF_VAR_support_app_token="+supportToken, "TF_VAR_sales_app_token="+salesToken)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("terraform %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	terraform(example, "apply", "-auto-approve", "-input=false", "-no-color")
	call := eventTypeOfSegment("call")
	for appID, url := range map[string]string{"support-app-id": "https://hooks.example.com/cinnox/support/calls",
		"sales-app-id": "https://hooks.example.com/cinnox/sales/calls"} {
		if err := mockHolds(env, appID, call, true, url)(); err != nil {
			t.Error(err)
		}
	}
	want := map[string]int{"support-app-id": 0, "sales-app-id": 1} // the mock's Token, OtherTokens[0]
	for _, r := range env.patches() {
		if token, ok := want[r.AppID]; !ok || !r.Authorized || r.Token != token {
			t.Errorf("PATCH %s was not sent with its app's token (authorized %v, token %d)", r.Path, r.Authorized, r.Token)
		}
	}
	if n := len(env.patches()); n != 2 {
		t.Errorf("server got %d PATCH requests, want 2", n)
	}
	both := regexp.MustCompile(`(provider = cinnox.sales\n)`).ReplaceAllString(example, "${1}  app_id   = \"support-app-id\"\n")
	if out := terraform(both, "plan", "-input=false", "-no-color"); !regexp.MustCompile(`1 to add, 0 to change, 1 to destroy`).MatchString(out) {
		t.Errorf("two aliases managing one subscription: want the plan to replace the sales one, unrefused:\n%s", out)
	}
}
