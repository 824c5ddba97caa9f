package cinnox

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// verifyingAPI is a CINNOX stand-in that verifies the webhook with the
// challenge before it enables a subscription, and counts PATCHes.
func verifyingAPI(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var patches atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		patches.Add(1)
		var in struct {
			Enabled bool
			URL     string
		}
		_ = json.NewDecoder(r.Body).Decode(&in)
		if in.Enabled && (&WebhookChecker{client: http.DefaultClient}).Check(r.Context(), in.URL) != nil {
			answer(400, `{"code":6451000,"message":"Webhook URL verification failed."}`)(w, r)
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"code": 0, "result": map[string]any{"enabled": true, "url": in.URL}})
	}))
	t.Cleanup(srv.Close)
	return srv, &patches
}

// hookReadyAfter answers 503 to its first n requests, then the challenge.
func hookReadyAfter(t *testing.T, n int32, then http.HandlerFunc) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= n {
			http.Error(w, "not ready", http.StatusServiceUnavailable)
			return
		}
		then(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

func subscriber(t *testing.T, api string, mode CheckMode, ready time.Duration) *Subscriber {
	return &Subscriber{
		Client: fastClient(t, api, Config{}), Checker: NewWebhookChecker(time.Second, nil),
		Mode: mode, ReadyTimeout: ready, ReadyWaitMin: 10 * time.Millisecond, ReadyWaitMax: 20 * time.Millisecond,
	}
}

func TestSubscriberWaitsForAWebhookThatIsNotReady(t *testing.T) {
	api, patches := verifyingAPI(t)
	hook, calls := hookReadyAfter(t, 4, echo)
	if _, err := subscriber(t, api.URL, CheckOnFailure, time.Minute).Subscribe(context.Background(), "app", "call", hook.URL); err != nil {
		t.Fatal(err)
	}
	if patches.Load() != 2 || calls.Load() != 6 {
		t.Errorf("%d PATCHes and %d webhook requests, want 2 (refused, then accepted) and 6", patches.Load(), calls.Load())
	}
}

func TestSubscriberChecksBeforeAndWaits(t *testing.T) {
	api, patches := verifyingAPI(t)
	hook, _ := hookReadyAfter(t, 3, echo)
	if _, err := subscriber(t, api.URL, CheckBefore, time.Minute).Subscribe(context.Background(), "app", "call", hook.URL); err != nil {
		t.Fatal(err)
	}
	if patches.Load() != 1 {
		t.Errorf("%d PATCHes, want 1", patches.Load())
	}
}

func TestSubscriberGivesUpWhenTheWaitRunsOut(t *testing.T) {
	api, patches := verifyingAPI(t)
	hook, _ := hookReadyAfter(t, 1000, echo)
	_, err := subscriber(t, api.URL, CheckOnFailure, 200*time.Millisecond).Subscribe(context.Background(), "app", "call", hook.URL)
	var whErr *WebhookError
	if !errors.As(err, &whErr) || !whErr.WaitRanOut || whErr.Problem == nil || whErr.Problem.Status != 503 || whErr.Waited < 200*time.Millisecond || !RefusedWebhook(err) {
		t.Fatalf("got %#v", err)
	}
	if patches.Load() != 1 {
		t.Errorf("%d PATCHes, want 1", patches.Load())
	}
}

func TestSubscriberDoesNotWaitForAWrongAnswer(t *testing.T) {
	api, patches := verifyingAPI(t)
	hook, calls := hookReadyAfter(t, 0, answer(200, `{"code":0,"result":{"challenge":"other"}}`))
	_, err := subscriber(t, api.URL, CheckOnFailure, time.Minute).Subscribe(context.Background(), "app", "call", hook.URL)
	var whErr *WebhookError
	if !errors.As(err, &whErr) || whErr.Waited != 0 || whErr.Problem == nil || whErr.Problem.Kind != "wrong_echo" {
		t.Fatalf("got %#v", err)
	}
	if patches.Load() != 1 || calls.Load() != 2 {
		t.Errorf("%d PATCHes and %d webhook requests, want 1 and 2", patches.Load(), calls.Load())
	}
}

func TestSubscriberWithoutWaiting(t *testing.T) {
	api, patches := verifyingAPI(t)
	hook, calls := hookReadyAfter(t, 1000, echo)
	_, err := subscriber(t, api.URL, CheckOnFailure, 0).Subscribe(context.Background(), "app", "call", hook.URL)
	var whErr *WebhookError
	if !errors.As(err, &whErr) || whErr.Waited != 0 || whErr.Problem == nil || !whErr.Problem.NotReady() {
		t.Fatalf("got %#v", err)
	}
	if patches.Load() != 1 || calls.Load() != 2 {
		t.Errorf("%d PATCHes and %d webhook requests, want 1 and 2", patches.Load(), calls.Load())
	}
}

func TestNotReadyClassification(t *testing.T) {
	for status, want := range map[int]bool{404: true, 502: true, 503: true, 504: true, 401: false, 403: false, 500: false} {
		hook := httptest.NewServer(answer(status, "x"))
		p := NewWebhookChecker(time.Second, nil).Check(context.Background(), hook.URL)
		hook.Close()
		if p == nil || p.NotReady() != want || p.Status != status {
			t.Errorf("HTTP %d: got %+v, want not ready = %v", status, p, want)
		}
	}
	p := NewWebhookChecker(time.Second, nil).Check(context.Background(), "http://127.0.0.1:1/")
	if p == nil || !p.NotReady() {
		t.Errorf("connection refused: got %+v, want not ready", p)
	}
}
