package cinnox

// The record of one call, shared by its attempts through the request's
// context: what the request path layers (transport.go) learn of each
// attempt, and what the call reports when it ends.

import (
	"context"
	"sync"
	"time"
)

// callTrace follows the attempts of one call. A call's outcome is unknown
// when a request reached the server and no definitive answer came back for
// it: the connection dropped or timed out after the request was written,
// or the server answered 5xx (which a proxy or CINNOX may send after the
// change took effect). Every request of this client sets a subscription to
// a given state, so a later attempt that is answered does not undo that:
// the change may still have happened.
type callTrace struct {
	// secret removes the app token, and webhookURL is the call's: what
	// is logged and reported of the call goes through a redactor of both
	// (see redactor), made when first needed. A call that succeeds
	// without a debug log needs none.
	secret     *redactor
	webhookURL string
	redactOnce sync.Once
	redact     *redactor

	mu        sync.Mutex
	sent      int
	uncertain bool
	// last is the last attempt's failure, secrets removed: an error, or
	// a status and body.
	last string
	// attempts counts the attempts, refused those CINNOX refused for its
	// rate limit, and retried the retries of other failures; first is when
	// the call started.
	attempts, refused, retried int
	first                      time.Time
	// wasRefused is whether the last attempt was refused for the rate
	// limit, wasAnswered whether it got a definitive answer.
	wasRefused, wasAnswered bool
	// waited is how long the current attempt waited for the rate
	// limiter.
	waited time.Duration
}

type traceKey struct{}

func withTrace(ctx context.Context, t *callTrace) context.Context {
	return context.WithValue(ctx, traceKey{}, t)
}

func traceFrom(ctx context.Context) *callTrace {
	t, _ := ctx.Value(traceKey{}).(*callTrace)
	return t
}

// newCallTrace starts the trace of a call to webhookURL's subscription,
// whose texts secret removes the token from.
func newCallTrace(secret *redactor, webhookURL string) *callTrace {
	return &callTrace{secret: secret, webhookURL: webhookURL, first: time.Now()}
}

// redactor is what removes the call's secrets, the token's and the
// webhook URL's (see urlRedactions), or fallback for a request made
// without a trace.
func (t *callTrace) redactor(fallback *redactor) *redactor {
	if t == nil {
		return fallback
	}
	t.redactOnce.Do(func() { t.redact = t.secret.withRules(urlRedactions(t.webhookURL)...) })
	return t.redact
}

// paced records how long the current attempt waited for the rate limiter.
func (t *callTrace) paced(waited time.Duration) {
	if t == nil {
		return
	}
	t.mu.Lock()
	t.waited = waited
	t.mu.Unlock()
}

// wait is how long the current attempt waited for the rate limiter.
func (t *callTrace) wait() time.Duration {
	if t == nil {
		return 0
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.waited
}

// attempted records one attempt: whether its request was written, and how
// it ended.
func (t *callTrace) attempted(wrote bool, o attemptOutcome) {
	if t == nil {
		return
	}
	if o.failure != "" {
		o.failure = t.redactor(nil).string(o.failure)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.last = o.failure
	t.attempts++
	t.wasRefused, t.wasAnswered = o.refused, o.definitive || o.refused
	if o.refused {
		t.refused++
	}
	if !wrote {
		return
	}
	t.sent++
	if !o.definitive {
		t.uncertain = true
	}
}

func (t *callTrace) result() (sent int, uncertain bool, last string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.sent, t.uncertain, t.last
}

// effort describes the attempts of a call so far.
func (t *callTrace) effort() Effort {
	t.mu.Lock()
	defer t.mu.Unlock()
	e := Effort{Attempts: t.attempts, RateLimited: t.refused}
	if !t.first.IsZero() {
		e.Over = time.Since(t.first)
	}
	return e
}

// retry counts one retry of a failure other than a rate-limit refusal and
// reports whether it is within limit.
func (t *callTrace) retry(limit int) bool {
	if t == nil {
		return limit > 0
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.retried++
	return t.retried <= limit
}

// lastRefused reports whether the last attempt was refused for the rate
// limit.
func (t *callTrace) lastRefused() bool {
	if t == nil {
		return false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.wasRefused
}

// lastAnswered reports whether the last attempt got a definitive answer.
func (t *callTrace) lastAnswered() bool {
	if t == nil {
		return false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.wasAnswered
}

// refusals is how many attempts CINNOX refused for its rate limit.
func (t *callTrace) refusals() int {
	if t == nil {
		return 0
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.refused
}
