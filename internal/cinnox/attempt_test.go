package cinnox

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cinnox/terraform-provider-cinnox/internal/refused"
)

const okAnswer = `{"code":0,"result":{"enabled":true,"url":"u"}}`

// heldServer answers every request with okAnswer, but only once release is
// closed; arrived receives each request as it arrives.
func heldServer(t *testing.T) (srv *httptest.Server, arrived chan struct{}, release chan struct{}, count *atomic.Int32) {
	t.Helper()
	arrived, release, count = make(chan struct{}, 100), make(chan struct{}), &atomic.Int32{}
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		count.Add(1)
		arrived <- struct{}{}
		<-release
		_, _ = io.WriteString(w, okAnswer)
	}))
	t.Cleanup(func() {
		select {
		case <-release:
		default:
			close(release)
		}
		srv.Close()
	})
	return srv, arrived, release, count
}

// A request that has reached CINNOX when the caller is cancelled (Terraform
// asked the provider to stop) finishes, and its answer is returned.
func TestCancelledCallKeepsTheAnswerInFlight(t *testing.T) {
	srv, arrived, release, count := heldServer(t)
	c := fastClient(t, srv.URL, Config{})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-arrived
		cancel()
		close(release)
	}()
	sub, err := c.Subscribe(ctx, "app", "call", "u")
	if err != nil || !sub.Enabled {
		t.Fatalf("got %+v, %v; want the answer CINNOX gave", sub, err)
	}
	if n := count.Load(); n != 1 {
		t.Errorf("server got %d requests, want 1", n)
	}
}

// Once cancelled, a call starts no retry: the answer it had (a 503) is
// reported, as one that may have taken effect.
func TestCancelledCallStartsNoRetry(t *testing.T) {
	var count atomic.Int32
	ctx, cancel := context.WithCancel(context.Background())
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		count.Add(1)
		cancel()
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, `{"code":6451001,"message":"busy"}`)
	}))
	defer srv.Close()
	c := fastClient(t, srv.URL, Config{MaxRetries: 5})
	_, err := c.Subscribe(ctx, "app", "call", "u")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || !MayHaveTakenEffect(err) {
		t.Errorf("got %v (may have taken effect: %v); want the 503, possibly taken effect", err, MayHaveTakenEffect(err))
	}
	if n := count.Load(); n != 1 {
		t.Errorf("server got %d requests after the cancel, want 1", n)
	}
}

// A call cancelled before it sends anything changes nothing.
func TestCancelledBeforeSendingChangesNothing(t *testing.T) {
	srv, _, _, count := heldServer(t)
	c := fastClient(t, srv.URL, Config{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Subscribe(ctx, "app", "call", "u")
	var reqErr *RequestError
	if !errors.As(err, &reqErr) || !reqErr.Cancelled() || reqErr.Sent != 0 || MayHaveTakenEffect(err) {
		t.Errorf("got %#v", err)
	}
	if n := count.Load(); n != 0 {
		t.Errorf("server got %d requests, want 0", n)
	}
}

// The caller's deadline passing while a request is in flight leaves the
// outcome unknown.
func TestDeadlineInFlightMayHaveTakenEffect(t *testing.T) {
	srv, _, _, _ := heldServer(t)
	c := fastClient(t, srv.URL, Config{})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := c.Subscribe(ctx, "app", "call", "u")
	var reqErr *RequestError
	if !errors.As(err, &reqErr) || !reqErr.DeadlineExceeded() || reqErr.Sent != 1 || !MayHaveTakenEffect(err) {
		t.Errorf("got %#v", err)
	}
}

// A connection dropped after the request arrived leaves the outcome
// unknown; one that was refused does not.
func TestDroppedConnectionMayHaveTakenEffect(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		hangUp(w)
	}))
	defer srv.Close()
	_, err := fastClient(t, srv.URL, Config{MaxRetries: 1}).Subscribe(context.Background(), "app", "call", "u")
	var reqErr *RequestError
	if !errors.As(err, &reqErr) || reqErr.Sent != 2 || !MayHaveTakenEffect(err) {
		t.Errorf("dropped: got %#v", err)
	}

	addr := refused.Addr(t)
	_, err = fastClient(t, "http://"+addr, Config{MaxRetries: 1}).Subscribe(context.Background(), "app", "call", "u")
	if !errors.As(err, &reqErr) || reqErr.Sent != 0 || MayHaveTakenEffect(err) {
		t.Errorf("refused: got %#v", err)
	}
}

// An answer that refuses the change is definitive, unless an earlier
// attempt of the same call lost its answer: that one may have taken effect.
func TestDefinitiveAnswers(t *testing.T) {
	refuse := answer(http.StatusBadRequest, `{"code":6451000,"message":"Webhook URL verification failed."}`)
	srv := httptest.NewServer(refuse)
	defer srv.Close()
	_, err := fastClient(t, srv.URL, Config{}).Subscribe(context.Background(), "app", "call", "u")
	if err == nil || MayHaveTakenEffect(err) {
		t.Errorf("400: got %v, may have taken effect %v", err, MayHaveTakenEffect(err))
	}

	var count atomic.Int32
	dropFirst := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		if count.Add(1) == 1 {
			hangUp(w)
			return
		}
		refuse(w, r)
	}))
	defer dropFirst.Close()
	_, err = fastClient(t, dropFirst.URL, Config{}).Subscribe(context.Background(), "app", "call", "u")
	if err == nil || !MayHaveTakenEffect(err) || count.Load() != 2 {
		t.Errorf("lost answer, then 400: got %v after %d requests, may have taken effect %v", err, count.Load(), MayHaveTakenEffect(err))
	}
}

// hangUp closes the connection without an answer.
func hangUp(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
		}
	}
}
