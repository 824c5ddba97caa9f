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
	"github.com/cinnox/terraform-provider-cinnox/internal/events"
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
	d := &demo{ctx: ctx, cfg: cfg}
	d.say("Building the provider")
	cliConfig, err := d.prepare(root, tmp)
	if err != nil {
		return err
	}
	mock, err := cinnoxmock.Listen(0, cinnoxmock.Options{Token: demoToken})
	if err != nil {
		return err
	}
	defer func() { _ = mock.Shutdown() }()
	d.base = mock.BaseURL
	if cfg.listening != nil {
		cfg.listening(d.base)
	}
	d.say("Mock CINNOX API listening on %s (demo webhook receiver at %s%s)", d.base, d.base, cinnoxmock.WebhookPath)
	d.env = []string{
		"TF_CLI_CONFIG_FILE=" + cliConfig,
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
		"CHECKPOINT_DISABLE=1",
		"CINNOX_BASE_URL=" + d.base,
		"CINNOX_APP_TOKEN=" + demoToken,
		"TF_VAR_webhook_base_url=" + d.base + strings.TrimSuffix(cinnoxmock.WebhookPath, "/"),
	}
	for _, step := range []func() error{d.apply, d.notify, d.destroy} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// demo is one run of the demo: its steps share the mock's address and the
// environment Terraform runs in.
type demo struct {
	ctx  context.Context
	cfg  config
	work string
	base string
	env  []string
}

func (d *demo) say(format string, args ...any) {
	fmt.Fprintf(d.cfg.out, "\n==> "+format+"\n", args...)
}

// prepare builds the provider into tmp, writes a CLI configuration that
// points Terraform at it, and copies the example configuration; it returns
// the CLI configuration's path.
func (d *demo) prepare(root, tmp string) (string, error) {
	plugins := filepath.Join(tmp, "plugins")
	if err := command(d.ctx, d.cfg.out, root, nil, "go", "build", "-o", filepath.Join(plugins, "terraform-provider-cinnox"), "."); err != nil {
		return "", fmt.Errorf("building the provider: %w", err)
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
		return "", err
	}
	d.work = filepath.Join(tmp, "work")
	return cliConfig, copyDir(filepath.Join(root, "examples", "demo"), d.work)
}

// terraform runs the Terraform CLI in the demo's configuration.
func (d *demo) terraform(args ...string) error {
	if !d.cfg.color {
		args = append(args, "-no-color")
	}
	return command(d.ctx, d.cfg.out, d.work, d.env, d.cfg.terraform, args...)
}

// apply subscribes a webhook of each event type (examples/demo) and checks
// that the mock holds them.
func (d *demo) apply() error {
	want := len(events.All)
	d.say("terraform apply: %d subscriptions, one of each event type; CINNOX challenges each webhook first", want)
	if err := d.terraform("apply", "-auto-approve", "-input=false"); err != nil {
		return fmt.Errorf("terraform apply: %w", err)
	}
	st, err := getState(d.ctx, d.base)
	if err != nil {
		return err
	}
	d.say("The mock CINNOX server now holds (GET %s%s)", d.base, cinnoxmock.StatePath)
	printSubscriptions(d.cfg.out, st)
	fmt.Fprintf(d.cfg.out, "webhook challenges answered by the receiver: %d\n", st.Receiver.Challenges)
	if n := countEnabled(st); n != want || st.Receiver.Challenges != want {
		return fmt.Errorf("after apply the server holds %d enabled subscriptions and the receiver answered %d challenges, want %d and %d (examples/demo subscribes one of each event type)",
			n, st.Receiver.Challenges, want, want)
	}
	return nil
}

// notify sends a sample notification of each subscribed event type and
// checks that the receiver got them.
func (d *demo) notify() error {
	st, err := getState(d.ctx, d.base)
	if err != nil {
		return err
	}
	d.say("Sending one sample notification of each event type")
	events := []string{}
	for _, sub := range st.Subscriptions {
		events = append(events, sub.Event)
	}
	sort.Strings(events)
	for _, event := range events {
		var answer struct{ Deliveries []cinnoxmock.Delivery }
		if err := call(d.ctx, http.MethodPost, d.base+cinnoxmock.NotifyPath+event, &answer); err != nil {
			return err
		}
		for _, dl := range answer.Deliveries {
			fmt.Fprintf(d.cfg.out, "POST %s%s%s -> %s: HTTP %d %s\n", d.base, cinnoxmock.NotifyPath, event, dl.URL, dl.Status, dl.Error)
		}
	}
	if st, err = getState(d.ctx, d.base); err != nil {
		return err
	}
	d.say("The demo webhook receiver got %d notifications", len(st.Receiver.Notifications))
	for _, n := range st.Receiver.Notifications {
		var line bytes.Buffer
		if err := json.Compact(&line, n); err != nil {
			return err
		}
		fmt.Fprintf(d.cfg.out, "%s\n", line.Bytes())
	}
	if len(st.Receiver.Notifications) != len(events) {
		return fmt.Errorf("the receiver got %d notifications, want %d", len(st.Receiver.Notifications), len(events))
	}
	return nil
}

// destroy unsubscribes the webhooks and checks that none is left enabled.
func (d *demo) destroy() error {
	d.say("terraform destroy: unsubscribes every webhook")
	if err := d.terraform("destroy", "-auto-approve", "-input=false"); err != nil {
		return fmt.Errorf("terraform destroy: %w", err)
	}
	st, err := getState(d.ctx, d.base)
	if err != nil {
		return err
	}
	d.say("The mock CINNOX server now holds")
	printSubscriptions(d.cfg.out, st)
	if n := countEnabled(st); n != 0 {
		return fmt.Errorf("after destroy %d subscriptions are still enabled", n)
	}
	fmt.Fprintf(d.cfg.out, "API requests by HTTP status: %s\n", byStatus(st.Requests))
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
