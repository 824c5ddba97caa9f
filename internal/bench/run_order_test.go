package main

import (
	"slices"
	"testing"
)

// Over as many consecutive runs as there are variants, each variant goes
// in each place once.
func TestRunOrder_eachVariantTakesEachPlaceOnce(t *testing.T) {
	for _, variants := range [][]variant{compared, {provider, barePatch}} {
		for start := range len(variants) {
			places := map[variant][]int{}
			for r := start; r < start+len(variants); r++ {
				order := runOrder(r, variants)
				if len(order) != len(variants) {
					t.Fatalf("run %d: %v, want each of %v once", r, order, variants)
				}
				for i, v := range order {
					places[v] = append(places[v], i)
				}
			}
			for _, v := range variants {
				if got := slices.Sorted(slices.Values(places[v])); !slices.Equal(got, []int{0, 1, 2, 3, 4, 5}[:len(variants)]) {
					t.Errorf("runs %d-: %s took places %v, want each once", start, v, places[v])
				}
			}
		}
	}
}
