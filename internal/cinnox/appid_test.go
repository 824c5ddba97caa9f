package cinnox

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestCheckAppID(t *testing.T) {
	for id, want := range map[string]string{
		"":                       "is empty",
		".":                      "dot-segment",
		"..":                     "dot-segment",
		"app/call-event-sub":     "slash",
		`app\1`:                  "slash",
		" app-1":                 "space",
		"app-1\n":                "space",
		"app\x001":               "control character",
		"app-1":                  "",
		"...":                    "",
		"6f3a9c21-app_ID.v2":     "",
		"app 1?#%":               "", // escaped, and carried intact
		"应用":                     "",
		strings.Repeat("a", 300): "",
	} {
		err := CheckAppID(id)
		switch {
		case want == "" && err != nil:
			t.Errorf("CheckAppID(%q) = %v, want nil", id, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("CheckAppID(%q) = %v, want an error about %q", id, err, want)
		}
	}
}

func TestDotSegmentAppIDIsNeverSent(t *testing.T) {
	sent := 0
	c := server(t, 200, `{"code":0,"result":{"enabled":true,"url":"https://h.example/x"}}`, func(*http.Request, []byte) { sent++ })
	for _, id := range []string{".", "..", "a/b"} {
		_, err := c.Subscribe(context.Background(), id, "call", "https://h.example/x")
		var reqErr *RequestError
		if !errors.As(err, &reqErr) || reqErr.Sent != 0 || reqErr.MayHaveTakenEffect || !strings.Contains(err.Error(), "nothing was sent") {
			t.Errorf("Subscribe(%q): %v, want a RequestError that sent nothing", id, err)
		}
	}
	if sent != 0 {
		t.Errorf("%d requests reached the server", sent)
	}
}
