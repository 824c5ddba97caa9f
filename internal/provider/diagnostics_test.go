package provider

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnox"
)

func TestHints(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&cinnox.RequestError{Operation: "subscribe", Err: errors.New("connection refused")}, "Check that base_url"},
		{&cinnox.APIError{StatusCode: 429, Code: cinnox.CodeTooManyRequests}, "rate limit"},
		{&cinnox.APIError{StatusCode: 200, Code: cinnox.CodeTooManyRequests}, "rate limit"},
		{&cinnox.APIError{StatusCode: 404, Code: cinnox.CodeNotFound}, "Check base_url"},
		{&cinnox.APIError{StatusCode: 403}, "Check app_token"},
		{&cinnox.APIError{StatusCode: 502}, "problem of its own"},
		{&cinnox.APIError{StatusCode: 200, Code: cinnox.CodeInternalResponse}, "problem of its own"},
		{&cinnox.APIError{Operation: "subscribe", StatusCode: 400, Code: cinnox.CodeBadParameter}, "fails verification"},
		{&cinnox.APIError{Operation: "unsubscribe", StatusCode: 400, Code: cinnox.CodeBadParameter}, "refused to disable the subscription"},
		{&cinnox.APIError{StatusCode: 200, NotEnabled: true}, "did not enable"},
		{&cinnox.APIError{StatusCode: 200, Message: "response is not a CINNOX JSON answer"}, "points at the CINNOX Open API"},
	} {
		if got := hint(tc.err); !strings.Contains(got, tc.want) {
			t.Errorf("hint(%v) = %q, want it to contain %q", tc.err, got, tc.want)
		}
	}
}

// A request whose operation ran out of time while CINNOX worked on it is
// blamed on the timeout, not on base_url or the network, and the error says
// what state holds and which timeout to raise.
func TestRequestFailed_timedOut(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	<-ctx.Done()
	err := &cinnox.RequestError{Operation: "subscribe", Err: context.DeadlineExceeded, Sent: 1, MayHaveTakenEffect: true}
	d := requestFailed(ctx, failure{kind: opCreate, action: "subscribe", title: "call", appID: "app-1", timeout: 500 * time.Millisecond, err: err})
	text := d.Summary() + "\n" + d.Detail()
	for _, want := range []string{`Timed out: subscribe call events of CINNOX app "app-1"`, "timeouts.create (500ms) ran out",
		"marked tainted", `timeouts { create = "1s" }`} {
		if !strings.Contains(strings.Join(strings.Fields(text), " "), want) {
			t.Errorf("the error does not say %q:\n%s", want, text)
		}
	}
	for _, blame := range []string{"base_url", "network"} {
		if strings.Contains(text, blame) {
			t.Errorf("the error blames %s:\n%s", blame, text)
		}
	}
}

// A failure known not to have taken effect says that nothing changed.
func TestRequestFailed_refused(t *testing.T) {
	err := &cinnox.APIError{Operation: "subscribe", StatusCode: 401, Message: "bad token"}
	d := requestFailed(context.Background(), failure{kind: opUpdate, action: "subscribe", title: "call", appID: "app-1", timeout: time.Minute, err: err})
	if d.Summary() != `Cannot subscribe call events of CINNOX app "app-1"` || !strings.Contains(d.Detail(), "CINNOX made no change: Terraform keeps the subscription as it was.") ||
		!strings.Contains(d.Detail(), "Check app_token") {
		t.Errorf("got %q:\n%s", d.Summary(), d.Detail())
	}
}
