// Package cinnox is a small client for the CINNOX Open API calls that manage
// webhook event subscriptions. It knows HTTP and JSON, not Terraform.
//
// The API has one call per event type:
//
//	PATCH {base_url}/v1/api/apps/{app_id}/{event}-event-sub
//	{"enabled": true|false, "url": "https://..."}
//
// Successful answers look like {"code": 0, "result": {...}} and failures like
// {"code": 6451000, "message": "..."}; both are decoded here, and failures
// become an *APIError.
package cinnox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
)

// MaxResponseBytes caps how much of a response body is read. Real answers are
// a few hundred bytes; anything larger is not a CINNOX answer.
const MaxResponseBytes = 1 << 20

// maxIdleConns is how many idle connections to CINNOX are kept for reuse.
const maxIdleConns = 32

// Defaults for Config.
const (
	DefaultMaxRetries     = 8
	DefaultRequestTimeout = 30 * time.Second
	DefaultRetryWaitMin   = 1 * time.Second
	DefaultRetryWaitMax   = 30 * time.Second
	// RefusedRetries is how often a refused connection is retried while
	// the server at base_url has not answered this client yet: a wrong
	// host or port, which no retry fixes, fails in seconds (the waits are
	// 1s, 2s and 4s at most with the default backoff). Once it has
	// answered, a refused connection is a transient fault (a restart) and
	// is retried MaxRetries times.
	RefusedRetries = 3
	// DefaultRateLimit is the CINNOX limit: 500 requests a minute.
	DefaultRateLimit = 500
)

// Config holds what a Client needs. BaseURL and Token are required.
type Config struct {
	// BaseURL is the account's Base URL, e.g. https://examplebaseURL.com.
	BaseURL string
	// Token is the App Token, sent as a bearer token. It is never logged or
	// put into an error.
	Token string
	// UserAgent is sent with every request.
	UserAgent string
	// Transport sends the requests; nil means a pooled transport with
	// keep-alive, shared by every request of the client.
	Transport http.RoundTripper
	// RequestTimeout bounds each attempt; 0 means DefaultRequestTimeout.
	RequestTimeout time.Duration
	// MaxRetries is how often a transient failure is retried; negative
	// means none, 0 means DefaultMaxRetries.
	MaxRetries int
	// RetryWaitMin and RetryWaitMax bound the backoff between retries; 0
	// means the defaults.
	RetryWaitMin, RetryWaitMax time.Duration
	// RateLimit is how many requests may be sent in any RateWindow; 0
	// means DefaultRateLimit per minute, negative means no limit.
	RateLimit  int
	RateWindow time.Duration
	// Log receives debug entries: requests, responses, retries, waits.
	Log LogFunc
}

// Client calls the CINNOX Open API. It is safe for concurrent use.
type Client struct {
	base      string
	token     string
	userAgent string
	// http sends each attempt through the request path (transport.go);
	// retries wraps it for every call (see retrying).
	http    *http.Client
	retries retrySettings
	logf    LogFunc
	secret  *redactor
	// host is base_url's host and port; answered is set once any request
	// of the client got an HTTP answer from it.
	host     string
	answered atomic.Bool
}

// retrySettings are what retrying makes a call's retryablehttp client of.
type retrySettings struct {
	// max is how often a failure other than a rate-limit refusal is
	// retried (see checkRetry).
	max              int
	waitMin, waitMax time.Duration
	// check is the Client's checkRetry, bound once rather than for every
	// call.
	check retryablehttp.CheckRetry
}

// New returns a Client for cfg.
func New(cfg Config) (*Client, error) {
	if cfg.Token == "" {
		return nil, errors.New("cinnox: an app token is required")
	}
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("cinnox: base URL %q is not an absolute URL", cfg.BaseURL)
	}
	cfg = cfg.withDefaults()
	c := &Client{
		base:      strings.TrimRight(cfg.BaseURL, "/"),
		token:     cfg.Token,
		userAgent: cfg.UserAgent,
		logf:      cfg.Log,
		secret:    newRedactor(cfg.Token),
		host:      u.Host,
		retries:   retrySettings{max: cfg.MaxRetries, waitMin: cfg.RetryWaitMin, waitMax: cfg.RetryWaitMax},
	}
	c.retries.check = c.checkRetry
	// The transport bounds each attempt by the request timeout (see
	// attempter), so the http.Client has no timeout of its own.
	c.http = &http.Client{
		Transport: newTransport(cfg.Transport, newWindowLimiter(cfg.RateLimit, cfg.RateWindow), cfg.RequestTimeout, cfg.Log, c.secret),
		// The Open API does not redirect: a 3xx means base_url points
		// elsewhere, and following it would send the request to a host
		// the user did not name (and take its answer for CINNOX's).
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return c, nil
}

