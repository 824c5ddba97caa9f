package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
	"github.com/cinnox/terraform-provider-cinnox/internal/events"
	"github.com/cinnox/terraform-provider-cinnox/internal/refused"
)

// echoing is a receiver that echoes the challenge of any body that has one
// and answers everything else with handle (200 when nil). Echoing on the
// challenge field alone is the trap of staff-contact notifications.
func echoing(handle func(w http.ResponseWriter, body map[string]any)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		_ = json.NewDecoder(r.Body).Decode(&body)
		if c, ok := body["challenge"].(string); ok {
			_ = json.NewEncoder(w).Encode(map[string]any{"code": 0, "result": map[string]string{"challenge": c}})
			return
		}
		if handle != nil {
			handle(w, body)
			return
		}
		_, _ = io.WriteString(w, `{"code":0,"result":{}}`)
	}
}

func checkRun(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String() + stderr.String()
}

// everyEvent is the steps of a check of every event type, that of failed
// (if any) failing.
func everyEvent(failed string) []string {
	steps := []string{"ok   challenge"}
	for _, segment := range events.Segments() {
		mark := "ok   "
		if segment == failed {
			mark = "FAIL "
		}
		steps = append(steps, mark+segment)
	}
	return steps
}

func TestCheckReceiver(t *testing.T) {
	for name, tc := range map[string]struct {
		handler http.Handler
		url     string // instead of a server with handler
		args    []string
		code    int
		// steps are the steps printed, each "ok" or "FAIL" and its name.
		steps []string
		want  []string // in the output
	}{
		"a receiver that passes": {
			handler: &cinnoxmock.Receiver{}, code: 0,
			steps: everyEvent(""),
			want:  []string{fmt.Sprintf("ok: the receiver answered all %d requests as CINNOX requires", len(events.All)+1)},
		},
		"the events asked for": {
			handler: &cinnoxmock.Receiver{}, args: []string{"-events", "call,inbound-sms"}, code: 0,
			steps: []string{"ok   challenge", "ok   call", "ok   inbound-sms"},
		},
		"the wrong echo": {
			handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				_, _ = io.WriteString(w, `{"code":0,"result":{"challenge":"not-the-one-sent"}}`)
			}),
			code: 1, steps: []string{"FAIL challenge"},
			want: []string{`FAIL challenge     sent {"challenge":"<random>"}. The webhook echoed "not-the-one-sent" instead of the challenge it was sent.`,
				`FAIL: the challenge step failed. It must answer a POST of {"challenge":"<random>"} with HTTP 200`},
		},
		"a notification that fails with a 500": {
			handler: echoing(func(w http.ResponseWriter, body map[string]any) {
				if _, call := body["message"]; call {
					http.Error(w, "boom", http.StatusInternalServerError)
					return
				}
				_, _ = io.WriteString(w, `{}`)
			}),
			args: []string{"-events", "inquiry,call"}, code: 1,
			steps: []string{"ok   challenge", "ok   inquiry", "FAIL call"},
			want: []string{"FAIL call          sent the sample call notification. It answered HTTP 500.",
				"FAIL: the call step failed. It must answer a notification with an HTTP 2xx status (CINNOX documents no body for the answer).\n"},
		},
		"a receiver that echoes the staff-contact notification": {
			handler: echoing(nil), code: 1,
			steps: everyEvent("staff-contact"),
			want: []string{"sent the sample staff-contact notification. It answered HTTP 200 with a challenge echo: it took the " +
				"notification for a verification request (a staff-contact notification carries an empty challenge field",
				"FAIL: the staff-contact step failed. It must answer with a challenge echo only a request whose body carries a challenge alone"},
		},
		"an unreachable receiver": {
			url: refused.URL(t) + "/cinnox/s3cret/calls?key=s3cret", code: 1, steps: []string{"FAIL challenge"},
			want: []string{"checking the webhook receiver http://127.0.0.1:", "/… as CINNOX does",
				"sent {\"challenge\":\"<random>\"}. The webhook could not be reached: connection refused"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			url := tc.url
			if url == "" {
				srv := httptest.NewServer(tc.handler)
				defer srv.Close()
				url = srv.URL + "/cinnox/hook"
			}
			start := time.Now()
			code, out := checkRun(t, append(append([]string{"check-receiver"}, tc.args...), url)...)
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("the check took %v", took)
			}
			if code != tc.code {
				t.Errorf("exit code %d, want %d:\n%s", code, tc.code, out)
			}
			var steps []string
			for _, line := range strings.Split(out, "\n") {
				if f := strings.Fields(line); len(f) > 2 && (f[0] == "ok" || f[0] == "FAIL") && f[2] == "sent" {
					steps = append(steps, line[:5]+f[1])
				}
			}
			if strings.Join(steps, "|") != strings.Join(tc.steps, "|") {
				t.Errorf("steps %q, want %q:\n%s", steps, tc.steps, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("the output does not say %q:\n%s", w, out)
				}
			}
			if strings.Contains(out, "s3cret") {
				t.Errorf("the output shows the url's secret:\n%s", out)
			}
		})
	}
}

