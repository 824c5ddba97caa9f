// Command bench measures what the CINNOX provider costs beside what Terraform
// and the plugin protocol cost any framework provider. Run it with
// `make bench`; it writes BENCHMARKS.md and an SVG chart.
//
// For N subscriptions (N/4 apps x the four event types) it times terraform
// apply from empty state, plan on the applied state, and destroy, for the
// provider and for a do-nothing provider with the same schemas
// (internal/bench/noop), interleaved step by step, against the mock CINNOX
// server with webhook verification off and no rate limit. It counts the API
// requests per step and measures the provider process's peak memory and its
// start-up time through a wrapper binary (internal/bench/wrapper). 200 plain
// terraform_data resources give the scale of Terraform itself.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

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
	handshake []float64 // ms, one per provider process started
	liveMB    float64   // peak live heap; only with the wrapper's GC trace
}

// variant is what a configuration is made of.
type variant string

const (
	provider variant = "provider"
	noop     variant = "do-nothing"
	tfData   variant = "terraform_data"
)

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

	log.Printf("building the provider, the do-nothing provider and the wrapper")
	plugins := filepath.Join(tmp, "plugins")
	for _, bin := range []struct{ pkg, out string }{
		{".", filepath.Join(tmp, "bin", "provider")},
		{"./internal/bench/noop/serve", filepath.Join(tmp, "bin", "noop")},
		{"./internal/bench/wrapper", filepath.Join(plugins, "terraform-provider-cinnox")},
	} {
		cmd := exec.CommandContext(ctx, "go", "build", "-o", bin.out, bin.pkg)
		cmd.Dir, cmd.Stderr = root, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build %s: %w", bin.pkg, err)
		}
	}
	b.bins[provider] = filepath.Join(tmp, "bin", "provider")
	b.bins[noop] = filepath.Join(tmp, "bin", "noop")

	cliConfig := filepath.Join(tmp, "terraformrc")
	if err := os.WriteFile(cliConfig, fmt.Appendf(nil, "provider_installation {\n  dev_overrides {\n    \"registry.terraform.io/cinnox/cinnox\" = %q\n  }\n  direct {}\n}\n", plugins), 0o600); err != nil {
		return err
	}

	b.mock = cinnoxmock.New(cinnoxmock.Options{Token: token, SkipVerification: true})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: b.mock, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer func() { _ = srv.Close() }()
	b.mockBase = "http://" + ln.Addr().String()

	b.env = append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0",
		"CINNOX_BASE_URL="+b.mockBase, "CINNOX_APP_TOKEN="+token, "BENCH_STATS_FILE="+b.stats)
	ver, err := exec.CommandContext(ctx, o.terraform, "version").Output()
	if err != nil {
		return fmt.Errorf("terraform version: %w", err)
	}
	b.tfVer = strings.SplitN(string(ver), "\n", 2)[0]

	for r := range o.runs {
		for _, n := range o.sizes {
			order := []variant{provider, noop}
			if r%2 == 1 {
				order = []variant{noop, provider}
			}
			if err := b.runOnce(ctx, n, order...); err != nil {
				return err
			}
			if r == 0 {
				if err := b.measureLiveHeap(ctx, n, order...); err != nil {
					return err
				}
			}
		}
		if err := b.runOnce(ctx, 200, tfData); err != nil {
			return err
		}
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

// config is the Terraform configuration of variant v with n resources.
func config(v variant, n int) string {
	var c strings.Builder
	if v == tfData {
		for i := range n {
			fmt.Fprintf(&c, "resource \"terraform_data\" \"r%d\" {\n  input = \"https://hooks.example.com/%d\"\n}\n", i, i)
		}
		return c.String()
	}
	c.WriteString("terraform {\n  required_providers {\n    cinnox = { source = \"cinnox/cinnox\" }\n  }\n}\n\n")
	c.WriteString("provider \"cinnox\" {\n  requests_per_minute = 1000000\n}\n")
	types := []string{"inquiry", "call", "staff_contact", "inbound_sms"}
	for i := range n {
		fmt.Fprintf(&c, "\nresource \"cinnox_%s_event_subscription\" \"s%d\" {\n  app_id = \"app-%d\"\n  url    = \"https://hooks.example.com/%d\"\n}\n",
			types[i%4], i, i/4, i)
	}
	return c.String()
}

// runOnce runs the steps for n resources of each variant, interleaved step
// by step so that the variants compared meet the same machine: apply of
// each, then plan of each (o.plans times, the variants alternating), then
// destroy of each.
func (b *bench) runOnce(ctx context.Context, n int, variants ...variant) error {
	dirs := map[variant]string{}
	for _, v := range variants {
		dir, err := os.MkdirTemp(b.tmp, "work-")
		if err != nil {
			return err
		}
		defer func() { _ = os.RemoveAll(dir) }()
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config(v, n)), 0o600); err != nil {
			return err
		}
		if v == tfData {
			// The built-in provider needs an init, outside the timing.
			if err := terraform(ctx, b.o.terraform, dir, b.envFor(v), "init", "-input=false"); err != nil {
				return err
			}
		}
		dirs[v] = dir
	}
	for _, name := range steps {
		reps := 1
		if name == "plan" {
			reps = b.o.plans
		}
		for range reps {
			for _, v := range variants {
				if err := b.step(ctx, v, n, dirs[v], name); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// measureLiveHeap applies n resources of each variant from empty state and
// destroys them, untimed, with the wrapper reading the provider's GC trace,
// and records the largest live heap the apply saw.
func (b *bench) measureLiveHeap(ctx context.Context, n int, variants ...variant) error {
	for _, v := range variants {
		dir, err := os.MkdirTemp(b.tmp, "live-")
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config(v, n)), 0o600); err != nil {
			return err
		}
		env := append(b.envFor(v), "BENCH_GCTRACE=1")
		_ = os.Remove(b.stats)
		if err := terraform(ctx, b.o.terraform, dir, env, "apply", "-auto-approve", "-input=false"); err != nil {
			return fmt.Errorf("%s, %d resources: terraform apply with the GC trace: %w", v, n, err)
		}
		b.liveMB[key{v, n, "apply"}] = readStats(b.stats).liveMB
		if err := terraform(ctx, b.o.terraform, dir, env, "destroy", "-auto-approve", "-input=false"); err != nil {
			return fmt.Errorf("%s, %d resources: terraform destroy with the GC trace: %w", v, n, err)
		}
		_ = os.RemoveAll(dir)
		log.Printf("%-14s N=%-5d apply    peak live heap %d MB (untimed, GC trace)", v, n, int(b.liveMB[key{v, n, "apply"}]))
	}
	return nil
}

func (b *bench) envFor(v variant) []string {
	return append(slices.Clone(b.env), "BENCH_PROVIDER_BIN="+b.bins[v])
}

// step times one Terraform command and records what it cost.
func (b *bench) step(ctx context.Context, v variant, n int, dir, name string) error {
	args := map[string][]string{
		"apply":   {"apply", "-auto-approve", "-input=false"},
		"plan":    {"plan", "-input=false", "-detailed-exitcode"},
		"destroy": {"destroy", "-auto-approve", "-input=false"},
	}[name]
	_ = os.Remove(b.stats)
	b.mock.ResetRequests()
	start := time.Now()
	if err := terraform(ctx, b.o.terraform, dir, b.envFor(v), args...); err != nil {
		return fmt.Errorf("%s, %d resources: terraform %s: %w", v, n, name, err)
	}
	elapsed, requests := time.Since(start).Seconds(), len(b.mock.Requests())
	s := readStats(b.stats)
	s.seconds, s.requests = elapsed, requests
	b.results[key{v, n, name}] = append(b.results[key{v, n, name}], s)
	log.Printf("%-14s N=%-5d %-8s %6.2fs  %4d requests  peak %5.1f MB  provider CPU %6.0f ms", v, n, name, s.seconds, s.requests, float64(s.maxRSSKB)/1024, s.cpuMS)
	return nil
}

func terraform(ctx context.Context, bin, dir string, env []string, args ...string) error {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir, cmd.Env = dir, env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) && args[0] == "plan" && exit.ExitCode() == 2 {
		return fmt.Errorf("the plan on the applied state is not empty:\n%s", out.String())
	}
	if err != nil {
		return fmt.Errorf("%w\n%s", err, out.String())
	}
	return nil
}

