package cinnox

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync/atomic"
	"time"
)

// attempter is the request path's inner layer (see transport.go): it sends
// one attempt and
//
//   - lets it finish even when Terraform asks the provider to stop: the
//     attempt runs on a context that keeps the caller's deadline but not
//     its cancellation, bounded by the request timeout, so that CINNOX's
//     answer is not thrown away (graceful stop);
//   - reads the whole answer (capped) under that bound, and removes the
//     token from it (body, header values, error texts) before anything
//     else sees it: a server, proxy or WAF that echoes the Authorization
//     header must not get the app token into an error, a warning or a log
//     entry;
//   - records in the call's trace whether its request reached the server
//     without a definitive answer (see callTrace).
type attempter struct {
	next    http.RoundTripper
	timeout time.Duration
	secret  *redactor
}

// attemptTimeoutError is an attempt that got no answer within the request
// timeout.
type attemptTimeoutError struct{ timeout time.Duration }

func (e *attemptTimeoutError) Error() string {
	return fmt.Sprintf("no answer within the request timeout (%s)", e.timeout)
}
func (e *attemptTimeoutError) Timeout() bool { return true }

func (a *attempter) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	// The attempt's own context: the caller's deadline, not its
	// cancellation, and at most the request timeout.
	deadline, byRequestTimeout := time.Now().Add(a.timeout), true
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline, byRequestTimeout = d, false
	}
	// The attempt is cancelled only when its deadline passes: cancelling it
	// once the answer has been read would race with the transport putting
	// the connection back in the pool, and close it instead.
	attemptCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	expiry := time.AfterFunc(time.Until(deadline), cancel)
	var wrote atomic.Bool
	attemptCtx = httptrace.WithClientTrace(attemptCtx, &httptrace.ClientTrace{
		WroteHeaders: func() { wrote.Store(true) },
	})

	resp, err := a.next.RoundTrip(req.WithContext(attemptCtx))
	var raw []byte
	if err == nil {
		raw, err = a.read(resp)
	}
	err = a.secret.err(err)
	if expired := !expiry.Stop(); err != nil && expired {
		err = context.DeadlineExceeded // the caller's
		if byRequestTimeout {
			err = &attemptTimeoutError{timeout: a.timeout}
		}
	}
	traceFrom(ctx).attempted(wrote.Load(), outcomeOf(resp, raw, err))
	if err != nil {
		return nil, err
	}
	resp.Body = &readBody{Reader: bytes.NewReader(raw), raw: raw}
	return resp, nil
}

// read reads the whole answer, capped, and removes the token from it.
func (a *attempter) read(resp *http.Response) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes+1))
	_ = resp.Body.Close()
	if err != nil {
		err = fmt.Errorf("reading the answer (HTTP %d): %w", resp.StatusCode, err)
	}
	a.secret.headers(resp.Header)
	return a.secret.bytes(raw), err
}

// readBody is the body of an answer the attempter read whole: the layers
// above it read it through answerBytes, without copying.
type readBody struct {
	*bytes.Reader
	raw []byte
}

func (*readBody) Close() error { return nil }

// answerBytes returns the body the attempter read, nil for any other.
func answerBytes(resp *http.Response) []byte {
	if a, ok := resp.Body.(*readBody); ok {
		return a.raw
	}
	return nil
}

// attemptOutcome is how an attempt ended, for the call's trace.
type attemptOutcome struct {
	// definitive is whether the attempt got an answer that says what
	// CINNOX did (any answer but a 5xx), refused whether that was a
	// refusal for the rate limit.
	definitive, refused bool
	// failure is the attempt's failure in one line, "" for a success.
	failure string
}

// outcomeOf describes how an attempt ended: its error, or its answer
// (the call's trace removes the secrets from the failure).
func outcomeOf(resp *http.Response, raw []byte, err error) attemptOutcome {
	if err != nil {
		return attemptOutcome{failure: err.Error()}
	}
	o := attemptOutcome{definitive: resp.StatusCode < 500, refused: rateLimited(resp.StatusCode, raw)}
	if resp.StatusCode >= 300 || o.refused {
		o.failure = describeAnswer(resp.StatusCode, raw)
	}
	return o
}

// describeAnswer says in one line what a failed attempt was answered.
func describeAnswer(status int, raw []byte) string {
	var env envelope
	if json.Unmarshal(raw, &env) == nil && env.Code != nil {
		return fmt.Sprintf("HTTP %d, code %d: %s", status, *env.Code, truncate(strings.TrimSpace(env.Message), maxSnippet))
	}
	return fmt.Sprintf("HTTP %d: %s", status, snippet(raw))
}
