package provider

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	ephemeralschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
)

// The tests of url_wo, the write-only webhook url. Every test runs under
// every CLI: where the CLI has no write-only arguments (Terraform < 1.11,
// OpenTofu < 1.11) it asserts the error that CLI must get instead.

var (
	cliVersionOnce sync.Once
	cliVersion     *version.Version
	cliVersionErr  error
)

// writeOnlyCLI reports whether the CLI the acceptance tests run under
// (TF_ACC_TERRAFORM_PATH, else terraform on PATH) has write-only arguments:
// Terraform and OpenTofu 1.11 and later (both report their own version as
// terraform_version).
func writeOnlyCLI(t *testing.T) bool {
	t.Helper()
	cliVersionOnce.Do(func() {
		bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
		if bin == "" {
			bin, cliVersionErr = exec.LookPath("terraform")
			if cliVersionErr != nil {
				return
			}
		}
		// A CLI configuration that exists: the newest CLIs print a warning
		// first when TF_CLI_CONFIG_FILE names a missing one.
		rc := filepath.Join(os.TempDir(), "cinnox-version.tfrc")
		_ = os.WriteFile(rc, nil, 0o600)
		cmd := exec.Command(bin, "version", "-json")
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1")
		out, err := cmd.Output()
		if err != nil {
			cliVersionErr = fmt.Errorf("%s version -json: %w", bin, err)
			return
		}
		var v struct {
			Version string `json:"terraform_version"`
		}
		if cliVersionErr = json.Unmarshal(out, &v); cliVersionErr == nil {
			cliVersion, cliVersionErr = version.NewVersion(v.Version)
		}
	})
	if cliVersionErr != nil {
		t.Fatal(cliVersionErr)
	}
	return cliVersion.GreaterThanOrEqual(version.Must(version.NewVersion("1.11.0")))
}

// writeOnlyOrRefused reports whether the CLI has write-only arguments. Where
// it has none, it asserts what a test of url_wo must get instead, and the
// test ends: terraform validate fails, naming the versions that have them
// and url as the alternative, and nothing is sent.
func writeOnlyOrRefused(t *testing.T, env *testEnv) bool {
	t.Helper()
	if writeOnlyCLI(t) {
		return true
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: callConfig(env.providerBlock(), fmt.Sprintf("app_id = \"app-1\"\n  url_wo = %q", env.hook.URL+"/calls")),
			ExpectError: wantError("url_wo needs Terraform 1.11 or OpenTofu 1.11",
				"Upgrade the CLI, or set url instead of url_wo"),
		}},
	})
	assertNoPatches(t, env)
	return false
}

// ephemeralURL is a configuration's ephemeral variable for the webhook url.
const ephemeralURL = `
variable "hook_url" {
  type      = string
  sensitive = true
  ephemeral = true
}
`

func hookURL(url string) config.Variables {
	return config.Variables{"hook_url": config.StringVariable(url)}
}

// TestAccWriteOnlyURL_lifecycle: a subscription whose url comes from an
// ephemeral variable through url_wo, for every event type. Create
// subscribes; the same url plans nothing; a new url plans an update that
// says so (url_wo_seal unknown) and sends one PATCH; moving to url and back
// with the same value sends one PATCH each and no unsubscribe; destroy
// unsubscribes with the url CINNOX holds. State never holds the url.
func TestAccWriteOnlyURL_lifecycle(t *testing.T) {
	for _, et := range eventTypes {
		t.Run(et.Name, func(t *testing.T) {
			env := newTestEnv(t, cinnoxmock.Options{})
			if !writeOnlyOrRefused(t, env) {
				return
			}
			testURLWOLifecycle(t, env, et)
		})
	}
}

