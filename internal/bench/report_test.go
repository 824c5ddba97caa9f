package main

import (
	"strings"
	"testing"
)

// results lays out runs of apply at N=1000 for the provider, bare-PATCH and
// the do-nothing control, in seconds.
func results(runs ...[3]float64) *bench {
	b := &bench{results: map[key][]step{}}
	for _, run := range runs {
		for i, v := range []variant{provider, barePatch, noop} {
			k := key{v, 1000, "apply"}
			b.results[k] = append(b.results[k], step{seconds: run[i]})
		}
	}
	return b
}

// A ratio target reads against the control: it is missed only when the
// provider's ratio to the floor exceeds the control's, in the same runs,
// by more than 0.05; each ratio is the median of the runs' own.
func TestControlTarget_readsTheProviderAgainstTheControl(t *testing.T) {
	for name, tc := range map[string]struct {
		b      *bench
		ok     bool
		detail string
	}{
		"the provider 10% slower, the control even": {results([3]float64{11, 10, 10}, [3]float64{13.2, 12, 12}, [3]float64{12.1, 11, 11}), false,
			"1.10x (runs 1.10 - 1.10); the control, do-nothing, 1.00x (1.00 - 1.00): limit 1.05x"},
		"the provider 10% slower, and so the control: the machine": {results([3]float64{11, 10, 11}, [3]float64{13.2, 12, 13.2}, [3]float64{12.1, 11, 12.1}), true,
			"1.10x (runs 1.10 - 1.10); the control, do-nothing, 1.10x (1.10 - 1.10): limit 1.15x"},
		"the floor fast in one run only": {results([3]float64{10, 10, 10}, [3]float64{12, 9, 9}, [3]float64{11, 11, 11}), true,
			"1.00x (runs 1.00 - 1.33); the control, do-nothing, 1.00x (1.00 - 1.00): limit 1.05x"},
		"no runs": {results(), false, "no runs to compare"},
	} {
		got := tc.b.controlTarget("apply", 1000, "apply", barePatch, noop, seconds)
		if got.ok != tc.ok || got.detail != tc.detail {
			t.Errorf("%s: controlTarget = %v (%s), want %v (%s)", name, got.ok, got.detail, tc.ok, tc.detail)
		}
	}
}

// apply + destroy are paired run by run: run i's apply and destroy of the
// provider against run i's of the url-only floor.
func TestPerRun_sumsTheStepsOfEachRun(t *testing.T) {
	b := &bench{results: map[key][]step{}}
	for _, s := range []struct {
		v    variant
		name string
		secs []float64
	}{{provider, "apply", []float64{6, 7}}, {provider, "destroy", []float64{4, 5}}, {urlOnly, "apply", []float64{5, 6}}, {urlOnly, "destroy", []float64{5, 4}}} {
		for _, x := range s.secs {
			k := key{s.v, 200, s.name}
			b.results[k] = append(b.results[k], step{seconds: x})
		}
	}
	got := ratios(b.perRun(provider, 200, []string{"apply", "destroy"}, seconds), b.perRun(urlOnly, 200, []string{"apply", "destroy"}, seconds))
	if len(got) != 2 || got[0] != 1 || got[1] != 1.2 {
		t.Errorf("ratios %v, want [1 1.2]", got)
	}
	if floor, control := floorOf("plan"); floor != noop || control != barePatch || !strings.Contains(string(floor), "do-nothing") {
		t.Errorf("a plan's floor and control: %s, %s; want do-nothing and bare-PATCH", floor, control)
	}
}
