package provider

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
)

// TestAccLogLevels_writesOnlyWhatTerraformKeeps serves the provider as
// Terraform does, the binary main.go builds started by the CLI, and reads
// what the provider process writes to its stderr, which Terraform reads and
// keeps from the provider log level on: TF_LOG_PROVIDER's, else TF_LOG's,
// and nothing without either. The provider writes what Terraform keeps and
// nothing more (internal/logenv): in a run without TF_LOG, no log line at
// all but go-plugin's two at start-up.
func TestAccLogLevels_writesOnlyWhatTerraformKeeps(t *testing.T) {
	env := newTestEnv(t, cinnoxmock.Options{})
	served := serveBuilt(t)
	// Each entry as the provider writes it (JSON) and as Terraform's log
	// holds it.
	type entry struct{ written, kept string }
	var (
		anyEntry   = entry{`"@module":`, "provider.terraform-provider-cinnox: "}
		request    = entry{`"@message":"CINNOX request"`, "provider.terraform-provider-cinnox: CINNOX request: "}
		traceEntry = entry{`"@level":"trace"`, "[TRACE] provider.terraform-provider-cinnox: "}
	)
	// Lines Terraform's log must hold. Terraform can exit before it has read
	// the last lines of the last provider process (the apply's, where the
	// request is sent), so what it keeps is shown by lines of the plan's
	// process: a debug line of the framework's, and any trace line.
	const (
		debugKept = "[DEBUG] provider.terraform-provider-cinnox: marking computed attribute"
		traceKept = "[TRACE] provider.terraform-provider-cinnox: "
	)
	for _, tc := range []struct {
		name   string
		env    []string
		want   []entry  // written by the provider
		kept   []string // held by Terraform's log
		absent []entry  // neither written nor held
	}{
		{"no TF_LOG: no entry at all", nil, nil, nil, []entry{anyEntry}},
		{"TF_LOG=OFF: no entry at all", []string{"TF_LOG=OFF"}, nil, nil, []entry{anyEntry}},
		{"TF_LOG=DEBUG: the request's entry, and no TRACE", []string{"TF_LOG=DEBUG"}, []entry{request}, []string{debugKept}, []entry{traceEntry}},
		{"TF_LOG=TRACE: everything", []string{"TF_LOG=TRACE"}, []entry{request, traceEntry}, []string{debugKept, traceKept}, nil},
		{"TF_LOG_PROVIDER=INFO over TF_LOG=TRACE: no debug entry", []string{"TF_LOG=TRACE", "TF_LOG_PROVIDER=INFO"}, nil, nil, []entry{request, traceEntry}},
		{"TF_LOG_PROVIDER=TRACE without TF_LOG: everything", []string{"TF_LOG_PROVIDER=TRACE"}, []entry{request, traceEntry}, []string{debugKept, traceKept}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stderr, terraformLog := served.apply(t, env, tc.env)
			for _, e := range tc.want {
				if !strings.Contains(stderr, e.written) {
					t.Errorf("the provider wrote no %s line:\n%s", e.written, head(stderr))
				}
			}
			for _, line := range tc.kept {
				if !strings.Contains(terraformLog, line) {
					t.Errorf("Terraform's log holds no %q line", line)
				}
			}
			for _, e := range tc.absent {
				if strings.Contains(stderr, e.written) {
					t.Errorf("the provider wrote a %s line:\n%s", e.written, head(stderr))
				}
				if strings.Contains(terraformLog, e.kept) {
					t.Errorf("Terraform's log holds a %q line", e.kept)
				}
			}
		})
	}
}

// built is the provider binary, behind a wrapper that passes its stderr
// on to Terraform and appends a copy to $PROVIDER_STDERR, and the CLI
// configuration that points Terraform at it.
type built struct {
	bin, cliConfig string
}