// -help lists every flag with its default, zero defaults included; -version
// prints the version.
func TestFlags(t *testing.T) {
	code, out := checkRun(t, "-help")
	for _, want := range []string{`-port (default "0")`, `-token (default "demo-token")`, `-skip-verification (default "false")`,
		`-url-file (default "")`, `-webhook-ready-after (default "0s")`, `-delay (default "0s")`, `-version (default "false")`,
		"cinnox-mock check-receiver"} {
		if !strings.Contains(out, want) {
			t.Errorf("-help does not list %s:\n%s", want, out)
		}
	}
	if code != 0 {
		t.Errorf("-help: exit %d, want 0", code)
	}
	code, out = checkRun(t, "check-receiver", "-help")
	if !strings.Contains(out, `-events (default "`+strings.Join(events.Segments(), ",")+`")`) || !strings.Contains(out, `-timeout (default "5s")`) {
		t.Errorf("check-receiver -help (exit %d):\n%s", code, out)
	}
	if code, out := checkRun(t, "-version"); code != 0 || out != "cinnox-mock dev\n" {
		t.Errorf("-version: exit %d: %q", code, out)
	}
}

// TestCheckReceiverUsage: -help prints the usage and exits 0; flags work
// after the url too; a url CINNOX could not call, or more than one, is
// refused saying why, before anything is sent.
func TestCheckReceiverUsage(t *testing.T) {
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		(&cinnoxmock.Receiver{}).ServeHTTP(w, r)
	}))
	defer srv.Close()
	cr := "check-receiver"
	for name, tc := range map[string]struct {
		args []string
		code int
		want string
	}{
		"-help":                 {[]string{cr, "-help"}, 0, "Usage: cinnox-mock check-receiver [-events LIST] [-timeout D] URL"},
		"-h after the url":      {[]string{cr, srv.URL + "/hook", "-h"}, 0, "Usage: cinnox-mock check-receiver"},
		"a flag after the url":  {[]string{cr, srv.URL + "/hook", "-events", "call"}, 0, "ok: the receiver answered all 2 requests"},
		"a url without scheme":  {[]string{cr, "hooks.example.com/cinnox/s3cret"}, 2, "the webhook URL hooks.example.com/… must start with https:// (or http://), as CINNOX calls it."},
		"no url":                {[]string{cr}, 2, "give one webhook URL, not 0"},
		"two urls":              {[]string{cr, srv.URL + "/a", srv.URL + "/b"}, 2, "give one webhook URL, not 2"},
		"an unknown flag":       {[]string{cr, "-nope", srv.URL}, 2, "flag provided but not defined: -nope"},
		"an unknown event type": {[]string{cr, "-events", "calls", srv.URL}, 2, `no sample notification for event "calls"`},
		"the mock's own -help":  {[]string{"-help"}, 0, "Usage: cinnox-mock [flags]"},
		"a stray mock argument": {[]string{"stray"}, 2, `cinnox-mock: unexpected argument "stray"`},
	} {
		t.Run(name, func(t *testing.T) {
			requests.Store(0)
			code, out := checkRun(t, tc.args...)
			if code != tc.code || !strings.Contains(out, tc.want) {
				t.Errorf("exit code %d, want %d, and the output does not say %q:\n%s", code, tc.code, tc.want, out)
			}
			if strings.Contains(out, "s3cret") {
				t.Errorf("the url's path is in the output:\n%s", out)
			}
			if tc.code != 0 && requests.Load() != 0 {
				t.Errorf("%d requests sent", requests.Load())
			}
		})
	}
}

// TestSeveralTokens: -token a,b accepts each, as CINNOX does during a
// rotation, and the banner says so; any other token is refused.
func TestSeveralTokens(t *testing.T) {
	dir := t.TempDir()
	urlFile := filepath.Join(dir, "url")
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-token", "old-token,new-token", "-skip-verification", "-url-file", urlFile}, &stdout, &stderr)
	}()
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			cancel()
			<-done
		}
	}
	defer stop()
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		b, _ := os.ReadFile(urlFile)
		base = strings.TrimSpace(string(b))
	}
	if base == "" {
		t.Fatal("the mock did not start")
	}
	for token, want := range map[string]int{"old-token": http.StatusOK, "new-token": http.StatusOK, "other-token": http.StatusUnauthorized} {
		req, _ := http.NewRequest(http.MethodPatch, base+"/v1/api/apps/app-1/call-event-sub", strings.NewReader(`{"enabled":true,"url":"https://hooks.example.com/x"}`))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("token %s: HTTP %d, want %d", token, resp.StatusCode, want)
		}
	}
	stop() // then read what it printed
	if !strings.Contains(stdout.String(), "CINNOX_APP_TOKEN=old-token") || !strings.Contains(stdout.String(), "accepts each of old-token, new-token") {
		t.Errorf("the banner does not name both tokens:\n%s", stdout.String())
	}
}
