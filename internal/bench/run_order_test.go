package main

import (
	"slices"
	"testing"
)

// Over any three consecutive runs, each compared variant goes first,
// second and last once, at every size; the provider writing every log line
// runs after them, at its one size only.
func TestRunOrder_eachComparedVariantTakesEachPlaceOnce(t *testing.T) {
	compared := []variant{provider, noop, barePatch}
	for _, n := range []int{1, logsWrittenN, 1000} {
		for start := range 3 {
			places := map[variant][]int{}
			for r := start; r < start+3; r++ {
				order := runOrder(r, n)
				if n == logsWrittenN {
					if len(order) != 4 || order[3] != logsWritten {
						t.Fatalf("N=%d run %d: %v, want the log-writing provider last of four", n, r, order)
					}
					order = order[:3]
				}
				if len(order) != 3 {
					t.Fatalf("N=%d run %d: %v, want the three compared variants", n, r, order)
				}
				for i, v := range order {
					places[v] = append(places[v], i)
				}
			}
			for _, v := range compared {
				got := slices.Sorted(slices.Values(places[v]))
				if !slices.Equal(got, []int{0, 1, 2}) {
					t.Errorf("N=%d runs %d-%d: %s took places %v, want 0, 1 and 2 once each", n, start, start+2, v, places[v])
				}
			}
		}
	}
}
