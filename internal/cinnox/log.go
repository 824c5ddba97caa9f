package cinnox

import (
	"context"
	"io"
	"net/http"
	"time"
)

// LogFunc receives the client's debug log entries. Entries never carry the
// token, nor what redact.go removes of a webhook URL.
type LogFunc func(ctx context.Context, msg string, fields map[string]any)

// maxLoggedBody caps how much of a body a log entry carries.
const maxLoggedBody = 1024

// logger is the request path's middle layer (see transport.go): it logs
// each attempt once it has ended, in one entry: the request with the
// Authorization header redacted, how long it waited for the rate limiter,
// and the answer or the error, bodies capped and secrets removed.
type logger struct {
	next   http.RoundTripper
	log    LogFunc
	secret *redactor
}

func (l *logger) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	trace := traceFrom(ctx)
	redact := trace.redactor(l.secret)
	fields := requestFields(req, redact)
	if waited := trace.wait(); waited > 10*time.Millisecond {
		fields["rate_limit_wait"] = waited.String()
	}
	start := time.Now()
	resp, err := l.next.RoundTrip(req)
	fields["duration"] = time.Since(start).String()
	if err != nil {
		fields["error"] = redact.string(err.Error())
		l.log(ctx, "CINNOX request got no answer", fields)
		return nil, err
	}
	fields["status"] = resp.StatusCode
	fields["response_body"] = capped(redact.bytes(answerBytes(resp)))
	l.log(ctx, "CINNOX request", fields)
	return resp, nil
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

func capped(b []byte) string {
	if len(b) > maxLoggedBody {
		return string(b[:maxLoggedBody]) + "…(truncated)"
	}
	return string(b)
}

// callLogger is retryablehttp's logger for one call (a
// retryablehttp.LeveledLogger): its entries (an attempt's failure, the
// wait before a retry) go to the client's LogFunc with the call's
// context, which carries Terraform's logger, and with the call's secrets
// removed. The LogFunc takes debug entries only; the failures it reports
// reach the user as the call's error.
type callLogger struct {
	ctx    context.Context
	log    LogFunc
	redact *redactor
}

func (l callLogger) Error(msg string, kv ...any) { l.entry("error", msg, kv) }
func (l callLogger) Warn(msg string, kv ...any)  { l.entry("warn", msg, kv) }
func (l callLogger) Info(msg string, kv ...any)  { l.entry("info", msg, kv) }
func (l callLogger) Debug(msg string, kv ...any) { l.entry("debug", msg, kv) }

func (l callLogger) entry(level, msg string, kv []any) {
	if msg == "performing request" {
		return // the logger layer logs every attempt, with more than this
	}
	fields := make(map[string]any, len(kv)/2+1)
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok && k != "remaining" {
			// "remaining" counts down from RetryMax, which is no limit
			// here: checkRetry counts the retries.
			fields[k] = kv[i+1]
		}
	}
	prefix := "retryablehttp: "
	if msg == "retrying request" {
		// The wait before a retry, logged as it starts: how long, and
		// which attempt comes after it.
		prefix, msg = "CINNOX retry: ", "waiting before the next attempt"
		if wait, ok := fields["timeout"].(time.Duration); ok {
			delete(fields, "timeout")
			fields["wait"] = wait.String()
		}
		if trace := traceFrom(l.ctx); trace != nil {
			fields["next_attempt"] = trace.effort().Attempts + 1
		}
	}
	fields["retryablehttp_level"] = level
	l.log(l.ctx, prefix+l.redact.string(msg), l.redact.fields(fields))
}

// log sends an entry of the client's own to its LogFunc, secrets removed.
func (c *Client) log(ctx context.Context, msg string, fields map[string]any) {
	if c.logf != nil {
		redact := traceFrom(ctx).redactor(c.secret)
		c.logf(ctx, redact.string(msg), redact.fields(fields))
	}
}
