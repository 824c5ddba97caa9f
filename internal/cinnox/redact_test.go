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