func testURLWOLifecycle(t *testing.T, env *testEnv, et eventType) {
	address := "cinnox_" + et.Name + "_event_subscription.test"
	first, second := env.hook.URL+"/"+et.Segment+"?key=first", env.hook.URL+"/"+et.Segment+"?key=second"
	withWO := env.providerBlock() + ephemeralURL + fmt.Sprintf(`
resource %q "test" {
  app_id = "app-1"
  url_wo = var.hook_url
}
`, "cinnox_"+et.Name+"_event_subscription")
	withURL := func(url string) string {
		return env.providerBlock() + fmt.Sprintf(`
resource %q "test" {
  app_id = "app-1"
  url    = %q
}
`, "cinnox_"+et.Name+"_event_subscription", url)
	}
	urlNotInState := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(address, tfjsonpath.New("url"), knownvalue.Null()),
		statecheck.ExpectKnownValue(address, tfjsonpath.New("url_wo"), knownvalue.Null()),
		statecheck.ExpectKnownValue(address, tfjsonpath.New("url_wo_seal"), knownvalue.StringRegexp(sealedCopy)),
		statecheck.ExpectKnownValue(address, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
	}
	update := func(unknownSeal bool) resource.ConfigPlanChecks {
		checks := []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)}
		if unknownSeal {
			checks = append(checks, plancheck.ExpectUnknownValue(address, tfjsonpath.New("url_wo_seal")))
		}
		return resource.ConfigPlanChecks{PreApply: checks}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             mockHolds(env, "app-1", et, false, first).checkDestroy,
		Steps: []resource.TestStep{
			{
				Config: withWO, ConfigVariables: hookURL(first),
				ConfigStateChecks: append(urlNotInState, patchesSent(env, 1, "app-1", et, true, first)),
			},
			{
				// The same url, run after run: nothing to do.
				Config: withWO, ConfigVariables: hookURL(first),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{patchesSent(env, 1, "app-1", et, true, first)},
			},
			{
				Config: withWO, ConfigVariables: hookURL(second),
				ConfigPlanChecks:  update(true),
				ConfigStateChecks: append(urlNotInState, patchesSent(env, 2, "app-1", et, true, second)),
			},
			{
				// To url with the value CINNOX holds: one PATCH, no unsubscribe.
				Config:           withURL(second),
				ConfigPlanChecks: update(false),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("url"), knownvalue.StringExact(second)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("url_wo_seal"), knownvalue.Null()),
					patchesSent(env, 3, "app-1", et, true, second),
				},
			},
			{
				// And back to url_wo with the same value.
				Config: withWO, ConfigVariables: hookURL(second),
				ConfigPlanChecks:  update(true),
				ConfigStateChecks: append(urlNotInState, patchesSent(env, 4, "app-1", et, true, second)),
			},
			{
				// Destroy unsubscribes with the url CINNOX holds.
				Config: withWO, ConfigVariables: hookURL(first), Destroy: true,
				ConfigStateChecks: []statecheck.StateCheck{patchesSent(env, 5, "app-1", et, false, second)},
			},
			{
				// (For CheckDestroy: the final destroy finds nothing to do.)
				Config: withWO, ConfigVariables: hookURL(first),
			},
		},
	})
}

// sealedCopy matches url_wo_seal: a sealed copy (internal/seal).
var sealedCopy = regexp.MustCompile(`^v1\.[A-Za-z0-9_-]{100,}$`)

// exactlyOneURL is the error of terraform-plugin-framework-validators'
// ExactlyOneOf for url and url_wo.
const exactlyOneURL = "Exactly one of these attributes must be configured: [url,url_wo]"

// TestAccWriteOnlyURL_exactlyOne: terraform validate refuses a resource
// with both url and url_wo, or neither, naming both.
func TestAccWriteOnlyURL_exactlyOne(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	url := env.hook.URL + "/calls"
	for name, tc := range map[string]struct {
		body string
		want string
	}{
		"both":    {fmt.Sprintf("app_id = \"app-1\"\n  url = %q\n  url_wo = %q", url, url), "Invalid Attribute Combination"},
		"neither": {`app_id = "app-1"`, "Missing Attribute Configuration"},
	} {
		body, want := tc.body, wantError(tc.want, exactlyOneURL)
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      callConfig(env.providerBlock(), body),
					PlanOnly:    true,
					ExpectError: want,
				}},
			})
		})
	}
	assertNoPatches(t, env)
}

// TestAccWriteOnlyURL_optionalFromAVariable: a module that lets its caller
// choose url or url_wo passes both from variables, one of them null.
// terraform validate sees variables unknown, and an unknown value may turn
// out null: it passes, and the plan judges the values once known. (Under
// a CLI without write-only arguments the framework refuses the
// configuration, which the test asserts instead.) (It drives the CLI:
// resource.Test runs no terraform validate.)
func TestAccWriteOnlyURL_optionalFromAVariable(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	url := env.hook.URL + "/calls"
	c := newCLI(t, env.providerBlock()+fmt.Sprintf(`
variable "url" {
  type    = string
  default = %q
}

variable "url_wo" {
  type    = string
  default = null
}

resource "cinnox_call_event_subscription" "test" {
  app_id = "app-1"
  url    = var.url
  url_wo = var.url_wo
}
`, url))
	if !writeOnlyCLI(t) {
		// Before 1.11 the framework refuses a url_wo that is not known to
		// be null, and a plan validates the configuration with its
		// variables unknown first: such a configuration cannot mention
		// url_wo at all.
		for _, args := range [][]string{{"validate", "-no-color"}, {"apply", "-auto-approve", "-input=false", "-no-color"}} {
			out, err := c.run(args...)
			if err == nil || !wantError("WriteOnly Attribute Not Allowed").MatchString(out) {
				t.Errorf("terraform %s under a CLI without write-only arguments (%v), want the framework's refusal:\n%s", args[0], err, out)
			}
		}
		assertNoPatches(t, env)
		return
	}
	out, err := c.run("validate", "-no-color")
	if err != nil {
		t.Fatalf("terraform validate of url and url_wo from variables (%v):\n%s", err, out)
	}
	if out, err := c.run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("apply with url set and url_wo null (%v):\n%s", err, out)
	}
	if err := mockHolds(env, "app-1", eventTypes[1], true, url)(); err != nil {
		t.Error(err)
	}
	out, err = c.run("plan", "-input=false", "-no-color", "-var", "url_wo="+url)
	if err == nil || !wantError("Invalid Attribute Combination", exactlyOneURL).MatchString(out) {
		t.Errorf("a plan with both set once known (%v):\n%s", err, out)
	}
}