// readStats sums up what the wrapper wrote for each provider process of a
// command: the largest peak memory and live heap, the total CPU time, and
// each start-up time.
func readStats(path string) step {
	var st step
	data, _ := os.ReadFile(path)
	for _, line := range bytes.Split(data, []byte("\n")) {
		var s struct {
			MaxRSSKB    int64   `json:"maxrss_kb"`
			CPUMS       float64 `json:"cpu_ms"`
			HandshakeMS float64 `json:"handshake_ms"`
			LiveHeapMB  float64 `json:"live_heap_mb"`
		}
		if json.Unmarshal(line, &s) != nil {
			continue
		}
		st.maxRSSKB = max(st.maxRSSKB, s.MaxRSSKB)
		st.liveMB = max(st.liveMB, s.LiveHeapMB)
		st.cpuMS += s.CPUMS
		st.handshake = append(st.handshake, s.HandshakeMS)
	}
	return st
}

func (b *bench) goBenchmarks(ctx context.Context) (string, error) {
	var lines []string
	for _, pkg := range []string{"./internal/cinnox/", "./internal/bench/"} {
		cmd := exec.CommandContext(ctx, "go", "test", "-run", "^$", "-bench", ".", "-benchmem", "-count", "1", pkg)
		cmd.Dir = b.o.root
		out, err := cmd.CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("go test -bench %s: %w\n%s", pkg, err, out)
		}
		for _, l := range strings.Split(string(out), "\n") {
			if strings.HasPrefix(l, "Benchmark") {
				lines = append(lines, l)
			}
		}
	}
	return strings.Join(lines, "\n"), nil
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func (b *bench) med(v variant, n int, name string, f func(step) float64) float64 {
	var xs []float64
	for _, s := range b.results[key{v, n, name}] {
		xs = append(xs, f(s))
	}
	return median(xs)
}

