// Command bench answers one question: does the CINNOX provider cost more
// than a provider that only sends the PATCH each operation needs? For N
// subscriptions it times terraform apply, plan on the applied state and
// destroy of the provider and of three floors (internal/bench/floor),
// interleaved step by step, against the mock CINNOX server; a wrapper
// binary measures the provider processes' CPU time. `make bench` runs it
// and writes BENCHMARKS.md and an SVG chart.
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

	"github.com/cinnox/terraform-provider-cinnox/internal/bench/floor"
	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
)

const token = "bench-token"

type options struct {
	terraform   string
	sizes       []int
	runs, plans int
}

func main() {
	var o options
	sizes := flag.String("n", "1,200,1000", "numbers of subscriptions")
	flag.StringVar(&o.terraform, "terraform", "terraform", "the Terraform CLI")
	flag.IntVar(&o.runs, "runs", 8, "runs of each variant, a multiple of 4 to balance the rotation")
	flag.IntVar(&o.plans, "plans", 3, "plans of the applied state in each run (a plan is quick and its timing noisy)")
	flag.Parse()
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			log.Fatalf("bad -n %q", s)
		}
		o.sizes = append(o.sizes, n)
	}
	if err := run(context.Background(), o); err != nil {
		log.Fatal(err)
	}
}

// variant is the provider, or a floor (internal/bench/floor), with the
// attributes after a "+" added to the url-only floor's schema.
type variant string

const (
	provider  variant = "provider"
	barePatch variant = variant(floor.BarePATCH)
	noop      variant = variant(floor.DoNothing)
	urlOnly   variant = variant(floor.URLOnly)
)

var (
	// compared rotate through the places of a run.
	compared = []variant{provider, barePatch, noop, urlOnly}
	// attributeCosts are the url-only floor with each attribute the
	// provider added since, alone, sensitive or not, at attributeN.
	attributeCosts = []variant{urlOnly, urlOnly + "+url_wo", urlOnly + "+url_wo_sensitive",
		urlOnly + "+url_wo_seal", urlOnly + "+url_wo_seal_sensitive", barePatch}
)

const attributeN = 200

var steps = []string{"apply", "plan", "destroy"}

// step is one timed Terraform command of one run; cpuMS is the CPU time
// of every provider process it started.
type step struct {
	seconds, cpuMS float64
	requests       int
}

type key struct {
	v    variant
	n    int
	step string
}

type bench struct {
	o       options
	tmp     string
	env     []string
	mock    *cinnoxmock.Server
	results map[key][]step
	tfVer   string
}

// run runs every size o.runs times, then writes the report and the chart
// (BENCHMARKS.md, benchmarks-apply.svg) in the working directory, the
// module's root.
func run(ctx context.Context, o options) error {
	tmp, err := os.MkdirTemp("", "cinnox-bench-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(tmp) }()
	b := &bench{o: o, tmp: tmp, results: map[key][]step{}}
	if err := b.build(ctx); err != nil {
		return err
	}
	mock, err := cinnoxmock.Listen(0, cinnoxmock.Options{Token: token, SkipVerification: true})
	if err != nil {
		return err
	}
	defer func() { _ = mock.Shutdown() }()
	b.mock = mock.Server
	b.env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+filepath.Join(tmp, "terraformrc"), "CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1", "TF_INPUT=0", "CINNOX_BASE_URL="+mock.BaseURL, "CINNOX_APP_TOKEN="+token,
		"BENCH_STATS_FILE="+filepath.Join(tmp, "stats"))
	ver, err := exec.CommandContext(ctx, o.terraform, "version").Output()
	if err != nil {
		return fmt.Errorf("terraform version: %w", err)
	}
	b.tfVer = strings.SplitN(string(ver), "\n", 2)[0]
	for r := range o.runs {
		for _, n := range o.sizes {
			if err := b.runOnce(ctx, n, steps, runOrder(r, compared)...); err != nil {
				return err
			}
		}
		if err := b.runOnce(ctx, attributeN, []string{"apply", "destroy"}, runOrder(r, attributeCosts)...); err != nil {
			return err
		}
	}
	report := b.report()
	fmt.Print(report)
	if err := os.WriteFile("benchmarks-apply.svg", []byte(b.svg()), 0o644); err != nil {
		return err
	}
	return os.WriteFile("BENCHMARKS.md", []byte(report), 0o644)
}

// build builds the provider, the floors and the wrapper, which a CLI
// configuration names as the provider's binary.
func (b *bench) build(ctx context.Context) error {
	log.Printf("building the provider, the floors and the wrapper")
	for pkg, out := range map[string]string{".": "provider", "./internal/bench/floor/serve": "floor",
		"./internal/bench/wrapper": "plugins/terraform-provider-cinnox"} {
		cmd := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(b.tmp, out), pkg)
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build %s: %w", pkg, err)
		}
	}
	return os.WriteFile(filepath.Join(b.tmp, "terraformrc"), fmt.Appendf(nil, "provider_installation {\n  dev_overrides {\n"+
		"    \"registry.terraform.io/cinnox/cinnox\" = %q\n  }\n  direct {}\n}\n", filepath.Join(b.tmp, "plugins")), 0o600)
}

// envFor is the environment of Terraform's commands for v: the wrapper
// runs the provider, or the floor v names.
func (b *bench) envFor(v variant) []string {
	if v == provider {
		return append(slices.Clone(b.env), "BENCH_PROVIDER_BIN="+filepath.Join(b.tmp, "provider"))
	}
	kind, extra, _ := strings.Cut(string(v), "+")
	return append(slices.Clone(b.env), "BENCH_PROVIDER_BIN="+filepath.Join(b.tmp, "floor"),
		"BENCH_FLOOR="+kind, "BENCH_FLOOR_ATTRIBUTES="+extra)
}

// runOrder is the order of variants in run r: run r starts with the r-th,
// so that over as many runs as there are variants each takes each place
// once (the first step of a group is often the slowest on this machine).
func runOrder(r int, variants []variant) []variant {
	k := r % len(variants)
	return append(slices.Clone(variants[k:]), variants[:k]...)
}