// TestAccWriteOnlyURL_fromEphemeralResource: url_wo takes the value of an
// ephemeral resource, as a secret manager's would give it (here a test
// provider's, which returns what it is given).
func TestAccWriteOnlyURL_fromEphemeralResource(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	if !writeOnlyOrRefused(t, env) {
		return
	}
	url := env.hook.URL + "/calls/S3CRET"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
			"cinnox": protoV6ProviderFactories["cinnox"],
			"secret": providerserver.NewProtocol6WithError(secretProvider{}),
		},
		CheckDestroy: mockHolds(env, "app-1", eventTypes[1], false, url).checkDestroy,
		Steps: []resource.TestStep{{
			Config: env.providerBlock() + fmt.Sprintf(`
ephemeral "secret_value" "hook" {
  value = %q
}

resource "cinnox_call_event_subscription" "test" {
  app_id = "app-1"
  url_wo = ephemeral.secret_value.hook.value
}
`, url),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("cinnox_call_event_subscription.test", tfjsonpath.New("url"), knownvalue.Null()),
				mockHolds(env, "app-1", eventTypes[1], true, url),
			},
		}},
	})
}

// secretProvider is a provider with one ephemeral resource, secret_value,
// which returns its value: a stand-in for a secret manager's.
type secretProvider struct{}

func (secretProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "secret"
}
func (secretProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}
func (secretProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}
func (secretProvider) Resources(context.Context) []func() fwresource.Resource { return nil }
func (secretProvider) DataSources(context.Context) []func() datasource.DataSource {
	return nil
}
func (secretProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{func() ephemeral.EphemeralResource { return secretValue{} }}
}

type secretValue struct{}

func (secretValue) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_value"
}
func (secretValue) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = ephemeralschema.Schema{Attributes: map[string]ephemeralschema.Attribute{
		"value": ephemeralschema.StringAttribute{Required: true, Sensitive: true},
	}}
}
func (secretValue) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	resp.Diagnostics.Append(resp.Result.Set(ctx, req.Config.Raw)...)
}

// TestAccWriteOnlyURL_unknownAtPlan: a url_wo that is not known until
// apply plans an update (it may change). The apply sends it when it did
// change, and nothing when it turned out the same.
func TestAccWriteOnlyURL_unknownAtPlan(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	if !writeOnlyOrRefused(t, env) {
		return
	}
	// terraform_data's output is unknown at plan whenever it is replaced
	// or its input changes.
	config := func(version, trigger string) string {
		return env.providerBlock() + fmt.Sprintf(`
resource "terraform_data" "version" {
  input            = %q
  triggers_replace = [%q]
}

resource "cinnox_call_event_subscription" "test" {
  app_id = "app-1"
  url_wo = "%s/calls/${terraform_data.version.output}"
}
`, version, trigger, env.hook.URL)
	}
	const address = "cinnox_call_event_subscription.test"
	unknownURL := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		plancheck.ExpectUnknownValue("terraform_data.version", tfjsonpath.New("output")),
		plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
		plancheck.ExpectUnknownValue(address, tfjsonpath.New("url_wo_seal")),
	}}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             mockHolds(env, "app-1", eventTypes[1], false, env.hook.URL+"/calls/v2").checkDestroy,
		Steps: []resource.TestStep{
			{Config: config("v1", "a")},
			{
				Config:            config("v2", "a"),
				ConfigPlanChecks:  unknownURL,
				ConfigStateChecks: []statecheck.StateCheck{patchesSent(env, 2, "app-1", eventTypes[1], true, env.hook.URL+"/calls/v2")},
			},
			{
				// Unknown at plan again, the same url at apply: nothing sent.
				Config:            config("v2", "b"),
				ConfigPlanChecks:  unknownURL,
				ConfigStateChecks: []statecheck.StateCheck{patchesSent(env, 2, "app-1", eventTypes[1], true, env.hook.URL+"/calls/v2")},
			},
		},
	})
}

