// Command bench answers one question: does the CINNOX provider cost more
// than a provider that only sends the PATCH each operation needs? For N
// subscriptions it times terraform apply, plan on the applied state and
// destroy of the provider and of three floors (floor.go),
// interleaved step by step, against the mock CINNOX server. Terraform
// starts this same binary as the provider: it serves the provider or a
// floor, and measures that process's CPU time (wrap). `make bench` runs it
// and writes BENCHMARKS.md and an SVG chart.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"

	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
	"github.com/cinnox/terraform-provider-cinnox/internal/logenv"
	cinnoxprovider "github.com/cinnox/terraform-provider-cinnox/internal/provider"
)

const (
	token = "bench-token"
	// plans is how many plans of the applied state each run times: a plan
	// is quick and its timing noisy.
	plans = 3
)

func main() {
	if v := os.Getenv("BENCH_SERVE"); v != "" { // started by Terraform as the provider
		wrap(v)
		return
	}
	b := &bench{sizes: []int{1, 200, 1000}, results: map[key][]step{}}
	flag.StringVar(&b.terraform, "terraform", "terraform", "the Terraform CLI")
	flag.IntVar(&b.runs, "runs", 8, "runs of each variant, a multiple of 4 to balance the rotation")
	flag.Parse()
	if err := b.run(context.Background()); err != nil {
		log.Fatal(err)
	}
}

// variant is the provider, or a floor (floor.go).
type variant string

const (
	provider  variant = "provider"
	barePatch variant = "bare-PATCH"
	noop      variant = "do-nothing"
	urlOnly   variant = "url-only"
)

// compared rotate through the places of a run.
var compared = []variant{provider, barePatch, noop, urlOnly}

// urlOnlyN is the N at which apply + destroy by url is held against the
// url-only floor.
const urlOnlyN = 200

var steps = []string{"apply", "plan", "destroy"}

// step is one timed Terraform command of one run; cpuMS is the CPU time
// of every provider process it started.
type step struct {
	seconds, cpuMS float64
	requests       int
}

// key names the steps of a variant at one N.
type key struct {
	v    variant
	n    int
	step string
}

// bench is the command's flags, and what the runs measured.
type bench struct {
	terraform  string
	sizes      []int
	runs       int
	tmp, tfVer string
	env        []string
	mock       *cinnoxmock.Server
	results    map[key][]step
}

// run runs every size b.runs times, then writes the report and the chart
// (BENCHMARKS.md, benchmarks-apply.svg) in the working directory, the
// module's root.
func (b *bench) run(ctx context.Context) error {
	tmp, err := os.MkdirTemp("", "cinnox-bench-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(tmp) }()
	b.tmp = tmp
	mock, err := cinnoxmock.Listen(0, cinnoxmock.Options{Token: token, SkipVerification: true})
	if err == nil {
		err = b.build()
	}
	if err != nil {
		return err
	}
	defer func() { _ = mock.Shutdown() }()
	b.mock = mock.Server
	b.env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+filepath.Join(tmp, "terraformrc"), "CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1", "TF_INPUT=0", "CINNOX_BASE_URL="+mock.BaseURL, "CINNOX_APP_TOKEN="+token,
		"BENCH_STATS_FILE="+filepath.Join(tmp, "stats"))
	ver, err := exec.CommandContext(ctx, b.terraform, "version").Output()
	if err != nil {
		return fmt.Errorf("terraform version: %w", err)
	}
	b.tfVer = strings.SplitN(string(ver), "\n", 2)[0]
	for r := range b.runs {
		for _, n := range b.sizes {
			if err := b.runOnce(ctx, n, runOrder(r, compared)...); err != nil {
				return err
			}
		}
	}
	report := b.report()
	fmt.Print(report)
	if err := os.WriteFile("benchmarks-apply.svg", []byte(b.svg()), 0o644); err != nil {
		return err
	}
	return os.WriteFile("BENCHMARKS.md", []byte(report), 0o644)
}

// build links this binary to where a CLI configuration names the
// provider's binary: Terraform starts it, and it serves the provider, or a
// floor, as BENCH_SERVE says (wrap).
func (b *bench) build() error {
	self, err := os.Executable()
	if err == nil {
		err = os.Symlink(self, filepath.Join(b.tmp, "terraform-provider-cinnox"))
	}
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(b.tmp, "terraformrc"), fmt.Appendf(nil, "provider_installation {\n  dev_overrides {\n"+
		"    \"registry.terraform.io/cinnox/cinnox\" = %q\n  }\n  direct {}\n}\n", b.tmp), 0o600)
}

// wrap is this binary as Terraform starts it: it runs itself again, with
// the same standard streams and arguments and without BENCH_STATS_FILE, to
// serve v, and when that exits appends its CPU time (user + system), in
// ms, as one line to BENCH_STATS_FILE.
func wrap(v string) {
	stats := os.Getenv("BENCH_STATS_FILE")
	if stats == "" { // served as main.go serves the provider
		logenv.SkipDiscarded(cinnoxprovider.LogLevelVar)
		p := cinnoxprovider.New("bench")()
		if variant(v) != provider {
			p = newFloor(variant(v))
		}
		err := providerserver.Serve(context.Background(), func() fwprovider.Provider { return p },
			providerserver.ServeOpts{Address: "registry.terraform.io/cinnox/cinnox"})
		if err != nil {
			log.Fatal(err)
		}
		return
	}
	self, _ := os.Executable()
	cmd := exec.Command(self, os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = slices.DeleteFunc(os.Environ(), func(e string) bool { return strings.HasPrefix(e, "BENCH_STATS_FILE=") })
	if err := cmd.Start(); err != nil {
		os.Exit(1)
	}
	signal.Ignore(os.Interrupt) // the provider gets Terraform's signals itself
	_ = cmd.Wait()
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	if f, err := os.OpenFile(stats, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600); err == nil {
		_, _ = fmt.Fprintf(f, "%.3f\n", float64(cpu.Microseconds())/1000)
		_ = f.Close()
	}
	os.Exit(max(cmd.ProcessState.ExitCode(), 0))
}

// runOrder is the order of variants in run r: run r starts with the r-th,
// so that over as many runs as there are variants each takes each place
// once (the first step of a group is often the slowest on this machine).
func runOrder(r int, variants []variant) []variant {
	k := r % len(variants)
	return append(slices.Clone(variants[k:]), variants[:k]...)
}