// withDefaults returns cfg with every zero setting at its default, and a
// negative MaxRetries at 0.
func (cfg Config) withDefaults() Config {
	if cfg.Transport == nil {
		// One keep-alive transport for every request of the client. Keep
		// enough idle connections for Terraform's parallelism (10 by
		// default): cleanhttp keeps GOMAXPROCS+1, and every request past
		// that would open a new TCP (and TLS) connection.
		pooled := cleanhttp.DefaultPooledTransport()
		pooled.MaxIdleConnsPerHost = maxIdleConns
		pooled.MaxIdleConns = maxIdleConns
		cfg.Transport = pooled
	}
	setDefault(&cfg.RateLimit, DefaultRateLimit)
	setDefault(&cfg.RateWindow, time.Minute)
	setDefault(&cfg.RequestTimeout, DefaultRequestTimeout)
	setDefault(&cfg.MaxRetries, DefaultMaxRetries)
	cfg.MaxRetries = max(cfg.MaxRetries, 0)
	if cfg.RetryWaitMin <= 0 {
		cfg.RetryWaitMin = DefaultRetryWaitMin
	}
	if cfg.RetryWaitMax <= 0 {
		cfg.RetryWaitMax = DefaultRetryWaitMax
	}
	return cfg
}

// setDefault sets *v to def when it is zero.
func setDefault[T int | time.Duration](v *T, def T) {
	if *v == 0 {
		*v = def
	}
}

// retrying returns the retryablehttp client for one call: it retries as
// checkRetry says, waits as backoff says, and logs through callLogger.
// ctx is the call's, with its trace.
func (c *Client) retrying(ctx context.Context) *retryablehttp.Client {
	rc := &retryablehttp.Client{
		HTTPClient: c.http,
		// checkRetry counts the retries: rate-limit refusals are retried
		// for as long as the caller's deadline allows.
		RetryMax:     math.MaxInt32,
		RetryWaitMin: c.retries.waitMin,
		RetryWaitMax: c.retries.waitMax,
		CheckRetry:   c.retries.check,
		Backoff:      backoff,
		// When retries run out, decode the last answer rather than a
		// generic "giving up" error.
		ErrorHandler: func(resp *http.Response, err error, attempts int) (*http.Response, error) {
			if err != nil && attempts > 1 {
				return resp, fmt.Errorf("%w (after %d attempts)", err, attempts)
			}
			return resp, err
		},
	}
	if c.logf != nil {
		rc.Logger = callLogger{ctx: ctx, log: c.logf, redact: traceFrom(ctx).redactor(c.secret)}
	}
	return rc
}

// Subscription is the state of one event subscription as CINNOX reports it.
type Subscription struct {
	Enabled bool   `json:"enabled"`
	URL     string `json:"url"`
	// UpdatedAt is the server's RFC 3339 timestamp; empty where the endpoint
	// does not return one (staff contacts).
	UpdatedAt string `json:"updatedAt,omitempty"`
}

// SubscriptionPath is the request path for an event's subscription on an app,
// e.g. /v1/api/apps/APP/call-event-sub for event "call".
func SubscriptionPath(appID, event string) string {
	return "/v1/api/apps/" + url.PathEscape(appID) + "/" + url.PathEscape(event) + "-event-sub"
}

// Subscribe creates the subscription of event on appID, or changes its URL.
// CINNOX verifies the webhook before it answers; a 200 that reports the
// subscription as not enabled is returned as an *APIError too.
func (c *Client) Subscribe(ctx context.Context, appID, event, webhookURL string) (*Subscription, error) {
	sub, err := c.patch(ctx, appID, event, true, webhookURL)
	if err != nil {
		return nil, err
	}
	if !sub.Enabled {
		return nil, &APIError{
			Operation:  "subscribe",
			StatusCode: http.StatusOK,
			Message:    "CINNOX answered that the subscription is not enabled (result.enabled is false)",
			NotEnabled: true,
		}
	}
	return sub, nil
}

