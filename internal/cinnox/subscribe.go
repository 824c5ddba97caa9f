package cinnox

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// CheckMode says when a Subscriber sends the webhook challenge itself.
type CheckMode string

const (
	// CheckOnFailure checks a webhook after CINNOX refused it: to say why,
	// and to wait for one that is not ready yet.
	CheckOnFailure CheckMode = "on_failure"
	// CheckBefore checks a webhook before every subscribe, and waits for
	// one that is not ready yet before anything is sent to CINNOX.
	CheckBefore CheckMode = "before"
	// CheckOff never checks.
	CheckOff CheckMode = "off"
)

// Defaults for Subscriber.
const (
	DefaultReadyTimeout = 1 * time.Minute
	DefaultReadyWaitMin = 1 * time.Second
	DefaultReadyWaitMax = 10 * time.Second
	// NotFoundWait is the longest a Subscriber waits for an endpoint that
	// answers HTTP 404: a route still being deployed answers so for
	// seconds, a typo in the URL's path for ever.
	NotFoundWait = 15 * time.Second
)

// Subscriber subscribes webhooks the way a user wants it done: CINNOX
// verifies a webhook the moment it is subscribed, and an endpoint deployed a
// moment ago may not answer yet. When CINNOX refuses a webhook, the
// Subscriber sends the challenge itself (Checker); while the endpoint is not
// ready yet (WebhookProblem.NotReady), it checks again with backoff, for at
// most ReadyTimeout, and once the endpoint answers correctly it asks CINNOX
// once more. Checks spend nothing of the CINNOX rate limit.
type Subscriber struct {
	Client  *Client
	Checker *WebhookChecker
	Mode    CheckMode
	// ReadyTimeout bounds the wait for a webhook that is not ready; 0
	// means no wait. The caller's context bounds it too.
	ReadyTimeout time.Duration
	// ReadyWaitMin and ReadyWaitMax bound the backoff between checks; 0
	// means the defaults. NotFoundWait bounds the wait for an endpoint
	// that answers 404 (within ReadyTimeout); 0 means NotFoundWait.
	ReadyWaitMin, ReadyWaitMax, NotFoundWait time.Duration
	// Log receives a debug entry for every check made while waiting.
	Log LogFunc
}

// WebhookError is a subscribe that failed over its webhook.
type WebhookError struct {
	// Refusal is CINNOX's answer (an *APIError), nil when nothing was sent
	// to CINNOX (the check before subscribing failed).
	Refusal error
	// Problem is what the last check from here found; nil when the
	// endpoint answered it correctly, or was not checked.
	Problem *WebhookProblem
	// Checked is whether the endpoint was checked from here.
	Checked bool
	// Waited is how long the Subscriber waited for the endpoint to become
	// ready, and WaitRanOut whether it stopped waiting because
	// ReadyTimeout (or the caller's context) ran out.
	Waited     time.Duration
	WaitRanOut bool
}

func (e *WebhookError) Error() string {
	if e.Refusal != nil {
		return e.Refusal.Error()
	}
	return "webhook check failed: " + e.Problem.Error()
}

func (e *WebhookError) Unwrap() error { return e.Refusal }

// RefusedWebhook reports whether CINNOX refused a subscription in a way a
// failed webhook verification explains: a parameter error, or a 200 that
// did not enable it.
func RefusedWebhook(err error) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	return apiErr.NotEnabled || apiErr.Code == CodeBadParameter && apiErr.StatusCode == http.StatusBadRequest
}

// Subscribe subscribes webhookURL to event on appID, checking and waiting
// for the webhook as the Mode says. A webhook failure is a *WebhookError
// that wraps CINNOX's refusal, if there was one.
func (s *Subscriber) Subscribe(ctx context.Context, appID, event, webhookURL string) (*Subscription, error) {
	if s.Mode == CheckBefore {
		problem, waited, ranOut := s.waitReady(ctx, webhookURL)
		if problem != nil {
			return nil, &WebhookError{Problem: problem, Checked: true, Waited: waited, WaitRanOut: ranOut}
		}
		sub, err := s.Client.Subscribe(ctx, appID, event, webhookURL)
		if RefusedWebhook(err) {
			return nil, &WebhookError{Refusal: err, Checked: true, Waited: waited}
		}
		return sub, err
	}

	sub, err := s.Client.Subscribe(ctx, appID, event, webhookURL)
	if !RefusedWebhook(err) || s.Mode != CheckOnFailure || ctx.Err() != nil {
		return sub, err
	}
	problem, waited, ranOut := s.waitReady(ctx, webhookURL)
	if problem != nil || s.ReadyTimeout <= 0 || ctx.Err() != nil {
		return nil, &WebhookError{Refusal: err, Problem: problem, Checked: true, Waited: waited, WaitRanOut: ranOut}
	}
	// The endpoint answers the challenge now (it may have been cold, or not
	// deployed, when CINNOX asked): ask CINNOX once more.
	sub, err = s.Client.Subscribe(ctx, appID, event, webhookURL)
	if RefusedWebhook(err) {
		return nil, &WebhookError{Refusal: err, Checked: true, Waited: waited}
	}
	return sub, err
}

// waitReady checks the webhook and, while it is not ready yet, checks it
// again with backoff for at most ReadyTimeout. It returns the last problem
// (nil when the endpoint answered correctly), how long it waited, and
// whether it stopped because the time ran out.
func (s *Subscriber) waitReady(ctx context.Context, webhookURL string) (*WebhookProblem, time.Duration, bool) {
	start := time.Now()
	problem := s.Checker.Check(ctx, webhookURL)
	if problem == nil || !problem.NotReady() || s.ReadyTimeout <= 0 {
		return problem, 0, false
	}
	lo, hi := s.ReadyWaitMin, s.ReadyWaitMax
	if lo <= 0 {
		lo = DefaultReadyWaitMin
	}
	if hi <= 0 {
		hi = DefaultReadyWaitMax
	}
	notFoundWait := s.NotFoundWait
	if notFoundWait <= 0 {
		notFoundWait = NotFoundWait
	}
	wait := lo
	for attempt := 1; ; attempt++ {
		limit := s.ReadyTimeout
		if problem.NotFound() {
			limit = min(limit, notFoundWait)
		}
		left := time.Until(start.Add(limit))
		if left <= 0 {
			return problem, time.Since(start), true
		}
		wait = min(wait, left)
		if s.Log != nil {
			s.Log(ctx, "webhook not ready yet; checking again", map[string]any{
				"url": DisplayURL(webhookURL), "check": attempt, "answer": problem.Found, "next_check_in": wait.String(),
			})
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return problem, time.Since(start), true
		case <-timer.C:
		}
		problem = s.Checker.Check(ctx, webhookURL)
		if problem == nil || !problem.NotReady() {
			return problem, time.Since(start), false
		}
		wait = min(2*wait, hi)
	}
}
