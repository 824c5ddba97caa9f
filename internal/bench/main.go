// Command bench measures what the CINNOX provider costs beside what Terraform
// and the plugin protocol cost any framework provider. Run it with
// `make bench`; it writes BENCHMARKS.md and an SVG chart.
//
// For N subscriptions (apps of one subscription per event type) it times terraform
// apply from empty state, plan on the applied state, and destroy, for the
// provider and for a do-nothing provider with the same schemas
// (internal/bench/noop), interleaved step by step, against the mock CINNOX
// server with webhook verification off and no rate limit. It counts the API
// requests per step and measures the provider process's peak memory and its
// start-up time through a wrapper binary (internal/bench/wrapper). 200 plain
// terraform_data resources give the scale of Terraform itself.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
)

const token = "bench-token"

type options struct {
	root      string
	terraform string
	sizes     []int
	runs      int
	plans     int
	out       string
	chart     string
	profile   string
}

func main() {
	var o options
	var sizes string
	flag.StringVar(&o.root, "root", ".", "the provider module's root")
	flag.StringVar(&o.terraform, "terraform", "terraform", "the Terraform CLI")
	flag.StringVar(&sizes, "n", "1,200,1000", "numbers of subscriptions, each a multiple of 4 or 1")
	flag.IntVar(&o.runs, "runs", 3, "runs of each variant; the median is reported")
	flag.IntVar(&o.plans, "plans", 3, "plans of the applied state in each run (a plan is quick and its timing noisy)")
	flag.StringVar(&o.out, "out", "BENCHMARKS.md", "the report to write")
	flag.StringVar(&o.chart, "chart", "benchmarks-apply.svg", "the chart to write, next to the report")
	flag.StringVar(&o.profile, "profile", "", "instead of timing, write CPU and allocation profiles of the provider and the bare-PATCH floor, during an apply, a plan and a destroy of the largest -n, into this directory")
	flag.Parse()
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || (n > 1 && n%4 != 0) {
			log.Fatalf("bad -n %q", s)
		}
		o.sizes = append(o.sizes, n)
	}
	if err := run(context.Background(), o); err != nil {
		log.Fatal(err)
	}
}

// step is one timed Terraform command of one run.
type step struct {
	seconds   float64
	requests  int
	maxRSSKB  int64
	cpuMS     float64   // CPU time of every provider process of the step
	cliCPUMS  float64   // CPU time of Terraform's process tree less cpuMS: the CLI's own (and the wrapper's)
	handshake []float64 // ms, one per provider process started
	liveMB    float64   // peak live heap; only with the wrapper's GC trace
}

// variant is what a configuration is made of.
type variant string

const (
	provider variant = "provider"
	noop     variant = "do-nothing"
	// barePatch is the do-nothing provider sending the one PATCH each
	// create, update and delete needs, with a bare net/http client.
	barePatch variant = "bare-PATCH"
	tfData    variant = "terraform_data"
	// logsWritten is the provider writing every log line, as it did before
	// it skipped those Terraform throws away (internal/logenv): the SDK's
	// and its own levels set to TRACE, which it leaves as set. Run at N=200
	// only, to show what the skip is worth.
	logsWritten variant = "provider, logs written"
)

// logsWrittenN is the one size logsWritten runs at.
const logsWrittenN = 200

// logsWrittenEnv sets every log level a provider process reads to TRACE.
var logsWrittenEnv = []string{"TF_LOG_SDK=trace", "TF_LOG_SDK_PROTO=trace", "TF_LOG_SDK_FRAMEWORK=trace", "TF_LOG_PROVIDER_CINNOX=trace"}

var steps = []string{"apply", "plan", "destroy"}

type key struct {
	v    variant
	n    int
	step string
}

type bench struct {
	o        options
	tmp      string
	env      []string
	mock     *cinnoxmock.Server
	bins     map[variant]string
	stats    string
	results  map[key][]step
	liveMB   map[key]float64 // peak live heap of an apply, from the GC trace
	tfVer    string
	mockBase string
}