// Unsubscribe disables the subscription of event on appID. The API requires
// the webhook URL here too.
func (c *Client) Unsubscribe(ctx context.Context, appID, event, webhookURL string) (*Subscription, error) {
	sub, err := c.patch(ctx, appID, event, false, webhookURL)
	if err != nil {
		return nil, err
	}
	if sub.Enabled {
		return nil, &APIError{
			Operation:  "unsubscribe",
			StatusCode: http.StatusOK,
			Message:    "CINNOX answered that the subscription is still enabled (result.enabled is true)",
		}
	}
	return sub, nil
}

type patchBody struct {
	Enabled bool   `json:"enabled"`
	URL     string `json:"url"`
}

// envelope covers both answer shapes: {"code","result"} and {"code","message"}.
type envelope struct {
	Code    *int64 `json:"code"`
	Message string `json:"message"`
}

// subscriptionAnswer is an envelope with the result of a subscription
// call, decoded in one pass. It repeats envelope's fields rather than
// embedding it, so that a type error names its field as the body does
// ("code", "result.enabled"), which decode tells apart.
type subscriptionAnswer struct {
	Code    *int64        `json:"code"`
	Message string        `json:"message"`
	Result  *Subscription `json:"result"`
}

func (c *Client) patch(ctx context.Context, appID, event string, enabled bool, webhookURL string) (*Subscription, error) {
	op := "unsubscribe"
	if enabled {
		op = "subscribe"
	}
	if err := CheckAppID(appID); err != nil {
		return nil, &RequestError{Operation: op, Err: fmt.Errorf("app ID %q %w; nothing was sent", appID, err)}
	}
	trace := newCallTrace(c.secret, webhookURL)
	ctx = withTrace(ctx, trace)
	req, err := c.request(ctx, SubscriptionPath(appID, event), patchBody{Enabled: enabled, URL: webhookURL})
	if err != nil {
		return nil, err
	}
	resp, err := c.retrying(ctx).Do(req)
	if err != nil {
		return nil, c.callFailed(ctx, op, trace, err)
	}
	defer func() { _ = resp.Body.Close() }()
	return decodeAnswer(op, trace, resp, webhookURL, req.URL.String())
}

// request builds the PATCH of body to path.
func (c *Client) request(ctx context.Context, path string, body patchBody) (*retryablehttp.Request, error) {
	raw, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodPatch, c.base+path, raw)
	if err != nil {
		return nil, fmt.Errorf("cinnox: building request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	return req, nil
}

// callFailed is the *RequestError of a call that got no answer to decode.
// ctx is the call's, with its trace.
func (c *Client) callFailed(ctx context.Context, op string, trace *callTrace, err error) error {
	sent, uncertain, last := trace.result()
	if ctxErr := ctx.Err(); ctxErr != nil {
		// Stopped or out of time: say so, with what the last attempt got.
		err = ctxErr
		if last != "" && last != ctxErr.Error() {
			err = &endedError{err: ctxErr, last: last}
		}
	}
	if host, ok := unresolved(err); ok {
		err = &hostError{host: host, err: err}
	} else if connectionRefused(err) && !c.answered.Load() {
		err = &hostError{host: c.host, refused: true, tried: trace.effort().String(), err: err}
	}
	return &RequestError{Operation: op, Err: trace.redactor(c.secret).err(err), Sent: sent, MayHaveTakenEffect: uncertain,
		Effort: trace.effort(), LastAnswered: trace.lastAnswered()}
}

// decodeAnswer decodes the answer of a call to requestURL into the
// Subscription CINNOX holds, or an error.
func decodeAnswer(op string, trace *callTrace, resp *http.Response, webhookURL, requestURL string) (*Subscription, error) {
	sent, uncertain, _ := trace.result()
	raw, err := io.ReadAll(resp.Body) // read and capped by the attempter
	if err != nil {
		return nil, &RequestError{Operation: op, Err: fmt.Errorf("reading the response: %w", err), Sent: sent, MayHaveTakenEffect: true}
	}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		return nil, redirectError(op, resp)
	}
	sub, err := decode(op, resp.StatusCode, raw)
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		redact := trace.redactor(nil)
		apiErr.MayHaveTakenEffect = uncertain
		apiErr.Message = redact.string(apiErr.Message)
		apiErr.Effort = trace.effort()
		apiErr.Request = http.MethodPatch + " " + redact.string(requestURL)
	}
	if err == nil && sub.URL != "" && sub.URL != webhookURL {
		// CINNOX holds another URL than the one sent: say which, and
		// treat the subscription as possibly changed.
		return nil, &APIError{Operation: op, StatusCode: resp.StatusCode, MayHaveTakenEffect: true, Message: fmt.Sprintf(
			"CINNOX answered that the subscription is enabled=%v for another url (%s) than the one sent",
			sub.Enabled, truncate(DisplayURL(sub.URL), maxSnippet))}
	}
	return sub, err
}

