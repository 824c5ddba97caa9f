package cinnox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestDisplayURL(t *testing.T) {
	for raw, want := range map[string]string{
		"https://hooks.example.com":                                "https://hooks.example.com",
		"https://hooks.example.com/":                               "https://hooks.example.com",
		"https://hooks.example.com/cinnox":                         "https://hooks.example.com/…",
		"https://hooks.example.com/cinnox/S3CRET/calls":            "https://hooks.example.com/…",
		"https://hooks.example.com?key=S3CRET":                     "https://hooks.example.com/…",
		"https://user:S3CRET@hooks.example.com":                    "https://hooks.example.com/…",
		"https://hooks.example.com:8443/a/b?key=S3CRET&x=1#S3CRET": "https://hooks.example.com:8443/…",
		"hooks.example.com/x?key=S3CRET":                           "hooks.example.com/…",
		"hooks.example.com":                                        "hooks.example.com",
		"ftp://u:S3CRET@hooks.example.com/x?S3CRET":                "ftp://hooks.example.com/…",
		"//u:S3CRET@hooks.example.com":                             "/…",
	} {
		if got := DisplayURL(raw); got != want {
			t.Errorf("DisplayURL(%q) = %q, want %q", raw, got, want)
		}
	}
}

// TestWebhookSecretsNeverShown: a webhook URL with a secret in its path, its
// query and its user information reaches neither an error nor a log entry of the
// client, nor a finding of the webhook check, whatever the server answers.
func TestWebhookSecretsNeverShown(t *testing.T) {
	const secret = "S3CRET"
	refusing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.WriteHeader(http.StatusBadRequest)
		// A server that echoes the request in its message.
		_, _ = fmt.Fprintf(w, `{"code":6451000,"message":"Webhook URL verification failed for %s"}`, strings.ReplaceAll(string(body), `"`, `'`))
	}))
	defer refusing.Close()
	hook := httptest.NewServer(http.NotFoundHandler())
	defer hook.Close()
	webhookURL := strings.Replace(hook.URL, "http://", "http://user:"+secret+"@", 1) + "/cinnox/" + secret + "/calls?key=" + secret + "&other=" + secret

	var mu sync.Mutex
	var logged strings.Builder
	logf := func(_ context.Context, msg string, fields map[string]any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintln(&logged, msg, fields)
	}
	s := &Subscriber{
		Client:  fastClient(t, refusing.URL, Config{MaxRetries: -1, Log: logf}),
		Checker: NewWebhookChecker(time.Second, nil), Mode: CheckOnFailure,
		ReadyTimeout: 50 * time.Millisecond, ReadyWaitMin: 10 * time.Millisecond, Log: logf,
	}
	_, err := s.Subscribe(context.Background(), "app", "call", webhookURL)
	var whErr *WebhookError
	if err == nil || !errors.As(err, &whErr) || whErr.Problem == nil {
		t.Fatalf("got %v, want a refusal with what the check found", err)
	}
	texts := map[string]string{"error": err.Error(), "finding": whErr.Problem.Error(), "logs": logged.String()}
	for what, text := range texts {
		if strings.Contains(text, secret) {
			t.Errorf("the secret is in the %s:\n%s", what, text)
		}
	}
	if !strings.Contains(logged.String(), "CINNOX request") || !strings.Contains(logged.String(), "webhook not ready yet") {
		t.Errorf("the log lacks the request or the wait:\n%s", logged.String())
	}
	if !strings.Contains(err.Error(), "Webhook URL verification failed for") || !strings.Contains(whErr.Problem.Error(), "HTTP 404") {
		t.Errorf("the error or finding lost its meaning: %v / %v", err, whErr.Problem)
	}
}

// TestEchoedPathSegmentNeverShown: a receiver that quotes one segment of
// its URL's path back (as many frameworks' error pages do: "unknown hook id
// <last segment>"), as it is, HTML- or JSON-escaped or percent-encoded,
// has it masked in what the check found, which keeps the status and the
// rest of the body.
func TestEchoedPathSegmentNeverShown(t *testing.T) {
	const segment = `hk_9f2c&b<x>"7`
	quoted := map[string]string{
		"as it is":        segment,
		"HTML-escaped":    html.EscapeString(segment),
		"JSON-escaped":    strings.Trim(string(must(json.Marshal(segment))), `"`),
		"percent-encoded": url.PathEscape(segment),
		"query-encoded":   url.QueryEscape(segment),
	}
	for name, echo := range quoted {
		t.Run(name, func(t *testing.T) {
			receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(http.StatusForbidden)
				_, _ = fmt.Fprintf(w, "unknown hook id %s", echo)
			}))
			defer receiver.Close()
			webhookURL := receiver.URL + "/hooks/cinnox/" + url.PathEscape(segment)
			problem := NewWebhookChecker(time.Second, nil).Check(context.Background(), webhookURL)
			if problem == nil {
				t.Fatal("the check passed a receiver that answers 403")
			}
			if strings.Contains(problem.Found, echo) || strings.Contains(problem.Found, "hk_9f2c") {
				t.Errorf("the segment is in what the check found: %s", problem.Found)
			}
			if !strings.Contains(problem.Found, "HTTP 403") || !strings.Contains(problem.Found, "unknown hook id (redacted)") {
				t.Errorf("the finding lost the status or the rest of the body: %s", problem.Found)
			}
		})
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
