package cinnox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Every request of this client is a PATCH that sets a subscription to a given
// state: repeating it leaves the same state, so retrying it is safe.

// rateLimited reports whether an answer is CINNOX's refusal for its rate
// limit: HTTP 429, or the code 6451010 under any status. Nothing was done,
// so retrying it is always safe.
func rateLimited(status int, raw []byte) bool {
	if status == http.StatusTooManyRequests {
		return true
	}
	if !bytes.Contains(raw, []byte("6451010")) {
		return false // most answers: no need to decode
	}
	var env struct {
		Code int64 `json:"code"`
	}
	return json.Unmarshal(raw, &env) == nil && env.Code == CodeTooManyRequests
}

// retryReason says why a response should be retried, or "" when it should
// not, and whether it is a refusal for the rate limit: HTTP 429, HTTP 5xx
// (but 501), and the rate-limit code 6451010 under any status. Parameter
// errors (6451000), 401, 403 and 404 cannot succeed on a retry and are not
// retried. The body is the one the attempter read (answerBytes).
func retryReason(resp *http.Response) (string, bool) {
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return "HTTP 429 Too Many Requests", true
	case rateLimited(resp.StatusCode, answerBytes(resp)):
		return "CINNOX code 6451010 Too many requests", true
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		return "HTTP " + strconv.Itoa(resp.StatusCode), false
	}
	return "", false
}

// checkRetry is the client's retryablehttp.CheckRetry. Once ctx has ended
// (Terraform asked the provider to stop, or the operation's timeout ran
// out), nothing is retried; an answer that arrived is still returned, so
// that the caller learns what CINNOX did. A refusal for the rate limit is
// retried for as long as ctx's deadline allows (MaxRetries times when it
// has none): it is certain that nothing was done, and other runs sharing
// the account may hold the limit for minutes. Other failures are retried
// MaxRetries times.
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if resp != nil {
		c.answered.Store(true)
	}
	if ctx.Err() != nil {
		if resp != nil {
			return false, nil
		}
		return false, ctx.Err()
	}
	trace := traceFrom(ctx)
	if err != nil {
		// Connection refused or reset, timeouts: retried (a refused
		// connection only RefusedRetries times while the host has never
		// answered). Bad TLS certificates, bad schemes, redirect loops and
		// a host that does not resolve (a typo in base_url, which no retry
		// fixes): not.
		if _, ok := unresolved(err); ok {
			return false, nil
		}
		limit := c.retries.max
		if connectionRefused(err) && !c.answered.Load() {
			limit = min(limit, RefusedRetries)
		}
		retry, _ := retryablehttp.DefaultRetryPolicy(ctx, nil, err)
		if retry = retry && trace.retry(limit); retry {
			c.log(ctx, "CINNOX request failed; retrying", map[string]any{"reason": err.Error()})
		}
		return retry, nil
	}
	reason, limited := retryReason(resp)
	if reason == "" {
		return false, nil
	}
	retry := false
	if limited {
		_, hasDeadline := ctx.Deadline()
		retry = hasDeadline || trace.refusals() <= c.retries.max
	} else {
		retry = trace.retry(c.retries.max)
	}
	if retry {
		c.log(ctx, "CINNOX answered with a transient error; retrying", map[string]any{"reason": reason})
	}
	return retry, nil
}

// backoff waits exponentially longer from min up to max, with full jitter
// over the upper half, and honours a Retry-After header when the server sends
// one (capped at max). A refusal for the rate limit without Retry-After is
// retried after min (with jitter): the limiter paces the retry to the
// budget it learnt from the refusal, and a long backoff would leave the
// account's freed requests unused.
func backoff(lo, hi time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return min(d, hi)
		}
		if resp.Request != nil && traceFrom(resp.Request.Context()).lastRefused() {
			attempt = 0
		}
	}
	d := hi
	if attempt < 32 {
		d = min(lo<<attempt, hi)
	}
	if d <= 0 {
		return 0
	}
	return d/2 + rand.N(d/2+1)
}

// retryAfter parses a Retry-After header: seconds, or an HTTP date.
func retryAfter(header string, now time.Time) (time.Duration, bool) {
	if header == "" {
		return 0, false
	}
	if s, err := strconv.ParseInt(header, 10, 64); err == nil {
		if s < 0 {
			return 0, false
		}
		return time.Duration(s) * time.Second, true
	}
	if at, err := http.ParseTime(header); err == nil {
		if at.Before(now) {
			return 0, true
		}
		return at.Sub(now), true
	}
	return 0, false
}

// isTimeout reports whether err is a timeout of a single request.
func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// connectionRefused reports whether err is a refused connection: nothing listens
// on the host's port.
func connectionRefused(err error) bool {
	return errors.Is(err, syscall.ECONNREFUSED)
}

// unresolved reports whether err is a DNS answer that the host does not
// exist, and the host. (A DNS timeout or server failure is transient, and
// retried.)
func unresolved(err error) (string, bool) {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return dnsErr.Name, true
	}
	return "", false
}
