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
	"net/http"
	"net/url"
	"strings"
)

// MaxResponseBytes caps how much of a response body is read. Real answers are
// a few hundred bytes; anything larger is not a CINNOX answer.
const MaxResponseBytes = 1 << 20

// Config holds what a Client needs. BaseURL and Token are required.
type Config struct {
	// BaseURL is the account's Base URL, e.g. https://examplebaseURL.com.
	BaseURL string
	// Token is the App Token, sent as a bearer token. It is never logged or
	// put into an error.
	Token string
	// UserAgent is sent with every request.
	UserAgent string
	// HTTPClient is used for requests; nil means a client with default
	// settings.
	HTTPClient *http.Client
}

// Client calls the CINNOX Open API. It is safe for concurrent use.
type Client struct {
	base      string
	token     string
	userAgent string
	http      *http.Client
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
	hc := cfg.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Client{
		base:      strings.TrimRight(cfg.BaseURL, "/"),
		token:     cfg.Token,
		userAgent: cfg.UserAgent,
		http:      hc,
	}, nil
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
	Code    *int64          `json:"code"`
	Message string          `json:"message"`
	Result  json.RawMessage `json:"result"`
}

func (c *Client) patch(ctx context.Context, appID, event string, enabled bool, webhookURL string) (*Subscription, error) {
	op := "unsubscribe"
	if enabled {
		op = "subscribe"
	}
	body, err := json.Marshal(patchBody{Enabled: enabled, URL: webhookURL})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPatch, c.base+SubscriptionPath(appID, event), bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("cinnox: building request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}

	resp, err := c.http.Do(req)
	if err != nil {
		return nil, &RequestError{Operation: op, Err: err}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes+1))
	if err != nil {
		return nil, &RequestError{Operation: op, Err: fmt.Errorf("reading the response: %w", err)}
	}
	return decode(op, resp.StatusCode, raw)
}

// decode turns a response into a Subscription or an *APIError.
func decode(op string, status int, raw []byte) (*Subscription, error) {
	fail := func(msg string) error {
		return &APIError{Operation: op, StatusCode: status, Message: msg}
	}
	if len(raw) > MaxResponseBytes {
		return nil, fail(fmt.Sprintf("response body larger than %d bytes", MaxResponseBytes))
	}
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil || env.Code == nil {
		what := "response is not a CINNOX JSON answer"
		if len(bytes.TrimSpace(raw)) == 0 {
			what = "response body is empty"
		}
		return nil, fail(what + ": " + snippet(raw))
	}
	if status < 200 || status > 299 || *env.Code != 0 {
		msg := env.Message
		if msg == "" {
			msg = "(no message)"
		}
		return nil, &APIError{Operation: op, StatusCode: status, Code: *env.Code, Message: msg}
	}
	var sub Subscription
	if len(env.Result) == 0 || string(env.Result) == "null" {
		return nil, fail("response has no result: " + snippet(raw))
	}
	if err := json.Unmarshal(env.Result, &sub); err != nil {
		return nil, fail("response result has an unexpected shape: " + snippet(raw))
	}
	return &sub, nil
}

// snippet shortens a body for an error message.
func snippet(raw []byte) string {
	const max = 200
	s := strings.TrimSpace(string(raw))
	if s == "" {
		return "(empty)"
	}
	if len(s) > max {
		s = s[:max] + "…"
	}
	return fmt.Sprintf("%q", s)
}