func seconds(s step) float64  { return s.seconds }
func requests(s step) float64 { return float64(s.requests) }
func rssMB(s step) float64    { return float64(s.maxRSSKB) / 1024 }
func cpuMS(s step) float64    { return s.cpuMS }
func handshakeMS(s step) float64 {
	return median(s.handshake)
}

func machine() string {
	cpu := "unknown CPU"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(l, "model name") {
				cpu = strings.TrimSpace(strings.SplitN(l, ":", 2)[1])
				break
			}
		}
	}
	mem := ""
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		_, _ = fmt.Sscanf(strings.SplitN(string(data), "\n", 2)[0], "MemTotal: %d kB", &kb)
		mem = fmt.Sprintf(", %.0f GiB memory", float64(kb)/1024/1024)
	}
	return fmt.Sprintf("%s/%s, %d cores (%s)%s, %s", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpu, mem, runtime.Version())
}

func (b *bench) report(goBench string) (string, string) {
	var r strings.Builder
	fmt.Fprintf(&r, "# Benchmarks\n\nWritten by `make bench` on %s.\n\n", time.Now().UTC().Format("2006-01-02"))
	fmt.Fprintf(&r, "- Machine: %s\n- %s, default parallelism (10)\n", machine(), b.tfVer)
	fmt.Fprintf(&r, "- Median of %d runs per cell (plan: %d runs x %d plans of the applied state), the two providers interleaved step by step and alternating which goes first; the mock CINNOX server runs in the benchmark's process with webhook verification off and no rate limit; the provider's `requests_per_minute` is raised to 1,000,000.\n", b.o.runs, b.o.runs, b.o.plans)
	fmt.Fprintf(&r, "- *do-nothing*: a provider on the same framework with the same address and the same provider and resource schemas, taken from the CINNOX provider (descriptions, the `url` validator and the `enabled` default included), and nothing else: no Configure, no ModifyPlan, no API call (`internal/bench/noop`). That is the floor any framework provider with these schemas pays here. *ratio* = provider / do-nothing.\n")
	fmt.Fprintf(&r, "- Peak memory, CPU time and start-up (exec to plugin handshake) are the provider process's, measured by a wrapper; Terraform starts more than one provider process per command: the peak is the largest, the CPU time their sum. Wall-clock times on this 2-core machine vary by up to 15%% from run to run, and the provider CPU time by almost as much; compare the two providers within a table, not across runs.\n\n")

	r.WriteString("| N | step | provider (s) | do-nothing (s) | ratio | API requests | provider CPU provider / do-nothing (ms) | peak memory provider / do-nothing (MB) | start-up provider / do-nothing (ms) |\n")
	r.WriteString("|---:|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, n := range b.o.sizes {
		for _, name := range steps {
			p, f := b.med(provider, n, name, seconds), b.med(noop, n, name, seconds)
			fmt.Fprintf(&r, "| %d | %s | %.2f | %.2f | %.2f | %.0f | %.0f / %.0f | %.1f / %.1f | %.1f / %.1f |\n", n, name, p, f, p/f,
				b.med(provider, n, name, requests), b.med(provider, n, name, cpuMS), b.med(noop, n, name, cpuMS),
				b.med(provider, n, name, rssMB), b.med(noop, n, name, rssMB),
				b.med(provider, n, name, handshakeMS), b.med(noop, n, name, handshakeMS))
		}
	}
	fmt.Fprintf(&r, "\n200 plain `terraform_data` resources, for scale: apply %.2f s, plan %.2f s, destroy %.2f s.\n\n",
		b.med(tfData, 200, "apply", seconds), b.med(tfData, 200, "plan", seconds), b.med(tfData, 200, "destroy", seconds))

	r.WriteString("Peak live heap of the provider process during apply (the heap left after each garbage collection, from " +
		"the Go runtime's GC trace, in an untimed pass of its own): what the provider keeps, where peak memory above also " +
		"counts garbage not yet collected.\n\n| N | provider (MB) | do-nothing (MB) |\n|---:|---:|---:|\n")
	for _, n := range b.o.sizes {
		fmt.Fprintf(&r, "| %d | %.0f | %.0f |\n", n, b.liveMB[key{provider, n, "apply"}], b.liveMB[key{noop, n, "apply"}])
	}
	r.WriteString("\n")

	link, err := filepath.Rel(filepath.Dir(b.o.out), b.o.chart)
	if err != nil {
		link = b.o.chart
	}
	r.WriteString("![apply time against N](" + filepath.ToSlash(link) + ")\n\n## Targets\n\n")
	for _, t := range b.targets() {
		mark := "met"
		if !t.ok {
			mark = "**missed**"
		}
		fmt.Fprintf(&r, "- %s: %s (%s)\n", t.what, mark, t.detail)
	}
	fmt.Fprintf(&r, "\n## Go benchmarks\n\n"+
		"`go test -bench . -benchmem ./internal/cinnox ./internal/bench`. The client's request path against an in-process server "+
		"(`conns`: TCP connections opened). `BenchmarkPlanRPC`: what Terraform asks of a provider for each resource in a plan of "+
		"applied state (ValidateResourceConfig, ReadResource, PlanResourceChange, and the three in a row), called in-process "+
		"with the plugin server's logging (TRACE, as Terraform runs providers) written to /dev/null. `BenchmarkApplyRPC`: the same for "+
		"one resource's create and destroy (plan and apply of each), against an API stand-in in the same process; the provider "+
		"sends two requests, the do-nothing provider none.\n\n```\n%s\n```\n", goBench)
	return r.String(), b.svg()
}

