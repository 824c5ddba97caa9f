package cinnox

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestLogsRedactTheTokenAndCapBodies(t *testing.T) {
	big := "https://h.example/x?pad=" + strings.Repeat("x", 5000)
	srv := httptest.NewServer(answer(200, `{"code":0,"result":{"enabled":true,"url":"`+big+`"}}`))
	defer srv.Close()
	var mu sync.Mutex
	var entries []string
	c := fastClient(t, srv.URL, Config{Log: func(_ context.Context, msg string, fields map[string]any) {
		mu.Lock()
		defer mu.Unlock()
		entries = append(entries, fmt.Sprint(msg, fields))
	}})
	if _, err := c.Subscribe(context.Background(), "app", "call", big); err != nil {
		t.Fatal(err)
	}
	all := strings.Join(entries, "\n")
	if len(entries) != 1 || !strings.Contains(all, "Bearer (redacted)") || !strings.Contains(all, "status:200") || !strings.Contains(all, `{"enabled":true,"url":"https://h.example/x?pad=xxx`) ||
		!strings.Contains(all, "(truncated)") || strings.Contains(all, token) || len(all) > 4000 {
		t.Errorf("log entries:\n%s", all)
	}
}

// retryablehttp's own entries (here: the wait before a retry) reach the
// client's LogFunc, with the call's context and its secrets removed.
func TestLogsCarryRetryablehttpEntries(t *testing.T) {
	const secret = "s3cr3t-path-segment"
	srv, _ := flaky(t, 1, answer(503, `{"code":6451001,"message":"busy with https://h.example/`+secret+`"}`))
	var mu sync.Mutex
	var entries []string
	type ctxKey struct{}
	c := fastClient(t, srv.URL, Config{Log: func(ctx context.Context, msg string, fields map[string]any) {
		mu.Lock()
		defer mu.Unlock()
		if ctx.Value(ctxKey{}) != "call" {
			t.Errorf("entry %q was logged without the call's context", msg)
		}
		entries = append(entries, fmt.Sprint(msg, fields))
	}})
	ctx := context.WithValue(context.Background(), ctxKey{}, "call")
	// The mock's success names another url: the call's outcome is not
	// what this test is about.
	_, _ = c.Subscribe(ctx, "app", "call", "https://h.example/"+secret)
	all := strings.Join(entries, "\n")
	if !strings.Contains(all, "CINNOX retry: waiting before the next attempt") || !strings.Contains(all, "retryablehttp_level:debug") ||
		!strings.Contains(all, "status: 503") || !strings.Contains(all, "next_attempt:2") || !strings.Contains(all, "wait:") ||
		strings.Contains(all, "remaining") || strings.Contains(all, "timeout:") {
		t.Errorf("want retryablehttp's entry of the wait before a retry (how long, which attempt is next), without its "+
			"count of remaining retries:\n%s", all)
	}
	if strings.Contains(all, secret) || strings.Contains(all, token) {
		t.Errorf("a secret was logged:\n%s", all)
	}
	if n := strings.Count(all, "CINNOX request"); n != 2 {
		t.Errorf("want one entry per attempt (2), got %d:\n%s", n, all)
	}
}

// An attempt that waited for the rate limiter says how long, in the same
// entry as the request: the pacer runs before the logger.
func TestLogsSayHowLongTheLimiterHeldARequest(t *testing.T) {
	srv, _ := flaky(t, 0, nil)
	var mu sync.Mutex
	var entries []map[string]any
	c := fastClient(t, srv.URL, Config{RateLimit: 1, RateWindow: 300 * time.Millisecond, Log: func(_ context.Context, msg string, fields map[string]any) {
		mu.Lock()
		defer mu.Unlock()
		if msg == "CINNOX request" {
			entries = append(entries, fields)
		}
	}})
	for range 2 {
		if _, err := c.Subscribe(context.Background(), "app", "call", "u"); err != nil {
			t.Fatal(err)
		}
	}
	if len(entries) != 2 {
		t.Fatalf("got %d request entries, want 2", len(entries))
	}
	if _, ok := entries[0]["rate_limit_wait"]; ok {
		t.Errorf("the first request did not wait, but its entry says %v", entries[0]["rate_limit_wait"])
	}
	waited, err := time.ParseDuration(fmt.Sprint(entries[1]["rate_limit_wait"]))
	if err != nil || waited < 200*time.Millisecond {
		t.Errorf("the second request waited for the limiter's window, but its entry says %v", entries[1]["rate_limit_wait"])
	}
}
