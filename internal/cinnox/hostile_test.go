package cinnox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestHostileAnswers: every answer a user can meet that is not CINNOX's
// becomes a clear error, and the app token, wherever a server echoes it,
// reaches neither the error nor the log.
func TestHostileAnswers(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		elsewhere.Add(1)
		_, _ = io.WriteString(w, `{"code":0,"result":{"enabled":true,"url":"u"}}`)
	}))
	defer other.Close()

	for _, tc := range []struct {
		name    string
		handler http.HandlerFunc
		want    []string
		// uncertain: the answer leaves open whether CINNOX changed it.
		uncertain bool
	}{
		{name: "token echoed in the message", handler: func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(401)
			_, _ = fmt.Fprintf(w, `{"code":6451000,"message":"unauthorized, got %s"}`, r.Header.Get("Authorization"))
		}, want: []string{"HTTP 401, code 6451000: unauthorized, got Bearer (redacted)"}},
		{name: "token echoed in an HTML page", handler: func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(403)
			_, _ = fmt.Fprintf(w, `<html>blocked request with Authorization: %s</html>`, r.Header.Get("Authorization"))
		}, want: []string{"HTTP 403: response is not a CINNOX JSON answer", "Authorization: Bearer (redacted)"}},
		{name: "redirect to another host, token in the Location", handler: func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.URL+"/v1/api/apps/app/call-event-sub?auth="+r.Header.Get("Authorization")[len("Bearer "):], http.StatusTemporaryRedirect)
		}, want: []string{"HTTP 307: base_url answers 307, a redirect to " + other.URL + "/v1/api/apps/app/call-event-sub?auth=(redacted)", "not followed"}},
		{name: "HTML with 200", handler: answer(200, `<html><body>Welcome</body></html>`),
			want: []string{"HTTP 200: response is not a CINNOX JSON answer", "<html><body>Welcome</body></html>"}},
		{name: "204 with no body", handler: answer(204, ``), want: []string{"HTTP 204: response body is empty"}},
		{name: "code as a string", handler: answer(200, `{"code":"0","result":{"enabled":true,"url":"u"}}`),
			want: []string{"HTTP 200: response has a code that is not a number"}},
		{name: "another url held", handler: answer(200, `{"code":0,"result":{"enabled":true,"url":"https://other.example/hook"}}`),
			want: []string{"CINNOX answered that the subscription is enabled=true for another url (https://other.example/…) than the one sent"}, uncertain: true},
		{name: "a body that never ends", handler: func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, `{"code":0,"result":{"enabled":true,`)
			w.(http.Flusher).Flush() //nolint:forcetypeassert // httptest's writer flushes
			<-r.Context().Done()
		}, want: []string{"no answer from the server", "no answer within the request timeout (200ms)"}, uncertain: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(tc.handler)
			defer srv.Close()
			var mu sync.Mutex
			var logged strings.Builder
			c := fastClient(t, srv.URL, Config{MaxRetries: -1, RequestTimeout: 200 * time.Millisecond, Log: func(_ context.Context, msg string, fields map[string]any) {
				mu.Lock()
				defer mu.Unlock()
				fmt.Fprintln(&logged, msg, fields)
			}})
			_, err := c.Subscribe(context.Background(), "app", "call", "https://hooks.example/x")
			if err == nil {
				t.Fatal("no error")
			}
			for _, want := range tc.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
			if MayHaveTakenEffect(err) != tc.uncertain {
				t.Errorf("may have taken effect: %v, want %v", MayHaveTakenEffect(err), tc.uncertain)
			}
			mu.Lock()
			defer mu.Unlock()
			if strings.Contains(err.Error(), token) || strings.Contains(logged.String(), token) {
				t.Errorf("the token is in the error or the log:\n%v\n%s", err, logged.String())
			}
			var apiErr *APIError
			if errors.As(err, &apiErr) && len(err.Error()) > 600 {
				t.Errorf("error is %d characters long", len(err.Error()))
			}
		})
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("the host redirected to got %d requests", n)
	}
}