// TestAccWriteOnlyURL_tokenRotation: after the app token changes, the next
// plan sees that the url was sealed under another token and plans one
// update, which re-seals it; a destroy, a removal (the resource gone from
// the configuration) or a replacement (another app_id) under a token the
// copy was not sealed with fails at plan time, saying what to do, and sends
// nothing; a destroy under the current token unsubscribes with the url.
func TestAccWriteOnlyURL_tokenRotation(t *testing.T) {
	const newToken, strayToken = "rotated-app-token-7c1d", "stray-app-token-0000"
	env := newTestEnv(t, cinnoxmock.Options{OtherTokens: []string{newToken, strayToken}})
	if !writeOnlyOrRefused(t, env) {
		return
	}
	url := env.hook.URL + "/calls?key=S3CRET"
	const address = "cinnox_call_event_subscription.test"
	config := func(token string) string {
		return env.providerBlockWithToken(token) + ephemeralURL + `
resource "cinnox_call_event_subscription" "test" {
  app_id = "app-1"
  url_wo = var.hook_url
}
`
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             mockHolds(env, "app-1", eventTypes[1], false, url).checkDestroy,
		Steps: []resource.TestStep{
			{Config: config(testToken), ConfigVariables: hookURL(url)},
			{
				Config: config(newToken), ConfigVariables: hookURL(url),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(address, tfjsonpath.New("url_wo_seal")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{patchesSent(env, 2, "app-1", eventTypes[1], true, url)},
			},
			{
				// A destroy, a removal and a replacement under a token the
				// copy was not sealed with fail at plan time: nothing is
				// sent (the next step counts the requests).
				Config: config(strayToken), ConfigVariables: hookURL(url), Destroy: true,
				ExpectError: sealWontOpenError,
			},
			{
				Config:      env.providerBlockWithToken(strayToken),
				PlanOnly:    true,
				ExpectError: sealWontOpenError,
			},
			{
				Config: strings.Replace(config(strayToken), `"app-1"`, `"app-2"`, 1), ConfigVariables: hookURL(url),
				PlanOnly:    true,
				ExpectError: sealWontOpenError,
			},
			{
				Config: config(newToken), ConfigVariables: hookURL(url),
				ConfigStateChecks: []statecheck.StateCheck{patchesSent(env, 2, "app-1", eventTypes[1], true, url)},
			},
		},
	})
}

// sealWontOpenError is the plan-time error of an unsubscribe whose sealed
// url does not open under the app token.
var sealWontOpenError = wantError(`Cannot unsubscribe call events of CINNOX app "app-1" (cinnox_call_event_subscription)`,
	"the sealed copy does not open with this app token", "the plan stops here. Nothing was sent",
	"once with the app token the url was sealed under")

// TestAccWriteOnlyURL_stateAndPlanFiles: after an apply from a saved plan,
// with the url from an ephemeral variable, neither the raw state file, nor
// the resource's private state in it (decoded), nor the plan file, nor
// terraform show -json holds any part of the url's path, query or user
// information; the state holds the sealed copy, and destroy
// unsubscribes with the url. A resource beside it with url is the control:
// its secret is in the state file, so the search would find one. The CLI
// harness is needed to read the raw state and plan files.
func TestAccWriteOnlyURL_stateAndPlanFiles(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	if !writeOnlyOrRefused(t, env) {
		return
	}
	secrets := []string{"S3CRETPATH", "Q5ECRET", "pa55w0rd"}
	withSecrets := func(path string) string {
		return strings.Replace(env.hook.URL, "http://", "http://us3r:pa55w0rd@", 1) + "/cinnox/S3CRETPATH/" + path + "?key=Q5ECRET"
	}
	calls, control := withSecrets("calls"), env.hook.URL+"/enquiries?key=C0NTROL"
	c := newCLI(t, env.providerBlock()+fmt.Sprintf(`%s
resource "cinnox_call_event_subscription" "wo" {
  app_id = "app-1"
  url_wo = var.hook_url
}

resource "cinnox_inquiry_event_subscription" "control" {
  app_id = "app-1"
  url    = %q
}
`, ephemeralURL, control))
	c.env = append(c.env, "TF_VAR_hook_url="+calls)
	run := func(args ...string) string {
		t.Helper()
		out, err := c.run(args...)
		if err != nil {
			t.Fatalf("%s: %v\n%s", args[0], err, out)
		}
		return out
	}
	run("plan", "-input=false", "-no-color", "-out=tfplan")
	planFile := readPlanFile(t, filepath.Join(c.dir, "tfplan"))
	run("apply", "-input=false", "-no-color", "tfplan")
	if err := mockHolds(env, "app-1", eventTypes[1], true, calls)(); err != nil {
		t.Fatal(err)
	}
	show := run("show", "-json", "-no-color")
	stateFile, private := readStateFile(t, filepath.Join(c.dir, "terraform.tfstate"))

	if !strings.Contains(stateFile, "C0NTROL") {
		t.Errorf("the control resource's url is not in the state file: the search below proves nothing")
	}
	if !strings.Contains(stateFile, `"url_wo_seal": "v1.`) {
		t.Errorf("the state holds no sealed copy of url_wo")
	}
	for _, secret := range secrets {
		for name, text := range map[string]string{"the state file": stateFile, "the private state": private["cinnox_call_event_subscription.wo"],
			"the plan file": planFile, "terraform show -json": show} {
			if strings.Contains(text, secret) {
				t.Errorf("%s holds %q", name, secret)
			}
		}
	}

	run("destroy", "-auto-approve", "-input=false", "-no-color")
	if err := mockHolds(env, "app-1", eventTypes[1], false, calls)(); err != nil {
		t.Error(err)
	}
}

