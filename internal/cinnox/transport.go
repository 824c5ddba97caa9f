package cinnox

import (
	"net/http"
	"time"
)

// The request path. Every attempt of a call, retries included, goes through
// three layers, each an http.RoundTripper, outermost first:
//
//   - pacer (pace.go) starts nothing once the caller's context has ended,
//     waits for the rate limiter, and tells it how the attempt ended;
//   - logger (log.go) logs the attempt once it has ended, in one entry;
//   - attempter (attempt.go) runs the attempt on a context that survives
//     Terraform's request to stop, bounded by the request timeout, reads
//     the whole answer (capped), removes the token from it, and records in
//     the call's trace (trace.go) whether the request reached the server
//     without a definitive answer.
//
// Around them, retryablehttp (client.go, retry.go) retries, and its log
// entries go where the client's do (log.go). What is removed from texts
// before they are shown or logged is in redact.go.

// newTransport stacks the layers on next, which sends the requests.
func newTransport(next http.RoundTripper, limiter *windowLimiter, timeout time.Duration, log LogFunc, secret *redactor) http.RoundTripper {
	var rt http.RoundTripper = &attempter{next: next, timeout: timeout, secret: secret}
	if log != nil {
		rt = &logger{next: rt, log: log, secret: secret}
	}
	return &pacer{next: rt, limiter: limiter}
}
