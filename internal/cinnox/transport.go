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
// included) and logs each request and response with the Authorization header
// redacted and bodies capped.
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
	if waited > 10*time.Millisecond && t.log != nil {
		t.log(ctx, "CINNOX request waited for the rate limit", map[string]any{"waited": waited.String()})
	}
	if t.log != nil {
		var body []byte
		if req.GetBody != nil {
			if rc, err := req.GetBody(); err == nil {
				body, _ = io.ReadAll(io.LimitReader(rc, maxLoggedBody+1))
				_ = rc.Close()
			}
		}
		t.log(ctx, "CINNOX request", map[string]any{
			"method":  req.Method,
			"url":     req.URL.String(),
			"headers": redactedHeaders(req.Header),
			"body":    capped(body),
		})
	}
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	if err != nil && t.log != nil {
		t.log(ctx, "CINNOX request got no answer", map[string]any{"error": err.Error(), "duration": time.Since(start).String()})
	}
	if err != nil {
		return nil, err
	}
	if t.log != nil {
		raw, readErr := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes+1))
		_ = resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(raw))
		fields := map[string]any{
			"status":   resp.StatusCode,
			"duration": time.Since(start).String(),
			"body":     capped(raw),
		}
		if readErr != nil {
			fields["read_error"] = readErr.Error()
		}
		t.log(ctx, "CINNOX response", fields)
	}
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