// readStateFile returns a raw state file, and each resource instance's
// private state, by address, decoded: the framework keeps a JSON object of
// base64 values, one per key, shown as key=value lines.
func readStateFile(t *testing.T, path string) (string, map[string]string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var state struct {
		Resources []struct {
			Type, Name string
			Instances  []struct {
				Private []byte `json:"private"` // base64 in the file
			}
		}
	}
	if err := json.Unmarshal(raw, &state); err != nil {
		t.Fatal(err)
	}
	private := map[string]string{}
	for _, r := range state.Resources {
		for _, i := range r.Instances {
			var keys map[string][]byte
			if err := json.Unmarshal(i.Private, &keys); err != nil {
				t.Fatalf("the private state of %s.%s: %v", r.Type, r.Name, err)
			}
			var text strings.Builder
			for k, v := range keys {
				fmt.Fprintf(&text, "%s=%s\n", k, v)
			}
			private[r.Type+"."+r.Name] = text.String()
		}
	}
	return string(raw), private
}

// readPlanFile returns every file of a saved plan (a zip archive) as one
// text.
func readPlanFile(t *testing.T, path string) string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = z.Close() }()
	var all strings.Builder
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		_ = r.Close()
		all.Write(b)
	}
	if all.Len() == 0 {
		t.Fatal("the plan file is empty")
	}
	return all.String()
}

// TestAccWriteOnlyURL_createTimeout: a create that times out after CINNOX
// took it leaves the resource tainted with its url sealed; the next apply
// replaces it, unsubscribing with the sealed url, and subscribes again.
func TestAccWriteOnlyURL_createTimeout(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{Delay: slowAnswer})
	if !writeOnlyOrRefused(t, env) {
		return
	}
	url := env.hook.URL + "/calls?key=S3CRET"
	const address = "cinnox_call_event_subscription.test"
	config := env.providerBlock() + ephemeralURL + `
resource "cinnox_call_event_subscription" "test" {
  app_id = "app-1"
  url_wo = var.hook_url
  timeouts {
    create = "500ms"
  }
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             mockHolds(env, "app-1", eventTypes[1], false, url).checkDestroy,
		Steps: []resource.TestStep{
			{
				Config: config, ConfigVariables: hookURL(url),
				ExpectError: wantError("Timed out: subscribe call events", "marked tainted"),
			},
			{
				PreConfig: func() {
					if sub, _ := env.mock.Subscription("app-1", "call"); !sub.Enabled {
						t.Fatalf("the mock did not enable the subscription: the test did not time out mid-request")
					}
					env.mock.SetDelay(0)
				},
				Config: config, ConfigVariables: hookURL(url),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{mockAgrees{env}, mockHolds(env, "app-1", eventTypes[1], true, url), onMock(func() error {
					// The replace's unsubscribe carried the sealed url.
					p := env.patches()
					return checkRequest(p[len(p)-2], "app-1", eventTypes[1], false, url)
				})},
			},
		},
	})
}

// TestAccWriteOnlyURL_importThenApply: an imported subscription, then
// applied with url_wo, subscribes and seals its url; a new app_id replaces
// it, unsubscribing the old app with the url it held.
func TestAccWriteOnlyURL_importThenApply(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	if !writeOnlyOrRefused(t, env) {
		return
	}
	url := env.hook.URL + "/calls?key=S3CRET"
	const address = "cinnox_call_event_subscription.test"
	config := func(appID, extra string) string {
		return env.providerBlock() + ephemeralURL + fmt.Sprintf(`
