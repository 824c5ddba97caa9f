package provider

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// providerAddress is the provider's full source address. Configurations of
// the CLI tests name it in full, so that Terraform and OpenTofu (whose
// default registry differs) both resolve it to the provider served here.
const (
	providerAddress = "registry.terraform.io/cinnox/cinnox"
	openTofuAddress = "registry.opentofu.org/cinnox/cinnox"
)

// cli runs the Terraform CLI (TF_ACC_TERRAFORM_PATH, else terraform on
// PATH) in a directory of its own, against the provider served in this
// test process, as a user runs it: a real apply that can be interrupted
// with Ctrl-C (SIGINT to its process group). terraform-plugin-testing
// cannot send a signal, so the interruption tests use this instead.
type cli struct {
	t   *testing.T
	bin string
	dir string
	env []string
	// signal is what runUntil sends: SIGINT (Ctrl-C) unless set, SIGKILL
	// for a run killed outright.
	signal syscall.Signal
}

// newCLI serves a new provider in-process and returns a CLI attached to it,
// with main.tf holding config.
func newCLI(t *testing.T, config string) *cli {
	t.Helper()
	return newCLIServing(t, config, New("test")())
}

// newCLIServing is newCLI for the provider p.
func newCLIServing(t *testing.T, config string, p provider.Provider) *cli {
	t.Helper()
	bin := terraformCLI(t)
	ctx, cancel := context.WithCancel(context.Background())
	reattach := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	go func() {
		err := tf6server.Serve(providerAddress, providerserver.NewProtocol6(p),
			tf6server.WithDebug(ctx, reattach, closed),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithLoggingSink(t),
			tf6server.WithoutLogStderrOverride())
		if err != nil {
			t.Errorf("serving the provider: %v", err)
		}
	}()
	var rc *plugin.ReattachConfig
	select {
	case rc = <-reattach:
	case <-time.After(30 * time.Second):
		t.Fatal("the provider server did not start")
	}
	t.Cleanup(func() {
		cancel()
		<-closed
	})
	attach := map[string]any{
		"Protocol": string(rc.Protocol), "ProtocolVersion": rc.ProtocolVersion, "Pid": rc.Pid, "Test": true,
		"Addr": map[string]string{"Network": rc.Addr.Network(), "String": rc.Addr.String()},
	}
	// OpenTofu looks the provider up under its own registry's name too
	// (tofu show does).
	reattachJSON, _ := json.Marshal(map[string]any{providerAddress: attach, openTofuAddress: attach})

	dir := t.TempDir()
	cliConfig := filepath.Join(dir, ".terraformrc")
	for name, content := range map[string]string{cliConfig: "", filepath.Join(dir, "main.tf"): cliConfigHeader + config} {
		if err := writeFile(name, content); err != nil {
			t.Fatal(err)
		}
	}
	c := &cli{t: t, bin: bin, dir: dir, env: append(os.Environ(),
		"TF_REATTACH_PROVIDERS="+string(reattachJSON),
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		"TF_LOG=",
	)}
	if out, err := c.run("init", "-input=false", "-no-color"); err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}
	return c
}

// terraformCLI is the CLI the tests run: TF_ACC_TERRAFORM_PATH, else
// terraform on PATH. It skips the test unless TF_ACC is set.
func terraformCLI(t *testing.T) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make test does)")
	}
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" {
		var err error
		if bin, err = exec.LookPath("terraform"); err != nil {
			t.Fatal("no Terraform CLI: set TF_ACC_TERRAFORM_PATH or put terraform on PATH")
		}
	}
	return bin
}

const cliConfigHeader = `terraform {
  required_providers {
    cinnox = {
      source = "` + providerAddress + `"
    }
  }
}
`

// run runs one CLI command and returns its combined output.
func (c *cli) run(args ...string) (string, error) {
	return c.runUntil(nil, args...)
}