func run(ctx context.Context, o options) error {
	root, err := filepath.Abs(o.root)
	if err != nil {
		return err
	}
	o.root = root
	for _, p := range []*string{&o.out, &o.chart} {
		if !filepath.IsAbs(*p) {
			*p = filepath.Join(root, *p)
		}
	}
	tmp, err := os.MkdirTemp("", "cinnox-bench-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(tmp) }()
	b := &bench{o: o, tmp: tmp, bins: map[variant]string{}, results: map[key][]step{}, liveMB: map[key]float64{}, stats: filepath.Join(tmp, "stats.jsonl")}

	cliConfig, err := b.build(ctx)
	if err != nil {
		return err
	}
	mock, err := cinnoxmock.Listen(0, cinnoxmock.Options{Token: token, SkipVerification: true})
	if err != nil {
		return err
	}
	defer func() { _ = mock.Shutdown() }()
	b.mock, b.mockBase = mock.Server, mock.BaseURL

	b.env = append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0",
		"CINNOX_BASE_URL="+b.mockBase, "CINNOX_APP_TOKEN="+token, "BENCH_STATS_FILE="+b.stats)
	ver, err := exec.CommandContext(ctx, o.terraform, "version").Output()
	if err != nil {
		return fmt.Errorf("terraform version: %w", err)
	}
	b.tfVer = strings.SplitN(string(ver), "\n", 2)[0]
	if o.profile != "" {
		dir, err := filepath.Abs(o.profile)
		if err != nil {
			return err
		}
		return b.profile(ctx, dir, slices.Max(o.sizes))
	}
	if err := b.runAll(ctx); err != nil {
		return err
	}
	goBench, err := b.goBenchmarks(ctx)
	if err != nil {
		return err
	}
	report, chart := b.report(goBench)
	fmt.Print(report)
	if err := os.WriteFile(b.o.chart, []byte(chart), 0o644); err != nil {
		return err
	}
	return os.WriteFile(b.o.out, []byte(report), 0o644)
}

// build builds the provider, the do-nothing provider and the wrapper, and
// writes the CLI configuration that points Terraform at the wrapper; it
// returns the configuration's path.
func (b *bench) build(ctx context.Context) (string, error) {
	log.Printf("building the provider, the do-nothing provider and the wrapper")
	plugins := filepath.Join(b.tmp, "plugins")
	for _, bin := range []struct{ pkg, out string }{
		{".", filepath.Join(b.tmp, "bin", "provider")},
		{"./internal/bench/noop/serve", filepath.Join(b.tmp, "bin", "noop")},
		{"./internal/bench/noop/servepatch", filepath.Join(b.tmp, "bin", "patch")},
		{"./internal/bench/wrapper", filepath.Join(plugins, "terraform-provider-cinnox")},
	} {
		cmd := exec.CommandContext(ctx, "go", "build", "-o", bin.out, bin.pkg)
		cmd.Dir, cmd.Stderr = b.o.root, os.Stderr
		if err := cmd.Run(); err != nil {
			return "", fmt.Errorf("go build %s: %w", bin.pkg, err)
		}
	}
	b.bins[provider] = filepath.Join(b.tmp, "bin", "provider")
	b.bins[noop] = filepath.Join(b.tmp, "bin", "noop")
	b.bins[barePatch] = filepath.Join(b.tmp, "bin", "patch")
	b.bins[logsWritten] = b.bins[provider]
	cliConfig := filepath.Join(b.tmp, "terraformrc")
	return cliConfig, os.WriteFile(cliConfig, fmt.Appendf(nil, "provider_installation {\n  dev_overrides {\n    \"registry.terraform.io/cinnox/cinnox\" = %q\n  }\n  direct {}\n}\n", plugins), 0o600)
}

// runAll runs every size o.runs times, the three providers interleaved,
// each run starting with another, then the terraform_data scale.
func (b *bench) runAll(ctx context.Context) error {
	for r := range b.o.runs {
		for _, n := range b.o.sizes {
			order := runOrder(r, n)
			if err := b.runOnce(ctx, n, order...); err != nil {
				return err
			}
			if r == 0 {
				heap := slices.DeleteFunc(slices.Clone(order), func(v variant) bool { return v == logsWritten })
				if err := b.measureLiveHeap(ctx, n, heap...); err != nil {
					return err
				}
			}
		}
		if err := b.runOnce(ctx, 200, tfData); err != nil {
			return err
		}
	}
	return nil
}

// runOrder is the order of the variants in run r at size n. The three
// compared rotate, run r starting with the r-th, so that over a multiple of
// three runs each goes first, second and last equally often: the first
// step of a group is often the slowest on this machine. The provider
// writing every log line (at logsWrittenN) goes after them, so that it does
// not unbalance that rotation.
func runOrder(r, n int) []variant {
	compared := []variant{provider, noop, barePatch}
	k := r % len(compared)
	order := append(slices.Clone(compared[k:]), compared[:k]...)
	if n == logsWrittenN {
		order = append(order, logsWritten)
	}
	return order
}