resource "cinnox_call_event_subscription" "test" {
  app_id = %q
  url_wo = var.hook_url
}
%s`, appID, extra)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             mockHolds(env, "app-2", eventTypes[1], false, url).checkDestroy,
		Steps: []resource.TestStep{
			{
				Config: config("app-1", `
import {
  to = cinnox_call_event_subscription.test
  id = "app-1"
}
`), ConfigVariables: hookURL(url),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("url_wo_seal"), knownvalue.StringRegexp(sealedCopy)),
					patchesSent(env, 1, "app-1", eventTypes[1], true, url),
				},
			},
			{
				Config: config("app-2", ""), ConfigVariables: hookURL(url),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					mockHolds(env, "app-1", eventTypes[1], false, url),
					mockHolds(env, "app-2", eventTypes[1], true, url),
				},
			},
		},
	})
}

// TestAccWriteOnlyURL_renameWithoutMovedBlock: renaming 10 url_wo
// subscriptions without a moved block, with CINNOX holding every
// unsubscribe, ends with all enabled on their urls, as with url. (Whether
// Terraform sent the two requests of one subscription at once is asserted
// for url by TestAccClaims_renameWithoutMovedBlock; the bookkeeping is the
// same. This test is not parallel, so that it does not take that one's
// parallelism.)
func TestAccWriteOnlyURL_renameWithoutMovedBlock(t *testing.T) {
	const n = 10
	env := newTestEnv(t, cinnoxmock.Options{})
	if !writeOnlyOrRefused(t, env) {
		return
	}
	writeOnly := func(prefix string) string {
		return strings.ReplaceAll(renamedSubscriptions(env, n, prefix+"_"), "  url    = ", "  url_wo = ")
	}
	if !strings.Contains(writeOnly("from"), "url_wo =") {
		t.Fatal("the configuration does not use url_wo")
	}
	onTheirURLs := onMock(func() error {
		for i := range n {
			if err := mockHolds(env, fmt.Sprintf("app-%d", i), eventTypes[0], true, fmt.Sprintf("%s/inquiry/%d", env.hook.URL, i))(); err != nil {
				return err
			}
		}
		return nil
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: writeOnly("from"), ConfigStateChecks: []statecheck.StateCheck{mockAgrees{env}, onTheirURLs}},
			{
				PreConfig: func() { env.mock.SetHoldUnsubscribe(holdUnsubscribe) },
				Config:    writeOnly("to"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("cinnox_inquiry_event_subscription.from_0", plancheck.ResourceActionDestroy),
					plancheck.ExpectResourceAction("cinnox_inquiry_event_subscription.to_0", plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{mockAgrees{env}, mockEnabled{env, n}, onTheirURLs},
			},
			{
				Config:           writeOnly("to"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{Config: env.providerBlock(), ConfigStateChecks: []statecheck.StateCheck{mockEnabled{env, 0}}},
		},
	})
}

// TestAccWriteOnlyURL_stateFromEarlierVersion: a state written by a
// provider version without url_wo (no url_wo or url_wo_seal attributes)
// plans nothing, and moving it to url_wo sends one PATCH. It needs the CLI
// harness to write the raw state file.
func TestAccWriteOnlyURL_stateFromEarlierVersion(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	url := env.hook.URL + "/calls"
	block := func(arg string) string {
		return callConfig(env.providerBlock(), fmt.Sprintf("app_id = \"app-1\"\n  %s = %q", arg, url))
	}
	c := newCLI(t, block("url"))
	state := fmt.Sprintf(`{"version": 4, "terraform_version": "1.5.7", "serial": 1, "lineage": "0a6b1f0e-5c43-4f4b-9d0e-3f0b7b1e2a11",
  "outputs": {}, "check_results": null, "resources": [{"mode": "managed", "type": "cinnox_call_event_subscription",
  "name": "test", "provider": "provider[\"%s\"]", "instances": [{"schema_version": 0, "attributes": {
  "app_id": "app-1", "enabled": true, "id": "app-1", "timeouts": null, "updated_at": "2026-01-01T00:00:00Z", "url": %q},
  "sensitive_attributes": []}]}]}`, providerAddress, url)
	if err := writeFile(filepath.Join(c.dir, "terraform.tfstate"), state); err != nil {
		t.Fatal(err)
	}
	out, err := c.run("plan", "-input=false", "-no-color", "-detailed-exitcode")
	if err != nil {
		t.Fatalf("the plan of the earlier version's state is not empty (%v):\n%s", err, out)
	}
	if !writeOnlyCLI(t) {
		return // the refusal of url_wo is asserted by the other tests
	}
	if err := writeConfig(c, block("url_wo")); err != nil {
		t.Fatal(err)
	}
	if out, err := c.run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	if err := patchesSent(env, 1, "app-1", eventTypes[1], true, url)(); err != nil {
		t.Error(err)
	}
	if out, err := c.run("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		t.Errorf("the plan after moving to url_wo is not empty (%v):\n%s", err, out)
	}
}

// TestAccWriteOnlyURL_refusedWebhook: a url_wo whose webhook answers the
// challenge wrongly fails as a url does, with what the webhook answered, no
// part of the url's secret (although CINNOX's refusal quotes the url), and
// nothing in state.
func TestAccWriteOnlyURL_refusedWebhook(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{VerboseRefusals: true})
	if !writeOnlyOrRefused(t, env) {
		return
	}
	url := env.badHook.URL + "/cinnox/S3CRET/calls?key=S3CRET"
	config := env.providerBlock(`webhook_ready_timeout = "0s"`) + ephemeralURL + `