// runUntil runs one CLI command in a process group of its own and, once
// interrupt reports true (it is polled), sends SIGINT to the group, as
// Ctrl-C in a terminal does. interrupt may be nil.
func (c *cli) runUntil(interrupt func() bool, args ...string) (string, error) {
	c.t.Helper()
	cmd := exec.Command(c.bin, args...)
	cmd.Dir, cmd.Env = c.dir, c.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	if interrupt != nil {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
	poll:
		for {
			select {
			case err := <-done:
				c.t.Fatalf("%s %s ended before it could be interrupted (%v):\n%s", c.bin, strings.Join(args, " "), err, out.String())
			case <-tick.C:
				if interrupt() {
					_ = syscall.Kill(-cmd.Process.Pid, cmp.Or(c.signal, syscall.SIGINT))
					break poll
				}
			}
		}
	}
	err := <-done
	c.t.Logf("%s %s: %v\n%s", filepath.Base(c.bin), strings.Join(args, " "), err, out.String())
	return out.String(), err
}

// stateResource is one resource of `terraform show -json`.
type stateResource struct {
	Address string `json:"address"`
	Type    string `json:"type"`
	Tainted bool   `json:"tainted"`
	Values  struct {
		AppID   string `json:"app_id"`
		URL     string `json:"url"`
		Enabled *bool  `json:"enabled"`
	} `json:"values"`
}

// state returns the resources Terraform's state holds.
func (c *cli) state() []stateResource {
	c.t.Helper()
	var show struct {
		Values *struct {
			RootModule struct {
				Resources []stateResource `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	c.show(&show)
	if show.Values == nil {
		return nil
	}
	return show.Values.RootModule.Resources
}

// show decodes `terraform show -json` into v.
func (c *cli) show(v any) {
	c.t.Helper()
	out, err := c.run("show", "-json", "-no-color")
	if err != nil {
		c.t.Fatalf("show: %v", err)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		c.t.Fatalf("show -json: %v\n%s", err, out)
	}
}

// checkAgreement fails the test unless Terraform's state and the mock agree
// (see mockAgrees), and returns how many subscriptions are enabled on the
// mock.
func checkAgreement(t *testing.T, env *testEnv, c *cli) int {
	t.Helper()
	var state tfjson.State
	c.show(&state)
	var resp statecheck.CheckStateResponse
	mockAgrees{env}.CheckState(context.Background(), statecheck.CheckStateRequest{State: &state}, &resp)
	if resp.Error != nil {
		t.Error(resp.Error)
	}
	return len(enabledOnMock(env))
}

func typeOfSegment(segment string) string {
	for _, et := range eventTypes {
		if et.Segment == segment {
			return "cinnox_" + et.Name + "_event_subscription"
		}
	}
	return "unknown segment " + segment
}

func segmentOfType(typ string) string {
	for _, et := range eventTypes {
		if typ == "cinnox_"+et.Name+"_event_subscription" {
			return et.Segment
		}
	}
	return "unknown type " + typ
}

// abandoned counts the requests whose client went away before the answer.
func abandoned(env *testEnv) int {
	n := 0
	for _, r := range env.mock.Requests() {
		if strings.HasPrefix(r.Note, "client went away") {
			n++
		}
	}
	return n
}

// writeConfig replaces the configuration of c.
func writeConfig(c *cli, config string) error {
	return writeFile(c.dir+"/main.tf", cliConfigHeader+config)
}

func writeFile(name, content string) error { return os.WriteFile(name, []byte(content), 0o600) }

// checkLogs fails the test unless every log file holds the text that shows
// it was captured (logs maps a path to that text), and none holds secret.
func checkLogs(t *testing.T, secret string, logs map[string]string) {
	t.Helper()
	for path, want := range logs {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		if !strings.Contains(text, want) {
			t.Errorf("%s (%d bytes) lacks %q: the logs were not captured", filepath.Base(path), len(text), want)
		}
		if i := strings.Index(text, secret); i >= 0 {
			t.Errorf("the secret is in %s: …%s…", filepath.Base(path), text[max(0, i-300):min(len(text), i+100)])
		}
	}
}
