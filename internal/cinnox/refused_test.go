package cinnox

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/cinnox/terraform-provider-cinnox/internal/refused"
)

// A base_url whose port refuses connections, and that never answered,
// fails after RefusedRetries retries, however many MaxRetries allows,
// naming the host and port; nothing was sent.
func TestRefusedBaseURLFailsFast(t *testing.T) {
	base := refused.URL(t)
	_, err := fastClient(t, base, Config{MaxRetries: 8}).Subscribe(context.Background(), "app", "call", "https://h.example/x")
	var reqErr *RequestError
	if !errors.As(err, &reqErr) {
		t.Fatalf("got %v, want a *RequestError", err)
	}
	if got, want := reqErr.Effort.Attempts, RefusedRetries+1; got != want {
		t.Errorf("%d attempts, want %d", got, want)
	}
	host, ok := RefusingHost(err)
	if u, _ := url.Parse(base); !ok || host != u.Host {
		t.Errorf("RefusingHost = %q, %v; want %q", host, ok, u.Host)
	}
	if reqErr.Sent != 0 || MayHaveTakenEffect(err) {
		t.Errorf("sent %d, may have taken effect %v; want nothing sent", reqErr.Sent, MayHaveTakenEffect(err))
	}
	if msg := err.Error(); !strings.Contains(msg, `the base_url host "`+host+`" refuses connections (4 attempts over`) {
		t.Errorf("the error does not name the host and what was tried: %s", msg)
	}
}

// refusingAfter is a transport that answers the first `answers` requests
// with a success and refuses every connection after that, as a server that
// restarts does.
type refusingAfter struct {
	answers int32
	n       atomic.Int32
}

func (r *refusingAfter) RoundTrip(req *http.Request) (*http.Response, error) {
	if r.n.Add(1) > r.answers {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	}
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Request: req,
		Body: io.NopCloser(strings.NewReader(`{"code":0,"result":{"enabled":true,"url":"u"}}`))}, nil
}

// Once the host has answered, a refused connection is a transient fault
// and is retried MaxRetries times, as before.
func TestRefusedAfterAnAnswerIsRetried(t *testing.T) {
	rt := &refusingAfter{answers: 1}
	c := fastClient(t, "https://cinnox.example", Config{MaxRetries: 6, Transport: rt})
	if _, err := c.Subscribe(context.Background(), "app", "call", "u"); err != nil {
		t.Fatalf("the first call, answered: %v", err)
	}
	_, err := c.Subscribe(context.Background(), "app", "call", "u")
	var reqErr *RequestError
	if !errors.As(err, &reqErr) || reqErr.Effort.Attempts != 7 {
		t.Fatalf("got %v, want a *RequestError after 7 attempts", err)
	}
	if _, ok := RefusingHost(err); ok {
		t.Errorf("a host that answered before is not one that refuses connections: %v", err)
	}
}
