package cinnox

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// benchServer answers like CINNOX and counts the TCP connections it accepts.
func benchServer(b *testing.B) (*httptest.Server, *atomic.Int64) {
	b.Helper()
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"code":0,"result":{"enabled":true,"url":"https://hooks.example.com/x","updatedAt":"2022-11-07T00:00:00.000Z"}}`)
	}))
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	b.Cleanup(srv.Close)
	return srv, &conns
}

// BenchmarkSubscribe is the client's request path: build, rate limiter,
// retry wrapper, transport, decode; against a loopback server.
func BenchmarkSubscribe(b *testing.B) {
	srv, conns := benchServer(b)
	c, _ := New(Config{BaseURL: srv.URL, Token: "t", UserAgent: "bench", RateLimit: 1_000_000})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Subscribe(ctx, "app", "call", "https://hooks.example.com/x"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(conns.Load()), "conns")
}

// BenchmarkSubscribeParallel runs 10 requests at a time, as Terraform's
// default parallelism does, and reports how many TCP connections were
// opened: a shared keep-alive transport opens about 10, not one per request.
func BenchmarkSubscribeParallel(b *testing.B) {
	srv, conns := benchServer(b)
	c, _ := New(Config{BaseURL: srv.URL, Token: "t", UserAgent: "bench", RateLimit: 1_000_000})
	ctx := context.Background()
	b.ReportAllocs()
	b.SetParallelism(5) // x GOMAXPROCS (2 here) = 10 goroutines
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.Subscribe(ctx, "app", "call", "https://hooks.example.com/x"); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(conns.Load()), "conns")
}

// BenchmarkDecode is the response decoding alone.
func BenchmarkDecode(b *testing.B) {
	body := []byte(`{"code":0,"result":{"enabled":true,"url":"https://hooks.example.com/x","updatedAt":"2022-11-07T00:00:00.000Z"}}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decode("subscribe", 200, body); err != nil {
			b.Fatal(err)
		}
	}
}