type target struct {
	what, detail string
	ok           bool
}

func (b *bench) targets() []target {
	var ts []target
	for _, n := range b.o.sizes {
		want := map[string]float64{"apply": float64(n), "plan": 0, "destroy": float64(n)}
		for _, name := range steps {
			got := b.med(provider, n, name, requests)
			ts = append(ts, target{fmt.Sprintf("N=%d %s sends %.0f requests", n, name, want[name]), fmt.Sprintf("sent %.0f", got), got == want[name]})
		}
		if n >= 200 {
			for _, name := range []string{"apply", "plan"} {
				ratio := b.med(provider, n, name, seconds) / b.med(noop, n, name, seconds)
				ts = append(ts, target{fmt.Sprintf("N=%d %s within 1.1x of the do-nothing floor", n, name), fmt.Sprintf("%.2fx", ratio), ratio <= 1.1})
			}
		}
	}
	if slices.Contains(b.o.sizes, 200) && slices.Contains(b.o.sizes, 1000) {
		m200, m1000 := b.med(provider, 200, "apply", rssMB), b.med(provider, 1000, "apply", rssMB)
		f200, f1000 := b.med(noop, 200, "apply", rssMB), b.med(noop, 1000, "apply", rssMB)
		// Flat: the provider grows no more than the do-nothing floor does,
		// with 10% of slack.
		ok := m1000-m200 <= (f1000-f200)+0.1*m200
		ts = append(ts, target{"provider peak memory flat from N=200 to 1000",
			fmt.Sprintf("%.1f -> %.1f MB; do-nothing %.1f -> %.1f MB; growth allowed: the floor's plus 10%% of the provider's at N=200; "+
				"live heap %.0f -> %.0f MB, do-nothing %.0f -> %.0f MB", m200, m1000, f200, f1000,
				b.liveMB[key{provider, 200, "apply"}], b.liveMB[key{provider, 1000, "apply"}],
				b.liveMB[key{noop, 200, "apply"}], b.liveMB[key{noop, 1000, "apply"}]), ok})
	}
	return ts
}

