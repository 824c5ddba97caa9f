package main

// The Markdown report and the targets it checks.

import (
	_ "embed"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// whereTheTimeGoes is what the profiles showed, written by hand.
//
//go:embed where-the-time-goes.md
var whereTheTimeGoes string

func (b *bench) report(goBench string) (string, string) {
	var r strings.Builder
	fmt.Fprintf(&r, "# Benchmarks\n\nWritten by `make bench` on %s.\n\n", time.Now().UTC().Format("2006-01-02"))
	fmt.Fprintf(&r, "- Machine: %s\n- %s, default parallelism (10)\n", machine(), b.tfVer)
	fmt.Fprintf(&r, "- Median of %d runs per cell (plan: %d runs x %d plans of the applied state), the three providers interleaved step by step, each run starting with another, so that over a multiple of three runs each goes first equally often (at N=%d a fourth, the provider writing every log line, runs after them); the mock CINNOX server runs in the benchmark's process with webhook verification off and no rate limit; the provider's `requests_per_minute` is raised to 1,000,000.\n", b.o.runs, b.o.runs, b.o.plans, logsWrittenN)
	fmt.Fprintf(&r, "- *do-nothing*: a provider on the same framework with the same address and the same provider and resource schemas, taken from the CINNOX provider (descriptions, the `url` validator and the `enabled` default included), and nothing else: no Configure, no ModifyPlan, no API call (`internal/bench/noop`); served, as the provider is, writing no log line Terraform throws away. That is the floor any framework provider with these schemas pays here. *bare-PATCH*: the do-nothing provider sending exactly the one PATCH each create, update and delete needs, with a bare `net/http` client, failing on any answer but 200 (`internal/bench/noop/patch.go`): the floor of any provider that does the job, so the provider's ratio to it is what its own machinery costs. *ratio* = provider / floor.\n")
	fmt.Fprintf(&r, "- Peak memory, CPU time and start-up (exec to plugin handshake) are the provider process's, measured by a wrapper; Terraform starts more than one provider process per command: the peak is the largest, the CPU time their sum. Wall-clock times on this 2-core machine vary by up to 15%% from run to run, and the provider CPU time by almost as much; compare the two providers within a table, not across runs.\n\n")

	r.WriteString("| N | step | provider (s) | do-nothing (s) | bare-PATCH (s) | ratio to do-nothing / bare-PATCH | API requests | provider CPU provider / do-nothing / bare-PATCH (ms) | CPU ratio to bare-PATCH | peak memory provider / do-nothing (MB) | start-up provider / do-nothing (ms) |\n")
	r.WriteString("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, n := range b.o.sizes {
		for _, name := range steps {
			p, f, bp := b.med(provider, n, name, seconds), b.med(noop, n, name, seconds), b.med(barePatch, n, name, seconds)
			pc, bc := b.med(provider, n, name, cpuMS), b.med(barePatch, n, name, cpuMS)
			fmt.Fprintf(&r, "| %d | %s | %.2f | %.2f | %.2f | %.2f / %.2f | %.0f | %.0f / %.0f / %.0f | %.2f | %.1f / %.1f | %.1f / %.1f |\n",
				n, name, p, f, bp, p/f, p/bp, b.med(provider, n, name, requests), pc, b.med(noop, n, name, cpuMS), bc, pc/bc,
				b.med(provider, n, name, rssMB), b.med(noop, n, name, rssMB),
				b.med(provider, n, name, handshakeMS), b.med(noop, n, name, handshakeMS))
		}
	}
	b.spread(&r)
	b.cliTable(&r)
	b.logsWrittenTable(&r)
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
	r.WriteString("\n" + whereTheTimeGoes)
	fmt.Fprintf(&r, "\n## Go benchmarks\n\n%s\n\n```\n%s\n```\n", goBenchmarksAbout, goBench)
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
			ts = append(ts, b.floorTargets(n)...)
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

// floorTargets: apply and destroy of n within 1.05x of the bare-PATCH
// floor, in wall time and in the provider process's CPU time; plan within
// 1.05x of the do-nothing floor (a plan sends no request). Each target is
// the median of the runs' own ratios: run i of the provider and of the
// floor are steps apart, and this machine's speed drifts by more than 5%
// over the minutes between runs, which the ratio of two medians taken
// from different runs does not cancel. (The ratio of the medians is
// printed beside it, and in the table above.)
func (b *bench) floorTargets(n int) []target {
	var ts []target
	for _, name := range []string{"apply", "destroy"} {
		for _, m := range []struct {
			what string
			f    func(step) float64
		}{{"wall time", seconds}, {"provider CPU", cpuMS}} {
			ts = append(ts, b.floorTarget(fmt.Sprintf("N=%d %s within %.2fx of the bare-PATCH floor, %s", n, name, floorLimit, m.what),
				n, name, barePatch, m.f))
		}
	}
	return append(ts, b.floorTarget(fmt.Sprintf("N=%d plan within %.2fx of the do-nothing floor", n, floorLimit), n, "plan", noop, seconds))
}

// floorLimit is the most a floor target allows: the provider's ratio to
// the floor.
const floorLimit = 1.05

// floorTarget is met when the median of the runs' own ratios of the
// provider to floor is within floorLimit; never without a run of each. Its
// detail gives the control beside it: the other floor against this one in
// the same runs, what the method reads for two providers whose difference
// is known (see controlOf).
func (b *bench) floorTarget(what string, n int, name string, floor variant, f func(step) float64) target {
	if len(b.results[key{provider, n, name}]) == 0 || len(b.results[key{floor, n, name}]) == 0 {
		return target{what, "no runs to compare", false}
	}
	paired := median(b.ratios(provider, floor, n, name, f))
	ofMedians := b.med(provider, n, name, f) / b.med(floor, n, name, f)
	detail := fmt.Sprintf("%.2fx, the median of the runs' own ratios; the ratio of the medians %.2fx", paired, ofMedians)
	if control := controlOf(floor); len(b.results[key{control, n, name}]) > 0 {
		cs := b.ratios(control, floor, n, name, f)
		detail += fmt.Sprintf("; the control, %s against %s in the same runs, %.2fx (%.2f - %.2f)", control, floor, median(cs), slices.Min(cs), slices.Max(cs))
	}
	return target{what, detail, paired <= floorLimit}
}

// controlOf is the floor that the runs of floor are checked against, to
// show what the method resolves: each does no more than the other's work
// in these steps, so their ratio would be at most 1 on a steady machine.
// Against bare-PATCH, the do-nothing floor, which sends no request; against
// do-nothing (a plan, where neither sends one), bare-PATCH, which then
// does the same work.
func controlOf(floor variant) variant {
	if floor == barePatch {
		return noop
	}
	return barePatch
}

// spread writes the lowest and highest of each run's own ratio to the
// floor that its targets use: the runs are interleaved, so run i of the
// provider met the same machine as run i of the floor. Beside it, the same
// for the control (controlOf).
func (b *bench) spread(r *strings.Builder) {
	r.WriteString("\nSpread: the lowest and the highest ratio of one run to the same run of the floor (the targets use " +
		"the median of these ratios). The control is the other floor against the same floor in the same runs: against " +
		"bare-PATCH, the do-nothing floor, which sends no request; against do-nothing (a plan), bare-PATCH, which then " +
		"does the same work. Neither does more than the floor it is held against, so on a steady machine its ratio " +
		"would be at most 1; how far it strays is what the method can tell apart.\n\n" +
		"| N | step | floor | wall time ratio, low - high | provider CPU ratio, low - high | control | control wall time ratio, median (low - high) | control provider CPU ratio, median (low - high) |\n" +
		"|---:|---|---|---:|---:|---|---:|---:|\n")
	for _, n := range b.o.sizes {
		for _, name := range steps {
			floor := barePatch
			if name == "plan" {
				floor = noop
			}
			control := controlOf(floor)
			wall, cpu := b.ratios(provider, floor, n, name, seconds), b.ratios(provider, floor, n, name, cpuMS)
			cWall, cCPU := b.ratios(control, floor, n, name, seconds), b.ratios(control, floor, n, name, cpuMS)
			fmt.Fprintf(r, "| %d | %s | %s | %.2f - %.2f | %.2f - %.2f | %s | %.2f (%.2f - %.2f) | %.2f (%.2f - %.2f) |\n", n, name, floor,
				slices.Min(wall), slices.Max(wall), slices.Min(cpu), slices.Max(cpu), control,
				median(cWall), slices.Min(cWall), slices.Max(cWall), median(cCPU), slices.Min(cCPU), slices.Max(cCPU))
		}
	}
}

// cliTable writes Terraform's own CPU time in the same runs: on this
// 2-core machine the wall time follows the CPU time of everything that
// runs, and Terraform's own is most of it.
func (b *bench) cliTable(r *strings.Builder) {
	r.WriteString("\nTerraform's own CPU time in the same runs: its process tree's less the provider processes' (the wrapper's " +
		"few milliseconds included); the ratio is the median of each run's own.\n\n" +
		"| N | step | with the provider (ms) | with do-nothing (ms) | with bare-PATCH (ms) | ratio to bare-PATCH |\n|---:|---|---:|---:|---:|---:|\n")
	for _, n := range b.o.sizes {
		for _, name := range steps {
			fmt.Fprintf(r, "| %d | %s | %.0f | %.0f | %.0f | %.2f |\n", n, name, b.med(provider, n, name, cliCPUMS),
				b.med(noop, n, name, cliCPUMS), b.med(barePatch, n, name, cliCPUMS), median(b.ratios(provider, barePatch, n, name, cliCPUMS)))
		}
	}
}

// ratios is each run's value of v over the same run's value of floor.
func (b *bench) ratios(v, floor variant, n int, name string, f func(step) float64) []float64 {
	ps, fs := b.results[key{v, n, name}], b.results[key{floor, n, name}]
	var out []float64
	for i := range min(len(ps), len(fs)) {
		out = append(out, f(ps[i])/f(fs[i]))
	}
	if len(out) == 0 {
		return []float64{0}
	}
	return out
}

// logsWrittenTable compares the provider with itself writing every log
// line, at logsWrittenN: what skipping the lines Terraform throws away is
// worth, to the provider process and to the whole command.
func (b *bench) logsWrittenTable(r *strings.Builder) {
	n := logsWrittenN
	if len(b.results[key{logsWritten, n, "apply"}]) == 0 {
		return
	}
	fmt.Fprintf(r, "\nWhat the log lines Terraform throws away cost (N=%d): the provider as served (it writes none of them "+
		"without TF_LOG, see `internal/logenv`; the floors above do the same) against the provider writing every line at "+
		"TRACE, as before, interleaved with the runs above.\n\n| N | step | provider (s) | logs written (s) | ratio | "+
		"provider CPU provider / logs written (ms) | CPU ratio |\n|---:|---|---:|---:|---:|---:|---:|\n", n)
	for _, name := range steps {
		p, l := b.med(provider, n, name, seconds), b.med(logsWritten, n, name, seconds)
		pc, lc := b.med(provider, n, name, cpuMS), b.med(logsWritten, n, name, cpuMS)
		fmt.Fprintf(r, "| %d | %s | %.2f | %.2f | %.2f | %.0f / %.0f | %.2f |\n", n, name, p, l, p/l, pc, lc, pc/lc)
	}
}

// goBenchmarksAbout says what the Go benchmarks measure.
const goBenchmarksAbout = "`go test -bench . -benchmem ./internal/cinnox ./internal/bench`. The client's request path against an in-process server " +
	"(`conns`: TCP connections opened). `BenchmarkPlanRPC`: what Terraform asks of a provider for each resource in a plan of " +
	"applied state (ValidateResourceConfig, ReadResource, PlanResourceChange, and the three in a row, with the private state " +
	"a plan leaves), called in-process " +
	"with the plugin server's logging at TRACE (as under `TF_LOG=TRACE`; without it the provider writes no line) written to /dev/null. `BenchmarkApplyRPC`: the same for " +
	"one resource's create and destroy (plan and apply of each, each half a run of its own that configures the provider " +
	"and opens its connection), against an API stand-in in the same process, timed whole (`create+destroy`) or one half " +
	"(`create`, `destroy`); `cpu-ns/op` is the process's CPU time (user and system, every goroutine's, the stand-in's too) " +
	"in the timed part, per op; the provider and the bare-PATCH floor send two requests, the do-nothing provider none. `BenchmarkSharedAccount`: several workspaces (each its own client, " +
	"paced to the whole limit) against a CINNOX stand-in that enforces 500 requests per window, with every wait scaled to a " +
	"6-second window (`BENCH_WINDOW=60s` runs it in real time): `4x300` is 4 workspaces of 300 subscribes, then 300 " +
	"unsubscribes each, started together; `1x520` one workspace just over the limit; `1x200-p50-faults30` one at " +
	"parallelism 50 through 30% transient faults. `*-x-floor` is each phase's time over the limit's own floor (requests / " +
	"500 per window), `*-refusals` the requests CINNOX refused for its rate limit, `*-failed` the operations that " +
	"failed."
