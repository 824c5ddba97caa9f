package cinnox

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

const token = "secret-token-71c3"

// server answers every request with status and body, and hands the request
// it got to seen.
func server(t *testing.T, status int, body string, seen func(*http.Request, []byte)) *Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		if seen != nil {
			seen(r, raw)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{BaseURL: srv.URL + "/", Token: token, UserAgent: "ua/1", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSubscribeSendsTheDocumentedRequest(t *testing.T) {
	var got *http.Request
	var body []byte
	c := server(t, 200, `{"code":0,"result":{"enabled":true,"url":"https://h.example/x","updatedAt":"2022-11-07T00:00:00.000Z"}}`,
		func(r *http.Request, b []byte) { got, body = r, b })

	sub, err := c.Subscribe(context.Background(), "app 1?#%", "staff-contact", "https://h.example/x")
	if err != nil {
		t.Fatal(err)
	}
	if got.Method != http.MethodPatch || got.URL.EscapedPath() != "/v1/api/apps/app%201%3F%23%25/staff-contact-event-sub" {
		t.Errorf("request %s %s", got.Method, got.URL.EscapedPath())
	}
	for h, want := range map[string]string{
		"Authorization": "Bearer " + token,
		"Content-Type":  "application/json",
		"Accept":        "application/json",
		"User-Agent":    "ua/1",
	} {
		if got.Header.Get(h) != want {
			t.Errorf("header %s = %q, want %q", h, got.Header.Get(h), want)
		}
	}
	if string(body) != `{"enabled":true,"url":"https://h.example/x"}` {
		t.Errorf("body %s", body)
	}
	if !sub.Enabled || sub.URL != "https://h.example/x" || sub.UpdatedAt != "2022-11-07T00:00:00.000Z" {
		t.Errorf("subscription %+v", sub)
	}
}

func TestUnsubscribeSendsEnabledFalse(t *testing.T) {
	var body []byte
	c := server(t, 200, `{"code":0,"result":{"enabled":false,"url":"https://h.example/x"}}`,
		func(_ *http.Request, b []byte) { body = b })
	sub, err := c.Unsubscribe(context.Background(), "app", "call", "https://h.example/x")
	if err != nil {
		t.Fatal(err)
	}
	if string(body) != `{"enabled":false,"url":"https://h.example/x"}` || sub.Enabled {
		t.Errorf("body %s, subscription %+v", body, sub)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name       string
		status     int
		body       string
		unsub      bool
		wantStatus int
		wantCode   int64
		wantMsg    string
		notEnabled bool
	}{
		{name: "documented 400", status: 400, body: `{"code":6451000,"message":"The error message from the server."}`,
			wantStatus: 400, wantCode: CodeBadParameter, wantMsg: "The error message from the server."},
		{name: "rate limit", status: 429, body: `{"code":6451010,"message":"Too many requests"}`,
			wantStatus: 429, wantCode: CodeTooManyRequests, wantMsg: "Too many requests"},
		{name: "200 with a non-zero code", status: 200, body: `{"code":6451001,"message":"bad response"}`,
			wantStatus: 200, wantCode: CodeInternalResponse, wantMsg: "bad response"},
		{name: "200 not enabled", status: 200, body: `{"code":0,"result":{"enabled":false,"url":"u"}}`,
			wantStatus: 200, wantMsg: "not enabled", notEnabled: true},
		{name: "unsubscribe still enabled", unsub: true, status: 200, body: `{"code":0,"result":{"enabled":true,"url":"u"}}`,
			wantStatus: 200, wantMsg: "still enabled"},
		{name: "empty body", status: 502, body: ``, wantStatus: 502, wantMsg: "response body is empty"},
		{name: "html page", status: 503, body: `<html>Service Unavailable</html>`, wantStatus: 503, wantMsg: "not a CINNOX JSON answer"},
		{name: "json without code", status: 200, body: `{"enabled":true}`, wantStatus: 200, wantMsg: "not a CINNOX JSON answer"},
		{name: "no result", status: 200, body: `{"code":0}`, wantStatus: 200, wantMsg: "has no result"},
		{name: "result of the wrong shape", status: 200, body: `{"code":0,"result":[1,2]}`, wantStatus: 200, wantMsg: "unexpected shape"},
		{name: "a field of the result of the wrong type", status: 200, body: `{"code":0,"result":{"enabled":"yes","url":"u"}}`, wantStatus: 200, wantMsg: "unexpected shape"},
		{name: "an error code beside a result of the wrong shape", status: 400, body: `{"code":6451000,"result":"x","message":"Bad parameter."}`,
			wantStatus: 400, wantCode: CodeBadParameter, wantMsg: "Bad parameter."},
		{name: "a message of the wrong type after a result of the wrong shape", status: 200, body: `{"code":0,"result":"x","message":5}`, wantStatus: 200, wantMsg: "unexpected shape"},
		{name: "a message of the wrong type", status: 400, body: `{"code":1,"message":5}`, wantStatus: 400, wantMsg: "not a CINNOX JSON answer"},
		{name: "huge body", status: 200, body: `{"code":0,"result":"` + strings.Repeat("x", MaxResponseBytes) + `"}`, wantStatus: 200, wantMsg: "larger than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := server(t, tc.status, tc.body, nil)
			call := c.Subscribe
			if tc.unsub {
				call = c.Unsubscribe
			}
			sub, err := call(context.Background(), "app", "call", "u")
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("got %v, %v; want an *APIError", sub, err)
			}
			if apiErr.StatusCode != tc.wantStatus || apiErr.Code != tc.wantCode || !strings.Contains(apiErr.Message, tc.wantMsg) || apiErr.NotEnabled != tc.notEnabled {
				t.Errorf("got %+v", apiErr)
			}
			if len(err.Error()) > 400 {
				t.Errorf("error is %d characters long", len(err.Error()))
			}
		})
	}
}