// svg draws apply time against N for the provider, the do-nothing floor and
// terraform_data.
func (b *bench) svg() string {
	const w, h, left, right, top, bottom = 640.0, 360.0, 60.0, 170.0, 30.0, 50.0
	maxN := float64(slices.Max(b.o.sizes))
	maxT := 0.0
	for _, v := range []variant{provider, noop} {
		for _, n := range b.o.sizes {
			maxT = max(maxT, b.med(v, n, "apply", seconds))
		}
	}
	maxT = max(maxT, b.med(tfData, 200, "apply", seconds)) * 1.1
	x := func(n float64) float64 { return left + n/maxN*(w-left-right) }
	y := func(t float64) float64 { return h - bottom - t/maxT*(h-top-bottom) }

	var s strings.Builder
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="sans-serif" font-size="12">`+"\n", w, h, w, h)
	fmt.Fprintf(&s, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(&s, `<text x="%.0f" y="18" font-size="14" font-weight="bold">terraform apply from empty state: seconds against N</text>`+"\n", left)
	fmt.Fprintf(&s, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="black"/>`+"\n", left, h-bottom, w-right, h-bottom)
	fmt.Fprintf(&s, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="black"/>`+"\n", left, top, left, h-bottom)
	for i := 0; i <= 4; i++ {
		t := maxT * float64(i) / 4
		fmt.Fprintf(&s, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#ddd"/><text x="%.0f" y="%.1f" text-anchor="end">%.1f s</text>`+"\n", left, y(t), w-right, y(t), left-6, y(t)+4, t)
	}
	for _, n := range b.o.sizes {
		fmt.Fprintf(&s, `<text x="%.1f" y="%.0f" text-anchor="middle">%d</text>`+"\n", x(float64(n)), h-bottom+18, n)
	}
	fmt.Fprintf(&s, `<text x="%.0f" y="%.0f" text-anchor="middle">N (subscriptions / resources)</text>`+"\n", (left+w-right)/2, h-12)
	series := []struct {
		v      variant
		color  string
		label  string
		dashed bool
	}{{provider, "#1f77b4", "CINNOX provider", false}, {noop, "#ff7f0e", "do-nothing floor", true}}
	for i, se := range series {
		var pts []string
		for _, n := range b.o.sizes {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(float64(n)), y(b.med(se.v, n, "apply", seconds))))
		}
		dash := ""
		if se.dashed {
			dash = ` stroke-dasharray="6 4"`
		}
		fmt.Fprintf(&s, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"%s/>`+"\n", strings.Join(pts, " "), se.color, dash)
		for _, p := range pts {
			xy := strings.Split(p, ",")
			fmt.Fprintf(&s, `<circle cx="%s" cy="%s" r="3.5" fill="%s"/>`+"\n", xy[0], xy[1], se.color)
		}
		ly := top + 20 + float64(i)*20
		fmt.Fprintf(&s, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="%s" stroke-width="2"%s/><text x="%.0f" y="%.0f">%s</text>`+"\n", w-right+10, ly, w-right+34, ly, se.color, dash, w-right+40, ly+4, se.label)
	}
	td := b.med(tfData, 200, "apply", seconds)
	fmt.Fprintf(&s, `<rect x="%.1f" y="%.1f" width="8" height="8" fill="#2ca02c"/>`+"\n", x(200)-4, y(td)-4)
	ly := top + 60
	fmt.Fprintf(&s, `<rect x="%.0f" y="%.0f" width="8" height="8" fill="#2ca02c"/><text x="%.0f" y="%.0f">terraform_data (200)</text>`+"\n", w-right+18, ly-4, w-right+40, ly+4)
	s.WriteString("</svg>\n")
	return s.String()
}