resource "cinnox_call_event_subscription" "test" {
  app_id = "app-1"
  url_wo = var.hook_url
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		ErrorCheck: func(err error) error {
			if strings.Contains(err.Error(), "S3CRET") {
				t.Errorf("the error shows the url's secret:\n%v", err)
			}
			return err
		},
		Steps: []resource.TestStep{{
			Config: config, ConfigVariables: hookURL(url),
			ExpectError: wantError("Webhook URL verification failed", `The webhook echoed "not-the-one-sent"`,
				"CINNOX made no change, and Terraform saved nothing"),
		}, {
			// Nothing in state; the error never showed the secret (below).
			Config:            env.providerBlock(),
			ConfigStateChecks: []statecheck.StateCheck{mockEnabled{env, 0}},
		}},
	})
}

// TestAccWriteOnlyURL_tokenRotationSaysWhy: the plan after an app token
// rotation says why it re-subscribes. The CLI harness is needed to read a
// plan's warnings.
func TestAccWriteOnlyURL_tokenRotationSaysWhy(t *testing.T) {
	const newToken = "rotated-app-token-7c1d"
	env := newTestEnv(t, cinnoxmock.Options{OtherTokens: []string{newToken}})
	if !writeOnlyOrRefused(t, env) {
		return
	}
	config := func(token string) string {
		return env.providerBlockWithToken(token) + fmt.Sprintf(`
resource "cinnox_call_event_subscription" "test" {
  app_id = "app-1"
  url_wo = %q
}
`, env.hook.URL+"/calls")
	}
	c := newCLI(t, config(testToken))
	if out, err := c.run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	if err := writeConfig(c, config(newToken)); err != nil {
		t.Fatal(err)
	}
	out, err := c.run("plan", "-input=false", "-no-color")
	if err != nil {
		t.Fatalf("plan: %v\n%s", err, out)
	}
	if !wantError("Warning: Webhook url sealed under another app token", `webhook url of CINNOX app "app-1"`,
		"the sealed copy does not open with this app token", "This apply subscribes once more").MatchString(out) ||
		!strings.Contains(out, "1 to change") {
		t.Errorf("the plan does not say it re-subscribes, and why:\n%s", out)
	}
	// Until that apply, a destroy cannot be sent: its plan fails, and
	// nothing is sent.
	env.mock.ResetRequests()
	out, err = c.run("plan", "-destroy", "-input=false", "-no-color")
	if err == nil || !sealWontOpenError.MatchString(out) {
		t.Errorf("plan -destroy: %v, want it to fail saying why:\n%s", err, out)
	}
	assertNoPatches(t, env)
}

// TestAccWriteOnlyURL_sealOutranksStateURL: a url written into the state of
// a url_wo subscription by hand (beside its sealed copy) is not what the
// destroy unsubscribes: the sealed url, the one the provider sent, is.
func TestAccWriteOnlyURL_sealOutranksStateURL(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	if !writeOnlyOrRefused(t, env) {
		return
	}
	url := env.hook.URL + "/calls?key=S3CRET"
	c := newCLI(t, env.providerBlock()+fmt.Sprintf(`
resource "cinnox_call_event_subscription" "test" {
  app_id = "app-1"
  url_wo = %q
}
`, url))
	if out, err := c.run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	statePath := filepath.Join(c.dir, "terraform.tfstate")
	raw, err := os.ReadFile(statePath)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(raw), `"url": null`, `"url": "https://hand-written.example.com/other"`, 1)
	if edited == string(raw) {
		t.Fatalf("the state has no null url to write over:\n%s", raw)
	}
	if err := os.WriteFile(statePath, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := c.run("destroy", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("destroy: %v\n%s", err, out)
	}
	if err := patchesSent(env, 2, "app-1", eventTypes[1], false, url)(); err != nil {
		t.Error(err)
	}
}

