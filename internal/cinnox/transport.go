package cinnox

import (
	"bytes"
	"io"
	"net/http"
	"time"
)

// maxLoggedBody caps how much of a body a log entry carries.
const maxLoggedBody = 1024

// transport waits for the rate limiter before every attempt (retries
// included) and logs each attempt once it has ended, in one entry: the
// request with the Authorization header redacted, and the answer or the
// error, bodies capped. One entry rather than one before and one after
// keeps logging off the hot path's cost; a request that never ends still
// gets its entry when the timeout cancels it.
type transport struct {
	next    http.RoundTripper
	limiter *windowLimiter
	log     LogFunc
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	waited, done, err := t.limiter.Wait(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	if t.log == nil {
		return t.next.RoundTrip(req)
	}
	var body []byte
	if req.GetBody != nil {
		if rc, err := req.GetBody(); err == nil {
			body, _ = io.ReadAll(io.LimitReader(rc, maxLoggedBody+1))
			_ = rc.Close()
		}
	}
	fields := map[string]any{
		"method":  req.Method,
		"url":     req.URL.String(),
		"headers": redactedHeaders(req.Header),
		"body":    capped(body),
	}
	if waited > 10*time.Millisecond {
		fields["rate_limit_wait"] = waited.String()
	}
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	fields["duration"] = time.Since(start).String()
	if err != nil {
		fields["error"] = err.Error()
		t.log(ctx, "CINNOX request got no answer", fields)
		return nil, err
	}
	raw, readErr := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes+1))
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	fields["status"] = resp.StatusCode
	fields["response_body"] = capped(raw)
	if readErr != nil {
		fields["read_error"] = readErr.Error()
	}
	t.log(ctx, "CINNOX request", fields)
	return resp, nil
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
