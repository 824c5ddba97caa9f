package cinnox

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// maxLoggedBody caps how much of a body a log entry carries.
const maxLoggedBody = 1024

// transport sends one attempt of a call. It
//
//   - starts nothing once the caller's context has ended: no attempt is sent
//     after Terraform asked the provider to stop or the operation's timeout
//     ran out;
//   - lets an attempt that has started finish even when Terraform asks the
//     provider to stop: the attempt runs on a context that keeps the
//     caller's deadline but not its cancellation, bounded by the request
//     timeout, so that CINNOX's answer is not thrown away (graceful stop);
//   - reads the whole answer (capped) before it returns, under that bound;
//   - records in the call's trace whether a request reached the server
//     without a definitive answer (see callTrace);
//   - waits for the rate limiter before every attempt, retries included;
//   - logs each attempt once it has ended, in one entry: the request with
//     the Authorization header redacted, and the answer or the error,
//     bodies capped.
type transport struct {
	next    http.RoundTripper
	limiter *windowLimiter
	timeout time.Duration
	log     LogFunc
	// secret is removed from everything the server answers (body, header
	// values, error texts) before anything else sees it: a server, proxy
	// or WAF that echoes the Authorization header must not get the app
	// token into an error, a warning or a log entry.
	secret *redactor
}

// attemptTimeoutError is an attempt that got no answer within the request
// timeout.
type attemptTimeoutError struct{ timeout time.Duration }

func (e *attemptTimeoutError) Error() string {
	return fmt.Sprintf("no answer within the request timeout (%s)", e.timeout)
}
func (e *attemptTimeoutError) Timeout() bool { return true }

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if err := ctx.Err(); err != nil {
		return nil, err // stopped, or out of time: send nothing more
	}
	waited, done, err := t.limiter.Wait(ctx)
	if err != nil {
		return nil, err
	}
	result := unanswered
	defer func() { done(result) }()

	// The attempt's own context: the caller's deadline, not its
	// cancellation, and at most the request timeout.
	deadline, byRequestTimeout := time.Now().Add(t.timeout), true
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline, byRequestTimeout = d, false
	}
	// The attempt is cancelled only when its deadline passes: cancelling it
	// once the answer has been read would race with the transport putting
	// the connection back in the pool, and close it instead.
	attemptCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	expiry := time.AfterFunc(time.Until(deadline), cancel)
	trace := traceFrom(ctx)
	redact := t.secret
	if trace != nil && trace.redact != nil {
		redact = trace.redact
	}
	var wrote atomic.Bool
	attemptCtx = httptrace.WithClientTrace(attemptCtx, &httptrace.ClientTrace{
		WroteHeaders: func() { wrote.Store(true) },
	})
	attempt := req.WithContext(attemptCtx)

	var fields map[string]any
	if t.log != nil {
		fields = requestFields(req, redact)
		if waited > 10*time.Millisecond {
			fields["rate_limit_wait"] = waited.String()
		}
	}
	start := time.Now()
	resp, err := t.next.RoundTrip(attempt)
	var raw []byte
	if err == nil {
		raw, err = io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes+1))
		_ = resp.Body.Close()
		if err != nil {
			err = fmt.Errorf("reading the answer (HTTP %d): %w", resp.StatusCode, err)
		}
		raw = t.secret.bytes(raw)
		for _, values := range resp.Header {
			for i, v := range values {
				values[i] = t.secret.string(v)
			}
		}
	}
	err = t.secret.err(err)
	if expired := !expiry.Stop(); err != nil && expired {
		if byRequestTimeout {
			err = &attemptTimeoutError{timeout: t.timeout}
		} else {
			err = context.DeadlineExceeded // the caller's
		}
	}
	last, refused := "", false
	switch {
	case err != nil:
		last = redact.string(err.Error())
	case resp.StatusCode >= 300:
		last = redact.string(describeAnswer(resp.StatusCode, raw))
	}
	if err == nil {
		result = answered
		if refused = rateLimited(resp.StatusCode, raw); refused {
			result = refusedForRate
			if last == "" {
				last = redact.string(describeAnswer(resp.StatusCode, raw))
			}
		}
	}
	trace.attempted(wrote.Load(), err == nil && resp.StatusCode < 500, refused, last)

	if fields != nil {
		fields["duration"] = time.Since(start).String()
		if err != nil {
			fields["error"] = redact.string(err.Error())
			t.log(ctx, "CINNOX request got no answer", fields)
		} else {
			fields["status"] = resp.StatusCode
			fields["response_body"] = capped(redact.bytes(raw))
			t.log(ctx, "CINNOX request", fields)
		}
	}
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	return resp, nil
}

// describeAnswer says in one line what a failed attempt was answered.
func describeAnswer(status int, raw []byte) string {
	var env envelope
	if json.Unmarshal(raw, &env) == nil && env.Code != nil {
		return fmt.Sprintf("HTTP %d, code %d: %s", status, *env.Code, truncate(strings.TrimSpace(env.Message), maxSnippet))
	}
	return fmt.Sprintf("HTTP %d: %s", status, snippet(raw))
}

// requestFields describes a request for a log entry.
func requestFields(req *http.Request, redact *redactor) map[string]any {
	var body []byte
	if req.GetBody != nil {
		if rc, err := req.GetBody(); err == nil {
			body, _ = io.ReadAll(io.LimitReader(rc, maxLoggedBody+1))
			_ = rc.Close()
		}
	}
	return map[string]any{
		"method":  req.Method,
		"url":     req.URL.String(),
		"headers": redactedHeaders(req.Header),
		"body":    capped(redact.bytes(body)),
	}
}