// TestAccWriteOnlyURL_planSaysTheURLChanges: what the plan prints for a
// url_wo that changes, stays, or is not known until apply, as the secrets
// guide quotes it: a changed one is an update that says in words that the
// webhook url changes; neither url is shown.
func TestAccWriteOnlyURL_planSaysTheURLChanges(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	if !writeOnlyOrRefused(t, env) {
		return
	}
	config := func(url string) string {
		return env.providerBlock() + fmt.Sprintf(`
resource "terraform_data" "version" {
  input = "v1"
}

resource "cinnox_call_event_subscription" "test" {
  app_id = "app-1"
  url_wo = %s
}
`, url)
	}
	first, second := fmt.Sprintf("%q", env.hook.URL+"/calls/S3CRET-1"), fmt.Sprintf("%q", env.hook.URL+"/calls/S3CRET-2")
	c := newCLI(t, config(first))
	if out, err := c.run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	// terraform_data's output is unknown at plan while its input changes.
	unknown := strings.Replace(config(`"`+env.hook.URL+`/calls/${terraform_data.version.output}"`), `input = "v1"`, `input = "v2"`, 1)
	for _, tc := range []struct {
		name, config string
		want         []string
	}{
		{"unchanged", config(first), []string{"No changes."}},
		{"changed", config(second), []string{"~ update in-place", "url_wo_seal", "(known after apply)", "1 to change",
			"Warning: Webhook url changes", `The url_wo of the call subscription of CINNOX app "app-1" differs`}},
		{"unknown", unknown, []string{"~ update in-place", "url_wo_seal", "(known after apply)", "2 to change"}},
	} {
		if err := writeConfig(c, tc.config); err != nil {
			t.Fatal(err)
		}
		out, err := c.run("plan", "-input=false", "-no-color")
		if err != nil {
			t.Fatalf("%s: plan: %v\n%s", tc.name, err, out)
		}
		if !wantError(tc.want...).MatchString(out) || strings.Contains(out, "S3CRET") {
			t.Errorf("%s url_wo: the plan does not say %q, or shows the url:\n%s", tc.name, tc.want, out)
		}
		if tc.name == "unknown" && strings.Contains(out, "Webhook url changes") {
			t.Errorf("a url_wo not known until apply is said to change:\n%s", out)
		}
	}
}

// TestAccWriteOnlyURL_invalidURLNamesURLWO: a url_wo that is no webhook URL
// (a placeholder such as "x" in a destroy's variable) is refused naming
// url_wo, the attribute the user set.
func TestAccWriteOnlyURL_invalidURLNamesURLWO(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	if !writeOnlyOrRefused(t, env) {
		return
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      callConfig(env.providerBlock(), "app_id = \"app-1\"\n  url_wo = \"x\""),
			PlanOnly:    true,
			ExpectError: wantError("Invalid webhook URL", `url_wo "x" must start with https:// (or http://)`, "Set url_wo to the absolute"),
		}},
	})
	assertNoPatches(t, env)
}

// TestAccWriteOnlyURL_moveLeavesTheURLInTheBackup: after a move from url to
// url_wo, terraform.tfstate no longer holds the url, and
// terraform.tfstate.backup, the local backend's copy of the state before
// the apply, still does, as the secrets guide says.
func TestAccWriteOnlyURL_moveLeavesTheURLInTheBackup(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	if !writeOnlyOrRefused(t, env) {
		return
	}
	url := env.hook.URL + "/calls?key=S3CRET"
	config := func(attribute string) string {
		return env.providerBlock() + fmt.Sprintf(`
resource "cinnox_call_event_subscription" "test" {
  app_id = "app-1"
  %s = %q
}
`, attribute, url)
	}
	c := newCLI(t, config("url"))
	for _, attribute := range []string{"url", "url_wo"} {
		if err := writeConfig(c, config(attribute)); err != nil {
			t.Fatal(err)
		}
		if out, err := c.run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
			t.Fatalf("apply with %s: %v\n%s", attribute, err, out)
		}
	}
	for file, holds := range map[string]bool{"terraform.tfstate": false, "terraform.tfstate.backup": true} {
		data, err := os.ReadFile(filepath.Join(c.dir, file))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(string(data), "S3CRET"); got != holds {
			t.Errorf("%s holds the url: %v, want %v", file, got, holds)
		}
	}
}