// redirectError describes a 3xx answer: base_url points at an address that
// redirects, which the client does not follow.
func redirectError(op string, resp *http.Response) error {
	location := resp.Header.Get("Location")
	if location == "" {
		return &APIError{Operation: op, StatusCode: resp.StatusCode, Redirect: true,
			Message: "base_url answers with a redirect without a Location; nothing was sent elsewhere"}
	}
	if u, err := resp.Request.URL.Parse(location); err == nil {
		location = u.String()
	}
	// Suggest the base of the address it points to: without the API path.
	suggest := location
	if i := strings.Index(suggest, "/v1/api/apps/"); i >= 0 {
		suggest = suggest[:i]
	}
	return &APIError{Operation: op, StatusCode: resp.StatusCode, Redirect: true, RedirectTo: truncate(suggest, maxSnippet),
		Message: fmt.Sprintf("base_url answers %d, a redirect to %s; it was not followed and nothing was sent there",
			resp.StatusCode, truncate(location, maxSnippet))}
}

// decode turns a response into a Subscription or an *APIError, in one pass
// over the body.
func decode(op string, status int, raw []byte) (*Subscription, error) {
	fail := func(msg string) error {
		return &APIError{Operation: op, StatusCode: status, Message: msg}
	}
	if len(raw) > MaxResponseBytes {
		return nil, fail(fmt.Sprintf("response body larger than %d bytes", MaxResponseBytes))
	}
	var ans subscriptionAnswer
	err := json.Unmarshal(raw, &ans)
	// encoding/json decodes the rest of an object past a field of the
	// wrong type, and returns the first such error: one in the result
	// leaves code and message decoded.
	var typeErr *json.UnmarshalTypeError
	inResult := errors.As(err, &typeErr) && (typeErr.Field == "result" || strings.HasPrefix(typeErr.Field, "result."))
	if (err != nil && !inResult) || ans.Code == nil {
		what := "response is not a CINNOX JSON answer"
		switch {
		case len(bytes.TrimSpace(raw)) == 0:
			what = "response body is empty"
		case typeErr != nil && typeErr.Field == "code":
			what = "response has a code that is not a number"
		}
		return nil, fail(what + ": " + snippet(raw))
	}
	if status < 200 || status > 299 || *ans.Code != 0 {
		msg := truncate(strings.TrimSpace(ans.Message), maxMessage)
		if msg == "" {
			msg = "(no message)"
		}
		return nil, &APIError{Operation: op, StatusCode: status, Code: *ans.Code, Message: msg}
	}
	if inResult {
		return nil, fail("response result has an unexpected shape: " + snippet(raw))
	}
	if ans.Result == nil {
		return nil, fail("response has no result: " + snippet(raw))
	}
	return ans.Result, nil
}

// maxSnippet is how much of a body an error message quotes, and
// maxMessage how much of a server's message it carries.
const (
	maxSnippet = 200
	maxMessage = 500
)

// snippet quotes the start of a body for an error message.
func snippet(raw []byte) string {
	s := strings.TrimSpace(string(raw))
	if s == "" {
		return "(empty)"
	}
	return truncate(strconv.Quote(truncate(s, maxSnippet)), maxSnippet+20)
}

// truncate shortens s to at most n bytes without splitting a character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := 0
	for i := range s {
		if i > n {
			break
		}
		cut = i
	}
	return s[:cut] + "…"
}