// callTrace follows the attempts of one call. A call's outcome is unknown
// when a request reached the server and no definitive answer came back for
// it: the connection dropped or timed out after the request was written,
// or the server answered 5xx (which a proxy or CINNOX may send after the
// change took effect). Every request of this client sets a subscription to
// a given state, so a later attempt that is answered does not undo that:
// the change may still have happened.
type callTrace struct {
	// redact removes the token and the webhook URL's secrets from what
	// is logged and reported of the call.
	redact *redactor

	mu        sync.Mutex
	sent      int
	uncertain bool
	// last is the last attempt's failure: an error, or a status and body.
	last string
	// attempts counts the attempts, refused those CINNOX refused for its
	// rate limit, and retried the retries of other failures; first is when
	// the call started.
	attempts, refused, retried int
	first                      time.Time
	// wasRefused is whether the last attempt was refused for the rate
	// limit, wasAnswered whether it got a definitive answer.
	wasRefused, wasAnswered bool
}

type traceKey struct{}

func withTrace(ctx context.Context, t *callTrace) context.Context {
	return context.WithValue(ctx, traceKey{}, t)
}

func traceFrom(ctx context.Context) *callTrace {
	t, _ := ctx.Value(traceKey{}).(*callTrace)
	return t
}

// attempted records one attempt: whether its request was written, whether
// it got a definitive answer, and whether that was a refusal for the rate
// limit.
func (t *callTrace) attempted(wrote, answered, refused bool, failure string) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.last = failure
	t.attempts++
	t.wasRefused, t.wasAnswered = refused, answered || refused
	if refused {
		t.refused++
	}
	if !wrote {
		return
	}
	t.sent++
	if !answered {
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

// redactedHeaders copies h for a log, the Authorization value replaced.
func redactedHeaders(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for k, v := range h {
		if len(v) == 0 {
			continue
		}
		if http.CanonicalHeaderKey(k) == "Authorization" {
			out[k] = "Bearer (redacted)"
			continue
		}
		out[k] = v[0]
	}
	return out
}

func capped(b []byte) string {
	if len(b) > maxLoggedBody {
		return string(b[:maxLoggedBody]) + "…(truncated)"
	}
	return string(b)
}

// redactor removes secrets from texts: the app token (and so the
// Authorization value made of it), and what must not be shown of a webhook
// URL (see urlRedactions), each replaced by what is shown instead. A nil
// redactor removes nothing. A secret shorter than minRedacted is left
// alone: replacing every "t" of a message would make it unreadable, and
// such a string is no secret anyway.
type redactor struct {
	rules []rule // longest first
	// replacer applies the rules in one pass, made when a text first
	// holds a secret.
	once     sync.Once
	replacer *strings.Replacer
}

// rule is one text to remove, and what to show instead.
type rule struct{ old, instead string }

const (
	redacted    = "(redacted)"
	minRedacted = 6
)

func newRedactor(secrets ...string) *redactor {
	return (*redactor)(nil).with(secrets...)
}

// with returns a redactor that also removes secrets.
func (r *redactor) with(secrets ...string) *redactor {
	rules := make([]rule, len(secrets))
	for i, s := range secrets {
		rules[i] = rule{s, redacted}
	}
	return r.withRules(rules...)
}

// withRules returns a redactor that also applies rules.
func (r *redactor) withRules(rules ...rule) *redactor {
	var all []rule
	if r != nil {
		all = append(all, r.rules...)
	}
	for _, ru := range rules {
		if len(ru.old) >= minRedacted && !slices.ContainsFunc(all, func(o rule) bool { return o.old == ru.old }) {
			all = append(all, ru)
		}
	}
	if len(all) == 0 {
		return nil
	}
	slices.SortStableFunc(all, func(a, b rule) int { return len(b.old) - len(a.old) })
	return &redactor{rules: all}
}

func (r *redactor) string(s string) string {
	if r == nil || !r.holdsSecret(s) {
		return s
	}
	r.once.Do(func() {
		pairs := make([]string, 0, 2*len(r.rules))
		for _, ru := range r.rules {
			pairs = append(pairs, ru.old, ru.instead)
		}
		// One pass, longest first at each position: what one rule put
		// in is not rewritten by another.
		r.replacer = strings.NewReplacer(pairs...)
	})
	return r.replacer.Replace(s)
}

// holdsSecret reports whether s holds any text a rule removes.
func (r *redactor) holdsSecret(s string) bool {
	for _, ru := range r.rules {
		if strings.Contains(s, ru.old) {
			return true
		}
	}
	return false
}

func (r *redactor) bytes(b []byte) []byte {
	if r == nil {
		return b
	}
	for _, ru := range r.rules {
		if bytes.Contains(b, []byte(ru.old)) {
			return []byte(r.string(string(b)))
		}
	}
	return b
}

// err returns err with the secret removed from its text; errors.Is and
// errors.As still see the original.
func (r *redactor) err(err error) error {
	if err == nil || r == nil {
		return err
	}
	msg := r.string(err.Error())
	if msg == err.Error() {
		return err
	}
	return &redactedError{msg: msg, err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
