package cinnox

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cinnox/terraform-provider-cinnox/internal/refused"
)

// echo answers the challenge the way CINNOX requires.
func echo(w http.ResponseWriter, r *http.Request) {
	var in struct{ Challenge string }
	_ = json.NewDecoder(r.Body).Decode(&in)
	_ = json.NewEncoder(w).Encode(map[string]any{"code": 0, "result": map[string]string{"challenge": in.Challenge}})
}

func TestWebhookCheck(t *testing.T) {
	closedURL := refused.URL(t)
	other := httptest.NewServer(http.HandlerFunc(echo))
	defer other.Close()
	tlsHook := httptest.NewTLSServer(http.HandlerFunc(echo))
	defer tlsHook.Close()

	for name, tc := range map[string]struct {
		handler http.HandlerFunc
		url     string // instead of a server with handler
		kind    string
		found   string
	}{
		"correct":     {handler: echo},
		"404":         {handler: func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "no such page", 404) }, kind: "status", found: `answered the challenge with HTTP 404 (body: "no such page")`},
		"plain echo":  {handler: func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "a-random-string") }, kind: "not_json_response", found: "not a CINNOX JsonResponse"},
		"bare object": {handler: func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, `{"challenge":"x"}`) }, kind: "not_json_response", found: "not a CINNOX JsonResponse"},
		"echoes the request": {handler: func(w http.ResponseWriter, r *http.Request) { _, _ = io.Copy(w, r.Body) },
			kind: "not_json_response", found: `{\"challenge\":\"<the challenge sent>\"}`},
		"code":         {handler: func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, `{"code":1,"result":{}}`) }, kind: "code", found: "answered with code 1"},
		"missing echo": {handler: func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, `{"code":0,"result":{}}`) }, kind: "wrong_echo", found: "has no result.challenge"},
		"wrong echo": {handler: func(w http.ResponseWriter, _ *http.Request) {
			_, _ = io.WriteString(w, `{"code":0,"result":{"challenge":"abc"}}`)
		}, kind: "wrong_echo", found: `echoed "abc" instead of the challenge it was sent`},
		"refused":       {url: closedURL, kind: "unreachable", found: "connection refused"},
		"untrusted tls": {url: tlsHook.URL, kind: "unreachable", found: "TLS error: the certificate is not trusted"},
		"timeout": {handler: func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-time.After(600 * time.Millisecond):
			case <-r.Context().Done():
			}
		}, kind: "unreachable", found: "timed out"},
		"redirect elsewhere": {handler: func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.URL, http.StatusTemporaryRedirect)
		}, kind: "unreachable", found: "redirected to another host"},
	} {
		t.Run(name, func(t *testing.T) {
			target := tc.url
			var auth atomic.Value
			if tc.handler != nil {
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					auth.Store(r.Header.Get("Authorization"))
					tc.handler(w, r)
				}))
				defer srv.Close()
				target = srv.URL + "/hook"
			}
			// A short timeout only where the case is the timeout: a TLS
			// handshake on a loaded machine can take longer.
			timeout := 5 * time.Second
			if name == "timeout" {
				timeout = 300 * time.Millisecond
			}
			p := NewWebhookChecker(timeout, nil).Check(context.Background(), target)
			if tc.kind == "" {
				if p != nil {
					t.Fatalf("got %v, want no problem", p)
				}
				return
			}
			if p == nil || p.Kind != tc.kind || !strings.Contains(p.Found, tc.found) {
				t.Fatalf("got %+v, want kind %q and %q", p, tc.kind, tc.found)
			}
			if !strings.HasSuffix(p.Error(), ". "+Expected) {
				t.Errorf("%q does not say what the endpoint must answer", p.Error())
			}
			if strings.Contains(p.Error(), p.Challenge) {
				t.Errorf("%q holds the random challenge: it would differ from run to run", p.Error())
			}
			if again := NewWebhookChecker(300*time.Millisecond, nil).Check(context.Background(), target); again == nil || again.Error() != p.Error() {
				t.Errorf("a second check of the same endpoint found %v, the first %v", again, p)
			}
			if a, _ := auth.Load().(string); a != "" {
				t.Errorf("the check sent an Authorization header")
			}
		})
	}
}

// TestWebhookCheckNamesDNSFailures uses a dialer that fails the way a failed
// lookup does, so the test needs no resolver.
func TestWebhookCheckNamesDNSFailures(t *testing.T) {
	w := NewWebhookChecker(time.Second, nil)
	transport, ok := w.client.Transport.(*http.Transport)
	if !ok {
		t.Fatalf("the checker's transport is a %T", w.client.Transport)
	}
	transport.DialContext = func(_ context.Context, network, addr string) (net.Conn, error) {
		host, _, _ := net.SplitHostPort(addr)
		return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}
	}
	p := w.Check(context.Background(), "https://no-such-host.invalid/hook")
	if p == nil || p.Kind != "unreachable" || !strings.Contains(p.Found, `DNS lookup of "no-such-host.invalid" failed (no such host)`) {
		t.Fatalf("got %+v, want an unreachable problem naming the failed DNS lookup", p)
	}
}

func TestWebhookCheckFollowsSameHostRedirects(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/new", http.StatusPermanentRedirect)
	})
	mux.HandleFunc("/new", echo)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	if p := NewWebhookChecker(time.Second, nil).Check(context.Background(), srv.URL+"/old"); p != nil {
		t.Errorf("got %v", p)
	}
}