func TestErrorMessageFormat(t *testing.T) {
	err := (&APIError{Operation: "subscribe", StatusCode: 400, Code: 6451000, Message: "Webhook URL verification failed."}).Error()
	if want := "CINNOX subscribe failed: HTTP 400, code 6451000: Webhook URL verification failed."; err != want {
		t.Errorf("got %q, want %q", err, want)
	}
}

func TestTokenNeverInErrors(t *testing.T) {
	refused := server(t, 401, `{"code":6451000,"message":"Unauthorized."}`, nil)
	_, err1 := refused.Subscribe(context.Background(), "app", "call", "u")
	unreachable, _ := New(Config{BaseURL: "http://127.0.0.1:1", Token: token, MaxRetries: -1})
	_, err2 := unreachable.Subscribe(context.Background(), "app", "call", "u")
	var reqErr *RequestError
	if !errors.As(err2, &reqErr) {
		t.Fatalf("got %v, want a *RequestError", err2)
	}
	for _, err := range []error{err1, err2} {
		if err == nil || strings.Contains(err.Error(), token) {
			t.Errorf("error %v is nil or carries the token", err)
		}
	}
}

func TestNewValidates(t *testing.T) {
	if _, err := New(Config{BaseURL: "https://x.example", Token: ""}); err == nil {
		t.Error("missing token accepted")
	}
	if _, err := New(Config{BaseURL: "x.example", Token: "t"}); err == nil {
		t.Error("relative base URL accepted")
	}
}

func TestSubscriptionPath(t *testing.T) {
	if got := SubscriptionPath("a b", "inbound-sms"); got != "/v1/api/apps/a%20b/inbound-sms-event-sub" {
		t.Errorf("got %q", got)
	}
}

// TestConnectionsAreReused: ten requests at a time, as Terraform sends them,
// share a pool of keep-alive connections instead of opening one each.
func TestConnectionsAreReused(t *testing.T) {
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(answer(200, `{"code":0,"result":{"enabled":true,"url":"u"}}`))
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	c := fastClient(t, srv.URL, Config{})
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 30 {
				if _, err := c.Subscribe(context.Background(), "app", "call", "u"); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	// Go's transport puts a connection back in the pool shortly after its
	// answer was read, so a request that follows at once may open another;
	// without reuse it would be 300.
	if n := conns.Load(); n > 20 {
		t.Errorf("300 requests, 10 at a time, opened %d connections", n)
	}
}