func serveBuilt(t *testing.T) built {
	t.Helper()
	terraform := terraformCLI(t)
	dir := t.TempDir()
	binary := filepath.Join(dir, "provider")
	if out, err := exec.Command("go", "build", "-o", binary, "github.com/cinnox/terraform-provider-cinnox").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	plugins := filepath.Join(dir, "plugins")
	// The wrapper marks each provider process started and, once tee has
	// copied all the process wrote, done: the CLI may exit before the
	// wrapper has (wholeCopy).
	wrapper := fmt.Sprintf("#!/usr/bin/env bash\ntouch \"$PROVIDER_STDERR.$$.started\"\n%q \"$@\" 2> >(tee -a \"$PROVIDER_STDERR\" >&2)\nstatus=$?\nwait $!\n"+
		"touch \"$PROVIDER_STDERR.$$.done\"\nexit $status\n", binary)
	if err := os.MkdirAll(plugins, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(plugins, "terraform-provider-cinnox"), []byte(wrapper), 0o700); err != nil { //nolint:gosec // a script to run
		t.Fatal(err)
	}
	cliConfig := filepath.Join(dir, "terraformrc")
	overrides := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n    %q = %q\n  }\n  direct {}\n}\n",
		providerAddress, plugins, openTofuAddress, plugins)
	if err := writeFile(cliConfig, overrides); err != nil {
		t.Fatal(err)
	}
	return built{bin: terraform, cliConfig: cliConfig}
}

// apply applies one subscription with the built provider, the log
// variables in logEnv set and every other TF_LOG variable unset, and
// returns what the provider wrote to its stderr and Terraform to its log.
func (b built) apply(t *testing.T, env *testEnv, logEnv []string) (stderr, terraformLog string) {
	t.Helper()
	dir := t.TempDir()
	config := cliConfigHeader + env.providerBlock() + fmt.Sprintf(`
resource "cinnox_call_event_subscription" "test" {
  app_id = "app-1"
  url    = %q
}
`, env.hook.URL)
	if err := writeFile(filepath.Join(dir, "main.tf"), config); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(b.bin, "apply", "-auto-approve", "-input=false", "-no-color")
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_LOG") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "TF_CLI_CONFIG_FILE="+b.cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"PROVIDER_STDERR="+filepath.Join(dir, "stderr.log"), "TF_LOG_PATH="+filepath.Join(dir, "terraform.log"))
	cmd.Env = append(cmd.Env, logEnv...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	if sub, _ := env.mock.Subscription("app-1", "call"); !sub.Enabled {
		t.Fatalf("the apply did not subscribe: %+v", sub)
	}
	read := func(name string) string {
		data, _ := os.ReadFile(filepath.Join(dir, name))
		return string(data)
	}
	wholeCopy(t, filepath.Join(dir, "stderr.log"))
	return read("stderr.log"), read("terraform.log")
}

// wholeCopy waits until every provider process the wrapper started has had
// its stderr copied to path.
func wholeCopy(t *testing.T, path string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		started, _ := filepath.Glob(path + ".*.started")
		done, _ := filepath.Glob(path + ".*.done")
		if len(started) > 0 && len(done) == len(started) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d provider processes started, %d copied whole after 10s", len(started), len(done))
		}
	}
}

// head is the first lines of a log, for a failure message.
func head(log string) string {
	lines := strings.SplitN(log, "\n", 6)
	return strings.Join(lines[:min(len(lines), 5)], "\n")
}

// TestDebugLog_isBuiltOnlyWhenWritten: the client gets no log function, so
// builds no entry, when the provider's log does not write debug entries.
func TestDebugLog_isBuiltOnlyWhenWritten(t *testing.T) {
	for level, built := range map[string]bool{"": true, "trace": true, "debug": true, "info": false, "off": false} {
		t.Setenv(LogLevelVar, level)
		if got := debugLog() != nil; got != built {
			t.Errorf("%s=%q: a log function %v, want %v", LogLevelVar, level, got, built)
		}
	}
}
