package cinnox

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// flaky answers the first `failures` requests with fail, then succeeds; it
// counts attempts.
func flaky(t *testing.T, failures int32, fail http.HandlerFunc) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) <= failures {
			fail(w, r)
			return
		}
		_, _ = io.WriteString(w, `{"code":0,"result":{"enabled":true,"url":"u"}}`)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func answer(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

func fastClient(t *testing.T, base string, cfg Config) *Client {
	t.Helper()
	cfg.BaseURL, cfg.Token = base, token
	if cfg.RetryWaitMin == 0 {
		cfg.RetryWaitMin, cfg.RetryWaitMax = time.Millisecond, 5*time.Millisecond
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRetryClassification(t *testing.T) {
	for _, tc := range []struct {
		name    string
		fail    http.HandlerFunc
		retried bool
	}{
		{"429", answer(429, `{"code":6451010,"message":"Too many requests"}`), true},
		{"6451010 in a 400", answer(400, `{"code":6451010,"message":"Too many requests"}`), true},
		{"6451010 in a 200", answer(200, `{"code":6451010,"message":"Too many requests"}`), true},
		{"500", answer(500, `{"code":6451001,"message":"bad response"}`), true},
		{"502 html from a proxy", answer(502, `<html><body>Bad Gateway</body></html>`), true},
		{"503", answer(503, ``), true},
		{"dropped connection", func(w http.ResponseWriter, _ *http.Request) {
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					_ = conn.Close()
				}
			}
		}, true},
		{"400 parameter error", answer(400, `{"code":6451000,"message":"Wrong request parameter"}`), false},
		{"401", answer(401, `{"code":6451000,"message":"Unauthorized"}`), false},
		{"403", answer(403, `{"code":6451000,"message":"Forbidden"}`), false},
		{"404", answer(404, `{"code":6450001,"message":"Method or URL not found"}`), false},
		{"501", answer(501, ``), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, attempts := flaky(t, 2, tc.fail)
			c := fastClient(t, srv.URL, Config{MaxRetries: 3})
			_, err := c.Subscribe(context.Background(), "app", "call", "u")
			if tc.retried && (err != nil || attempts.Load() != 3) {
				t.Errorf("got %v after %d attempts; want success on the 3rd", err, attempts.Load())
			}
			if !tc.retried && (err == nil || attempts.Load() != 1) {
				t.Errorf("got %v after %d attempts; want an error after 1", err, attempts.Load())
			}
		})
	}
}

func TestRetriesRunOutWithTheLastAnswer(t *testing.T) {
	srv, attempts := flaky(t, 100, answer(429, `{"code":6451010,"message":"Too many requests"}`))
	c := fastClient(t, srv.URL, Config{MaxRetries: 2})
	_, err := c.Subscribe(context.Background(), "app", "call", "u")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != CodeTooManyRequests || apiErr.StatusCode != 429 || attempts.Load() != 3 {
		t.Errorf("got %v after %d attempts", err, attempts.Load())
	}
}

func TestRequestTimeoutIsRetried(t *testing.T) {
	srv, attempts := flaky(t, 1, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(300 * time.Millisecond):
		case <-r.Context().Done():
		}
	})
	c := fastClient(t, srv.URL, Config{MaxRetries: 2, RequestTimeout: 100 * time.Millisecond})
	if _, err := c.Subscribe(context.Background(), "app", "call", "u"); err != nil || attempts.Load() != 2 {
		t.Errorf("got %v after %d attempts", err, attempts.Load())
	}
}

func TestSlowServerPastTheTimeout(t *testing.T) {
	srv, _ := flaky(t, 100, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(300 * time.Millisecond):
		case <-r.Context().Done():
		}
	})
	c := fastClient(t, srv.URL, Config{MaxRetries: 1, RequestTimeout: 50 * time.Millisecond})
	_, err := c.Subscribe(context.Background(), "app", "call", "u")
	var reqErr *RequestError
	if !errors.As(err, &reqErr) || !strings.Contains(err.Error(), "no answer within the request timeout (50ms)") || !strings.Contains(err.Error(), "after 2 attempts") || reqErr.DeadlineExceeded() {
		t.Errorf("got %v", err)
	}
}

