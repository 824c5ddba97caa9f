package main

import "testing"

// A floor target takes the median of the runs' own ratios: run i of the
// provider and of the floor meet the same machine, which the ratio of two
// medians, taken from different runs, does not ensure.
func TestFloorTarget_isTheMedianOfTheRunsOwnRatios(t *testing.T) {
	runs := func(pairs ...[2]float64) *bench {
		b := &bench{results: map[key][]step{}}
		for _, p := range pairs {
			b.results[key{provider, 200, "apply"}] = append(b.results[key{provider, 200, "apply"}], step{seconds: p[0]})
			b.results[key{barePatch, 200, "apply"}] = append(b.results[key{barePatch, 200, "apply"}], step{seconds: p[1]})
		}
		return b
	}
	for name, tc := range map[string]struct {
		b      *bench
		ok     bool
		detail string
	}{
		"the floor fast in one run only": {runs([2]float64{10, 10}, [2]float64{12, 9}, [2]float64{11, 11}), true,
			"1.00x, the median of the runs' own ratios; the ratio of the medians 1.10x"},
		"the provider 10% slower in every run": {runs([2]float64{11, 10}, [2]float64{13.2, 12}, [2]float64{12.1, 11}), false,
			"1.10x, the median of the runs' own ratios; the ratio of the medians 1.10x"},
		"the provider 4% slower in every run": {runs([2]float64{10.4, 10}, [2]float64{15.6, 15}, [2]float64{20.8, 20}), true,
			"1.04x, the median of the runs' own ratios; the ratio of the medians 1.04x"},
		"no runs": {runs(), false, "no runs to compare"},
	} {
		got := tc.b.floorTarget("apply", 200, "apply", barePatch, seconds)
		if got.ok != tc.ok || got.detail != tc.detail {
			t.Errorf("%s: floorTarget = %v (%s), want %v (%s)", name, got.ok, got.detail, tc.ok, tc.detail)
		}
	}
}

// Beside its verdict, a floor target gives the control: the do-nothing
// floor against bare-PATCH in the same runs, which shows how far two
// providers of known difference read apart. The control does not change
// the verdict.
func TestFloorTarget_givesTheControlBesideTheVerdict(t *testing.T) {
	b := &bench{results: map[key][]step{}}
	for _, run := range [][3]float64{{11, 10, 10.8}, {12, 11, 11}, {13.2, 12, 11.4}} {
		for i, v := range []variant{provider, barePatch, noop} {
			k := key{v, 1000, "apply"}
			b.results[k] = append(b.results[k], step{seconds: run[i]})
		}
	}
	got := b.floorTarget("apply", 1000, "apply", barePatch, seconds)
	want := "1.10x, the median of the runs' own ratios; the ratio of the medians 1.09x; " +
		"the control, do-nothing against bare-PATCH in the same runs, 1.00x (0.95 - 1.08)"
	if got.ok || got.detail != want {
		t.Errorf("floorTarget = %v (%s), want false (%s)", got.ok, got.detail, want)
	}
	if c := controlOf(noop); c != barePatch {
		t.Errorf("the control of a plan's floor (do-nothing) = %s, want bare-PATCH", c)
	}
}
