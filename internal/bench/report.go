package main

// The Markdown report, its targets, and the medians they take.

import (
	_ "embed"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"
)

// whereTheTimeGoes is what profiles and earlier passes showed, by hand.
//
//go:embed where-the-time-goes.md
var whereTheTimeGoes string

// controlMargin is how far the provider's ratio to a floor may exceed the
// control's ratio to the same floor in the same runs.
const controlMargin = 0.05

// urlOnlyLimit is the most apply + destroy of urlOnlyN subscriptions by
// url may cost beside the url-only floor.
const urlOnlyLimit = 1.10

func (b *bench) report() string {
	var r strings.Builder
	fmt.Fprintf(&r, "# Benchmarks\n\nWritten by `make bench` on %s: %s/%s, %d cores, %s, %s, default parallelism (10). "+
		"%d runs, each of the provider and the floors interleaved step by step, each run starting with another; a plan "+
		"is %d plans of the applied state per run. Every ratio is the median of the runs' own ratios (run i of each met "+
		"the same machine). The floors are described under \"Method\" below.\n\n", time.Now().UTC().Format("2006-01-02"),
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(), b.tfVer, b.runs, plans)
	r.WriteString("| N | step | provider (s) | bare-PATCH (s) | do-nothing (s) | url-only (s) | provider / floor, wall | control / floor, wall | provider / floor, provider CPU | provider / url-only, wall | bare-PATCH / url-only, wall | API requests |\n")
	r.WriteString("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, n := range b.sizes {
		for _, name := range steps {
			fl, c := floorOf(name)
			fmt.Fprintf(&r, "| %d | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.0f |\n", n, name,
				b.med(provider, n, name), b.med(barePatch, n, name), b.med(noop, n, name), b.med(urlOnly, n, name),
				b.ratio(provider, fl, n, []string{name}, seconds), b.ratio(c, fl, n, []string{name}, seconds),
				b.ratio(provider, fl, n, []string{name}, cpuMS), b.ratio(provider, urlOnly, n, []string{name}, seconds),
				b.ratio(barePatch, urlOnly, n, []string{name}, seconds), median(b.perRun(provider, n, []string{name}, requests)))
		}
	}
	r.WriteString("\nThe floor is bare-PATCH, and the control do-nothing; in a plan, the other way round. " +
		"bare-PATCH / url-only is what the provider's schema costs Terraform beyond the url-only one.\n\n")
	r.WriteString("![apply time against N](benchmarks-apply.svg)\n\n## Targets\n\n" +
		"A ratio target is missed when the provider's ratio to the floor exceeds the control's, in the same runs, by more than 0.05.\n\n")
	for _, t := range b.targets() {
		mark := "met"
		if !t.ok {
			mark = "**missed**"
		}
		fmt.Fprintf(&r, "- %s: %s (%s)\n", t.what, mark, t.detail)
	}
	return r.String() + "\n" + whereTheTimeGoes
}

// floorOf is the floor and the control of a step: a plan sends no request,
// so the do-nothing floor is its floor.
func floorOf(name string) (floor, control variant) {
	if name == "plan" {
		return noop, barePatch
	}
	return barePatch, noop
}

type target struct {
	what, detail string
	ok           bool
}

// targets are, at each N, the requests each step sends and, from N = 200,
// each step's wall time and provider CPU against its floor, read against
// the control; and apply + destroy by url against the url-only floor.
func (b *bench) targets() []target {
	var ts []target
	for _, n := range b.sizes {
		for _, name := range steps {
			want := map[string]float64{"apply": float64(n), "destroy": float64(n)}[name]
			got := median(b.perRun(provider, n, []string{name}, requests))
			ts = append(ts, target{fmt.Sprintf("N=%d %s sends %.0f requests", n, name, want), fmt.Sprintf("sent %.0f", got), got == want})
			if fl, c := floorOf(name); n >= 200 {
				for _, m := range []struct {
					what string
					f    func(step) float64
				}{{"wall time", seconds}, {"provider CPU", cpuMS}} {
					ts = append(ts, b.controlTarget(fmt.Sprintf("N=%d %s against %s, %s", n, name, fl, m.what), n, name, fl, c, m.f))
				}
			}
		}
	}
	both := []string{"apply", "destroy"}
	got := ratios(b.perRun(provider, urlOnlyN, both, seconds), b.perRun(urlOnly, urlOnlyN, both, seconds))
	return append(ts, target{fmt.Sprintf("N=%d apply + destroy by url within %.2fx of the url-only floor, wall time", urlOnlyN, urlOnlyLimit),
		fmt.Sprintf("%.2fx (runs %s)", median(got), spread(got)), len(got) > 0 && median(got) <= urlOnlyLimit})
}

// controlTarget is met when the provider's ratio to floor exceeds the
// control's ratio to floor, in the same runs, by no more than
// controlMargin; never without runs of all three.
func (b *bench) controlTarget(what string, n int, name string, floor, control variant, f func(step) float64) target {
	p := ratios(b.perRun(provider, n, []string{name}, f), b.perRun(floor, n, []string{name}, f))
	c := ratios(b.perRun(control, n, []string{name}, f), b.perRun(floor, n, []string{name}, f))
	if len(p) == 0 || len(c) == 0 {
		return target{what, "no runs to compare", false}
	}
	pr, cr := median(p), median(c)
	return target{what, fmt.Sprintf("%.2fx (runs %s); the control, %s, %.2fx (%s): limit %.2fx",
		pr, spread(p), control, cr, spread(c), cr+controlMargin), pr <= cr+controlMargin}
}

// perRun is, for each run of v at n, f summed over the named steps (a
// plan's plans are separate runs of their own).
func (b *bench) perRun(v variant, n int, names []string, f func(step) float64) []float64 {
	out := make([]float64, len(b.results[key{v, n, names[0]}]))
	for _, name := range names {
		for i, s := range b.results[key{v, n, name}] {
			if i < len(out) {
				out[i] += f(s)
			}
		}
	}
	return out
}

// ratios is each run's value over the same run's floor value.
func ratios(vs, floors []float64) []float64 {
	var out []float64
	for i := range min(len(vs), len(floors)) {
		out = append(out, vs[i]/floors[i])
	}
	return out
}

// ratio is the median of the runs' own ratios of v to floor.
func (b *bench) ratio(v, floor variant, n int, names []string, f func(step) float64) float64 {
	return median(ratios(b.perRun(v, n, names, f), b.perRun(floor, n, names, f)))
}

func (b *bench) med(v variant, n int, name string) float64 {
	return median(b.perRun(v, n, []string{name}, seconds))
}

// spread is the lowest and the highest of xs.
func spread(xs []float64) string {
	if len(xs) == 0 {
		return "no runs"
	}
	return fmt.Sprintf("%.2f - %.2f", slices.Min(xs), slices.Max(xs))
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	return (s[(len(s)-1)/2] + s[len(s)/2]) / 2
}

func seconds(s step) float64  { return s.seconds }
func cpuMS(s step) float64    { return s.cpuMS }
func requests(s step) float64 { return float64(s.requests) }
