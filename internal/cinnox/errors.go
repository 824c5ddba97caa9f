package cinnox

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Codes documented by the CINNOX Open API.
const (
	CodeOK               int64 = 0
	CodeBadParameter     int64 = 6451000 // wrong request parameter
	CodeInternalResponse int64 = 6451001 // bad response from an internal service
	CodeTooManyRequests  int64 = 6451010 // rate limit exceeded
	CodeNotFound         int64 = 6450001 // method or URL not found
)

// APIError is an answer from CINNOX that is not a success: a non-2xx status,
// a non-zero code, a body that cannot be decoded, or a subscription that was
// not enabled. It never contains the app token.
type APIError struct {
	// Operation is "subscribe" or "unsubscribe".
	Operation string
	// StatusCode is the HTTP status of the answer.
	StatusCode int
	// Code is the CINNOX code from the body; 0 when the body had none.
	Code int64
	// Message is the server's message, or a description of what was wrong
	// with the answer.
	Message string
	// NotEnabled is set when CINNOX answered 200 but reported the
	// subscription as not enabled.
	NotEnabled bool
	// MayHaveTakenEffect is set when this answer, or an earlier attempt of
	// the same call, leaves open whether CINNOX made the change: a 5xx, or
	// a request whose answer was lost.
	MayHaveTakenEffect bool
	// Redirect is set for a 3xx answer, which is not followed; RedirectTo
	// is the base of the address it points to.
	Redirect   bool
	RedirectTo string
	// Effort is what the call tried.
	Effort Effort
	// Request is the request answered, e.g. "PATCH https://host/v1/...".
	Request string
}

// Effort is what a call tried before it ended: how many attempts, how many
// of them CINNOX refused for its rate limit, over how long.
type Effort struct {
	Attempts    int
	RateLimited int
	Over        time.Duration
}

func (e Effort) String() string {
	s := fmt.Sprintf("%d attempts over %s", e.Attempts, e.Over.Round(time.Second))
	if e.Attempts == 1 {
		s = "1 attempt"
	}
	if e.RateLimited > 0 {
		s += fmt.Sprintf(", %d of them refused for the CINNOX rate limit", e.RateLimited)
	}
	return s
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "CINNOX %s failed: ", e.Operation)
	if e.Request != "" {
		fmt.Fprintf(&b, "%s answered ", e.Request)
	}
	fmt.Fprintf(&b, "HTTP %d", e.StatusCode)
	if e.Code != 0 {
		fmt.Fprintf(&b, ", code %d", e.Code)
	}
	fmt.Fprintf(&b, ": %s", e.Message)
	return b.String()
}

// RequestError is a call that got no answer: the connection failed or
// timed out, or the caller's context ended (it was cancelled, or its
// deadline passed) before CINNOX answered.
type RequestError struct {
	Operation string
	Err       error
	// Sent is how many requests of the call were written to the server.
	Sent int
	// MayHaveTakenEffect is set when a request reached the server and its
	// answer was lost (or was a 5xx): CINNOX may have made the change.
	MayHaveTakenEffect bool
	// Effort is what the call tried, and LastAnswered whether its last
	// attempt got an answer (a refusal, say) before the call ended.
	Effort       Effort
	LastAnswered bool
}

func (e *RequestError) Error() string {
	tried := requests(e.Sent) + " sent"
	if e.Effort.Attempts > 1 {
		tried = e.Effort.String()
	}
	unanswered := " before CINNOX answered"
	if e.LastAnswered {
		unanswered = ""
	}
	switch {
	case e.Cancelled():
		return fmt.Sprintf("CINNOX %s stopped%s (%s): %v", e.Operation, unanswered, tried, e.Err)
	case e.DeadlineExceeded():
		return fmt.Sprintf("CINNOX %s ran out of time%s (%s): %v", e.Operation, unanswered, tried, e.Err)
	}
	return fmt.Sprintf("CINNOX %s failed: no answer from the server: %v", e.Operation, e.Err)
}

func requests(n int) string {
	if n == 1 {
		return "1 request"
	}
	return fmt.Sprintf("%d requests", n)
}

func (e *RequestError) Unwrap() error { return e.Err }

// Cancelled reports whether the call ended because its context was
// cancelled (not because its deadline passed).
func (e *RequestError) Cancelled() bool { return errors.Is(e.Err, context.Canceled) }

// DeadlineExceeded reports whether the call ended because its context's
// deadline passed.
func (e *RequestError) DeadlineExceeded() bool { return errors.Is(e.Err, context.DeadlineExceeded) }

// TimedOut reports whether the call's last attempt got no answer within
// the client's request timeout, and that timeout. (An ended context is
// Cancelled or DeadlineExceeded instead.)
func (e *RequestError) TimedOut() (time.Duration, bool) {
	var t *attemptTimeoutError
	if errors.As(e.Err, &t) {
		return t.timeout, true
	}
	return 0, false
}

// MayHaveTakenEffect reports whether err leaves open whether CINNOX made
// the change the call asked for. A caller must then keep treating the
// change as possibly made: requests are idempotent, so sending it again is
// how to find out.
func MayHaveTakenEffect(err error) bool {
	var reqErr *RequestError
	if errors.As(err, &reqErr) {
		return reqErr.MayHaveTakenEffect
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.MayHaveTakenEffect
	}
	return false
}

// EffortOf returns what the call that failed with err tried.
func EffortOf(err error) Effort {
	var reqErr *RequestError
	if errors.As(err, &reqErr) {
		return reqErr.Effort
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.Effort
	}
	return Effort{}
}

// endedError is a call's context error told with what its last attempt got.
type endedError struct {
	err  error // context.Canceled or context.DeadlineExceeded
	last string
}

func (e *endedError) Error() string { return "the last attempt: " + e.last }
func (e *endedError) Unwrap() error { return e.err }

// hostError is a request to a base_url host that does not resolve, or
// that refused every connection before it had ever answered.
type hostError struct {
	host    string
	refused bool
	// tried is what the call tried (an Effort), for a refused host.
	tried string
	err   error
}

func (e *hostError) Error() string {
	if e.refused {
		return fmt.Sprintf("the base_url host %q refuses connections (%s): nothing listens on its port", e.host, e.tried)
	}
	return fmt.Sprintf("the base_url host %q does not resolve (DNS: no such host)", e.host)
}
func (e *hostError) Unwrap() error { return e.err }

// UnresolvedHost reports whether err is a request whose host does not
// resolve, and the host.
func UnresolvedHost(err error) (string, bool) {
	var h *hostError
	if errors.As(err, &h) && !h.refused {
		return h.host, true
	}
	return "", false
}

// RefusingHost reports whether err is a request whose base_url host
// refused every connection and never answered, and the host (with its
// port).
func RefusingHost(err error) (string, bool) {
	var h *hostError
	if errors.As(err, &h) && h.refused {
		return h.host, true
	}
	return "", false
}
