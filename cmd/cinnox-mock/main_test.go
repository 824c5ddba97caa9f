package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
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
			want: []string{`FAIL: the challenge step failed: The webhook echoed "not-the-one-sent" instead of the challenge it was sent.`,
				`It must answer a POST of {"challenge":"<random>"} with HTTP 200`},
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
			want:  []string{"FAIL: the call step failed: HTTP 500. It must answer a notification with an HTTP 2xx status"},
		},
		"a receiver that echoes the staff-contact notification": {
			handler: echoing(nil), code: 1,
			steps: everyEvent("staff-contact"),
			want: []string{"FAIL: the staff-contact step failed: HTTP 200 with a challenge echo: the receiver took the " +
				"notification for a verification request (a staff-contact notification carries an empty challenge field"},
		},
		"an unreachable receiver": {
			url: refused.URL(t) + "/cinnox/s3cret/calls?key=s3cret", code: 1, steps: []string{"FAIL challenge"},
			want: []string{"checking the webhook receiver http://127.0.0.1:", "/… as CINNOX does",
				"FAIL: the challenge step failed: The webhook could not be reached"},
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

func TestCheckReceiverUsage(t *testing.T) {
	if code, out := checkRun(t, "check-receiver", "-events", "calls", "http://127.0.0.1:1/"); code != 2 ||
		!strings.Contains(out, `no sample notification for event "calls"`) {
		t.Errorf("an unknown event type: exit %d:\n%s", code, out)
	}
	if code, out := checkRun(t, "check-receiver"); code != 2 || !strings.Contains(out, "Usage: cinnox-mock check-receiver") {
		t.Errorf("no URL: exit %d:\n%s", code, out)
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
	if code != 2 && code != 0 {
		t.Errorf("-help: exit %d", code)
	}
	code, out = checkRun(t, "check-receiver", "-help")
	if !strings.Contains(out, `-events (default "`+strings.Join(events.Segments(), ",")+`")`) || !strings.Contains(out, `-timeout (default "5s")`) {
		t.Errorf("check-receiver -help (exit %d):\n%s", code, out)
	}
	if code, out := checkRun(t, "-version"); code != 0 || out != "cinnox-mock dev\n" {
		t.Errorf("-version: exit %d: %q", code, out)
	}
}
