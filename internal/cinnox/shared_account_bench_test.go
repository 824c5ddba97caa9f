package cinnox

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
)

// BenchmarkSharedAccount measures the client against a stand-in for CINNOX
// that enforces its rate limit (500 requests in any window, 6451010 past
// it), in the shapes of issue 21: several workspaces applying at once, each
// its own provider process (its own Client) paced to the full limit,
// unaware of the others; one workspace just over the limit; one at
// parallelism 50 through 30% transient faults. Time is compressed: the
// window is BENCH_WINDOW (default 6s) instead of a minute, and every wait
// and timeout is scaled with it. It reports each phase's time against the
// limit's own floor (requests / 500 per window), the refusals CINNOX
// answered, and the operations that failed.
//
//	go test -run '^$' -bench SharedAccount -benchtime 1x ./internal/cinnox
func BenchmarkSharedAccount(b *testing.B) {
	window := 6 * time.Second
	if v := os.Getenv("BENCH_WINDOW"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			b.Fatal(err)
		}
		window = d
	}
	for _, tc := range []struct {
		name                 string
		workspaces, subs     int
		parallelism          int
		faults               float64
		limited, unsubscribe bool
	}{
		{name: "4x300", workspaces: 4, subs: 300, parallelism: 10, limited: true, unsubscribe: true},
		{name: "4x150", workspaces: 4, subs: 150, parallelism: 10, limited: true, unsubscribe: true},
		{name: "1x520", workspaces: 1, subs: 520, parallelism: 10, limited: true},
		{name: "1x200-p50-faults30", workspaces: 1, subs: 200, parallelism: 50, faults: 0.3},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				opts := cinnoxmock.Options{Token: "bench-token", SkipVerification: true}
				if tc.limited {
					opts.RateLimit = cinnoxmock.RateLimit{Requests: DefaultRateLimit, Window: window}
				}
				if tc.faults > 0 {
					opts.Faults = cinnoxmock.Faults{Rate: tc.faults, Seed: 21}
				}
				mock := cinnoxmock.New(opts)
				srv := httptest.NewServer(mock)
				scale := float64(window) / float64(time.Minute)
				clients := make([]*Client, tc.workspaces)
				for i := range clients {
					c, err := New(Config{
						BaseURL: srv.URL, Token: "bench-token", RateWindow: window,
						RetryWaitMin: time.Duration(scale * float64(DefaultRetryWaitMin)),
						RetryWaitMax: time.Duration(scale * float64(DefaultRetryWaitMax)),
					})
					if err != nil {
						b.Fatal(err)
					}
					clients[i] = c
				}
				timeout := time.Duration(scale * float64(5*time.Minute)) // the resources' default timeouts
				phases := []bool{true}
				if tc.unsubscribe {
					phases = append(phases, false)
				}
				for _, subscribe := range phases {
					before := len(mock.Requests())
					start := time.Now()
					failed := sharedAccountPhase(clients, tc.subs, tc.parallelism, timeout, subscribe)
					took := time.Since(start)
					refused := 0
					for _, r := range mock.Requests()[before:] {
						if r.Code == cinnoxmock.CodeTooManyRequests && r.Note == "rate limit exceeded" {
							refused++
						}
					}
					requests := tc.workspaces * tc.subs
					floor := time.Duration(float64(requests) / float64(DefaultRateLimit) * float64(window))
					phase := "subscribe"
					if !subscribe {
						phase = "unsubscribe"
					}
					b.ReportMetric(took.Seconds()/floor.Seconds(), phase+"-x-floor")
					b.ReportMetric(float64(refused), phase+"-refusals")
					b.ReportMetric(float64(failed), phase+"-failed")
					b.Logf("%s %s: %d requests in %v, floor %v (%.2fx), %d refused for the rate limit, %d failed",
						tc.name, phase, requests, took.Round(10*time.Millisecond), floor.Round(10*time.Millisecond),
						took.Seconds()/floor.Seconds(), refused, failed)
				}
				for _, sub := range mock.Subscriptions() {
					if tc.unsubscribe && sub.Enabled {
						b.Errorf("%s/%s is still enabled after the unsubscribes", sub.AppID, sub.Event)
					}
				}
				srv.Close()
			}
		})
	}
}

// sharedAccountPhase runs subs subscribes (or unsubscribes) in each client
// at once, parallelism at a time each, every one within timeout, and
// returns how many failed.
func sharedAccountPhase(clients []*Client, subs, parallelism int, timeout time.Duration, subscribe bool) int {
	var failed atomic.Int32
	var wg sync.WaitGroup
	for w, c := range clients {
		jobs := make(chan int)
		for range parallelism {
			wg.Go(func() {
				for i := range jobs {
					ctx, cancel := context.WithTimeout(context.Background(), timeout)
					app := fmt.Sprintf("ws%d-app%d", w, i)
					var err error
					if subscribe {
						_, err = c.Subscribe(ctx, app, "call", "https://hooks.example.com/"+app)
					} else {
						_, err = c.Unsubscribe(ctx, app, "call", "https://hooks.example.com/"+app)
					}
					cancel()
					if err != nil {
						failed.Add(1)
					}
				}
			})
		}
		go func() {
			for i := range subs {
				jobs <- i
			}
			close(jobs)
		}()
	}
	wg.Wait()
	return int(failed.Load())
}
