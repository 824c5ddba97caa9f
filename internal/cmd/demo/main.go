// Command demo shows the provider working end to end, offline: it builds the
// provider, starts the mock CINNOX server on a free loopback port, applies
// examples/demo with Terraform, sends a sample notification of each event
// type to the webhooks, destroys everything, and cleans up after itself,
// also when a step fails or it is interrupted. Run it with `make demo`.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
)

const demoToken = "demo-app-token"

type config struct {
	// root is the module's root directory.
	root string
	// terraform is the Terraform CLI to run.
	terraform string
	out       io.Writer
	// tmpParent is where the demo's temporary directory goes; "" means the
	// system's.
	tmpParent string
	// listening, if set, is told the mock's base URL.
	listening func(base string)
	// color lets Terraform colour its output: only when out is a terminal.
	color bool
}

func main() {
	root := flag.String("root", ".", "the provider module's root directory")
	terraform := flag.String("terraform", envOr("TERRAFORM", "terraform"), "the Terraform CLI to use")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, config{root: *root, terraform: *terraform, out: os.Stdout, color: isTerminal(os.Stdout)}); err != nil {
		fmt.Fprintf(os.Stderr, "\ndemo failed: %v\n", err)
		os.Exit(1)
	}
}

// isTerminal reports whether f is a terminal (a character device).
func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func run(ctx context.Context, cfg config) error {
	say := func(format string, args ...any) { fmt.Fprintf(cfg.out, "\n==> "+format+"\n", args...) }

	root, err := filepath.Abs(cfg.root)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(cfg.tmpParent, "cinnox-demo-")
	if err != nil {
		return err
	}
	defer func() {
		_ = os.RemoveAll(tmp)
		fmt.Fprintf(cfg.out, "\n==> Cleaned up: mock stopped, %s removed\n", tmp)
	}()

	say("Building the provider")
	plugins := filepath.Join(tmp, "plugins")
	if err := command(ctx, cfg.out, root, nil, "go", "build", "-o", filepath.Join(plugins, "terraform-provider-cinnox"), "."); err != nil {
		return fmt.Errorf("building the provider: %w", err)
	}
	// A CLI configuration of the demo's own: the user's ~/.terraformrc is
	// never read or touched. The override names the provider as Terraform
	// resolves "cinnox/cinnox" and as OpenTofu does.
	cliConfig := filepath.Join(tmp, "terraformrc")
	if err := os.WriteFile(cliConfig, []byte(fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/cinnox/cinnox"  = %[1]q
    "registry.opentofu.org/cinnox/cinnox" = %[1]q
  }
  direct {}
}
`, plugins)), 0o600); err != nil {
		return err
	}
	work := filepath.Join(tmp, "work")
	if err := copyDir(filepath.Join(root, "examples", "demo"), work); err != nil {
		return err
	}

	mock, err := cinnoxmock.Listen(0, cinnoxmock.Options{Token: demoToken})
	if err != nil {
		return err
	}
	defer func() { _ = mock.Shutdown() }()
	base := mock.BaseURL
	if cfg.listening != nil {
		cfg.listening(base)
	}
	say("Mock CINNOX API listening on %s (demo webhook receiver at %s%s)", base, base, cinnoxmock.WebhookPath)

	env := []string{
		"TF_CLI_CONFIG_FILE=" + cliConfig,
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
		"CHECKPOINT_DISABLE=1",
		"CINNOX_BASE_URL=" + base,
		"CINNOX_APP_TOKEN=" + demoToken,
		"TF_VAR_webhook_base_url=" + base + strings.TrimSuffix(cinnoxmock.WebhookPath, "/"),
	}
	tf := func(args ...string) error {
		if !cfg.color {
			args = append(args, "-no-color")
		}
		return command(ctx, cfg.out, work, env, cfg.terraform, args...)
	}

	say("terraform apply: four subscriptions; CINNOX challenges each webhook first")
	if err := tf("apply", "-auto-approve", "-input=false"); err != nil {
		return fmt.Errorf("terraform apply: %w", err)
	}
	st, err := getState(ctx, base)
	if err != nil {
		return err
	}
	say("The mock CINNOX server now holds (GET %s%s)", base, cinnoxmock.StatePath)
	printSubscriptions(cfg.out, st)
	fmt.Fprintf(cfg.out, "webhook challenges answered by the receiver: %d\n", st.Receiver.Challenges)
	if n := countEnabled(st); n != 4 || st.Receiver.Challenges != 4 {
		return fmt.Errorf("after apply the server holds %d enabled subscriptions and the receiver answered %d challenges, want 4 and 4", n, st.Receiver.Challenges)
	}

	say("Sending one sample notification of each event type")
	events := []string{}
	for _, sub := range st.Subscriptions {
		events = append(events, sub.Event)
	}
	sort.Strings(events)
	for _, event := range events {
		var answer struct{ Deliveries []cinnoxmock.Delivery }
		if err := call(ctx, http.MethodPost, base+cinnoxmock.NotifyPath+event, &answer); err != nil {
			return err
		}
		for _, d := range answer.Deliveries {
			fmt.Fprintf(cfg.out, "POST %s%s%s -> %s: HTTP %d %s\n", base, cinnoxmock.NotifyPath, event, d.URL, d.Status, d.Error)
		}
	}
	if st, err = getState(ctx, base); err != nil {
		return err
	}
	say("The demo webhook receiver got %d notifications", len(st.Receiver.Notifications))
	for _, n := range st.Receiver.Notifications {
		var line bytes.Buffer
		if err := json.Compact(&line, n); err != nil {
			return err
		}
		fmt.Fprintf(cfg.out, "%s\n", line.Bytes())
	}
	if len(st.Receiver.Notifications) != len(events) {
		return fmt.Errorf("the receiver got %d notifications, want %d", len(st.Receiver.Notifications), len(events))
	}

	say("terraform destroy: unsubscribes every webhook")
	if err := tf("destroy", "-auto-approve", "-input=false"); err != nil {
		return fmt.Errorf("terraform destroy: %w", err)
	}
	if st, err = getState(ctx, base); err != nil {
		return err
	}
	say("The mock CINNOX server now holds")
	printSubscriptions(cfg.out, st)
	if n := countEnabled(st); n != 0 {
		return fmt.Errorf("after destroy %d subscriptions are still enabled", n)
	}
	fmt.Fprintf(cfg.out, "API requests by HTTP status: %s\n", byStatus(st.Requests))
	return nil
}

// byStatus lists request counts by HTTP status, e.g. "200: 8, 400: 1".
func byStatus(counts map[int]int) string {
	statuses := make([]int, 0, len(counts))
	for status := range counts {
		statuses = append(statuses, status)
	}
	sort.Ints(statuses)
	parts := make([]string, len(statuses))
	for i, status := range statuses {
		parts[i] = fmt.Sprintf("%d: %d", status, counts[status])
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// getState reads the mock's read-only view of its state.
func getState(ctx context.Context, base string) (cinnoxmock.State, error) {
	var st cinnoxmock.State
	err := call(ctx, http.MethodGet, base+cinnoxmock.StatePath, &st)
	return st, err
}

func call(ctx context.Context, method, url string, into any) error {
	req, err := http.NewRequestWithContext(ctx, method, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: HTTP %d", method, url, resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(into)
}

func countEnabled(st cinnoxmock.State) int {
	n := 0
	for _, s := range st.Subscriptions {
		if s.Enabled {
			n++
		}
	}
	return n
}

func printSubscriptions(out io.Writer, st cinnoxmock.State) {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "APP\tEVENT\tENABLED\tURL\tUPDATED")
	for _, s := range st.Subscriptions {
		fmt.Fprintf(tw, "%s\t%s\t%v\t%s\t%s\n", s.AppID, s.Event, s.Enabled, s.URL, s.UpdatedAt.Format(time.RFC3339))
	}
	_ = tw.Flush()
}

// command runs name with args in dir, its output to out, and stops it with
// an interrupt (then a kill) when ctx ends.
func command(ctx context.Context, out io.Writer, dir string, env []string, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	err := cmd.Run()
	if ctx.Err() != nil {
		return errors.Join(ctx.Err(), err)
	}
	return err
}

func copyDir(from, to string) error {
	if err := os.MkdirAll(to, 0o700); err != nil {
		return err
	}
	entries, err := os.ReadDir(from)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".tf") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), data, 0o600); err != nil {
			return err
		}
	}
	return nil
}