func TestOperationDeadlineBoundsRetries(t *testing.T) {
	srv, _ := flaky(t, 1000, answer(503, ``))
	c := fastClient(t, srv.URL, Config{MaxRetries: 1000, RetryWaitMin: 20 * time.Millisecond, RetryWaitMax: 20 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Subscribe(ctx, "app", "call", "u")
	var reqErr *RequestError
	if !errors.As(err, &reqErr) || !reqErr.DeadlineExceeded() || reqErr.Cancelled() {
		t.Errorf("got %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("stopped after %v", d)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for header, want := range map[string]time.Duration{
		"7":                             7 * time.Second,
		"0":                             0,
		"Fri, 02 Jan 2026 03:04:15 GMT": 10 * time.Second,
		"Fri, 02 Jan 2026 03:00:00 GMT": 0, // in the past
	} {
		if got, ok := retryAfter(header, now); !ok || got != want {
			t.Errorf("retryAfter(%q) = %v, %v; want %v", header, got, ok, want)
		}
	}
	for _, header := range []string{"", "-1", "soon"} {
		if _, ok := retryAfter(header, now); ok {
			t.Errorf("retryAfter(%q) parsed", header)
		}
	}
}

func TestBackoff(t *testing.T) {
	resp := &http.Response{Header: http.Header{"Retry-After": {"3"}}}
	if got := backoff(time.Second, time.Minute, 0, resp); got != 3*time.Second {
		t.Errorf("Retry-After 3: waited %v", got)
	}
	if got := backoff(time.Second, 2*time.Second, 0, resp); got != 2*time.Second {
		t.Errorf("Retry-After is capped at max: waited %v", got)
	}
	for attempt, upper := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 10 * time.Second} {
		for range 50 {
			got := backoff(time.Second, 10*time.Second, attempt, nil)
			if got < upper/2 || got > upper {
				t.Fatalf("attempt %d: waited %v, want within [%v, %v]", attempt, got, upper/2, upper)
			}
		}
	}
	if got := backoff(time.Second, 10*time.Second, 200, nil); got < 5*time.Second || got > 10*time.Second {
		t.Errorf("a huge attempt number waited %v", got)
	}
}

func TestRateLimitIsRetriedUntilTheDeadline(t *testing.T) {
	srv, attempts := flaky(t, 20, answer(429, `{"code":6451010,"message":"Too many requests"}`))
	c := fastClient(t, srv.URL, Config{MaxRetries: 2, RateWindow: 50 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := c.Subscribe(ctx, "app", "call", "u"); err != nil || attempts.Load() != 21 {
		t.Errorf("got %v after %d attempts; want success on the 21st, past max_retries (2)", err, attempts.Load())
	}

	// Other failures keep max_retries.
	srv, attempts = flaky(t, 20, answer(503, ``))
	c = fastClient(t, srv.URL, Config{MaxRetries: 2})
	if _, err := c.Subscribe(ctx, "app", "call", "u"); err == nil || attempts.Load() != 3 {
		t.Errorf("503: got %v after %d attempts; want an error after 3", err, attempts.Load())
	}
}

func TestRateLimitOutOfTimeSaysWhatItTried(t *testing.T) {
	srv, _ := flaky(t, 1000, answer(400, `{"code":6451010,"message":"Too many requests"}`))
	c := fastClient(t, srv.URL, Config{MaxRetries: 1, RetryWaitMin: 20 * time.Millisecond, RetryWaitMax: time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := c.Subscribe(ctx, "app", "call", "u")
	var reqErr *RequestError
	if !errors.As(err, &reqErr) || !reqErr.DeadlineExceeded() {
		t.Fatalf("got %v", err)
	}
	e := reqErr.Effort
	// Retried after about RetryWaitMin each time, not with a growing
	// backoff: the limiter paces refused requests.
	if e.Attempts < 6 || e.RateLimited != e.Attempts || e.Over < 250*time.Millisecond {
		t.Errorf("effort %+v, want every attempt refused for the rate limit, over the 300ms", e)
	}
	for _, want := range []string{"ran out of time (", "the last attempt: HTTP 400, code 6451010", "attempts over", "of them refused for the CINNOX rate limit", "code 6451010"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}
