// Package cinnoxmock is a stand-in for the CINNOX Open API's webhook event
// subscription endpoints, for the provider's acceptance tests and for the
// demo. It behaves as the API documentation describes:
//
//   - PATCH /v1/api/apps/{app_id}/{event}-event-sub with a bearer token and a
//     body of exactly {"enabled": bool, "url": string};
//   - before it enables a subscription it verifies the webhook: it POSTs
//     {"challenge": "<random>"} to the URL and requires HTTP 200 with
//     {"code": 0, "result": {"challenge": "<the same string>"}};
//   - answers {"code": 0, "result": {...}} or {"code": N, "message": "..."};
//   - keeps one subscription per event type per app.
//
// It records every request (never the token) so tests can assert on them.
package cinnoxmock

import (
	"bytes"
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cinnox/terraform-provider-cinnox/internal/events"
)

// Codes the mock answers with, as documented by CINNOX.
const (
	CodeBadParameter    = 6451000
	CodeTooManyRequests = 6451010
	CodeNotFound        = 6450001
)

// DocumentedEvents are the event path segments the CINNOX API documents
// (events.All), mapped to whether the endpoint returns updatedAt.
var DocumentedEvents = documentedEvents()

func documentedEvents() map[string]bool {
	m := make(map[string]bool, len(events.All))
	for _, t := range events.All {
		m[t.Segment] = t.ReturnsUpdatedAt
	}
	return m
}

// Options configure a Server.
type Options struct {
	// Token is the App Token the server accepts. Required.
	Token string
	// OtherTokens are accepted too, as CINNOX accepts both the old and the
	// new token while one is rotated.
	OtherTokens []string
	// Events maps the event path segments served to whether the endpoint
	// returns updatedAt. Nil means DocumentedEvents.
	Events map[string]bool
	// SkipVerification turns the webhook challenge off.
	SkipVerification bool
	// RejectAsDisabled makes a failed webhook challenge answer 200 with
	// result.enabled = false instead of HTTP 400 (the API documents both
	// "enabled is false when it fails" and a failed PATCH).
	RejectAsDisabled bool
	// VerboseRefusals adds to the message of a failed webhook challenge
	// what the webhook did, quoting its URL, as a proxy or a chattier
	// CINNOX might: "webhook unreachable: Post \"https://...\": ...".
	VerboseRefusals bool
	// ChallengeTimeout bounds a webhook challenge; zero means 5 seconds.
	ChallengeTimeout time.Duration
	// Faults inject transient failures into a share of the API requests.
	Faults Faults
	// RateLimit, when set, answers 6451010 past a number of requests in a
	// window.
	RateLimit RateLimit
	// Delay holds every API answer back this long after the request took
	// effect, as a busy CINNOX would: the change stays made when the client
	// goes away before the answer. SetDelay changes it.
	Delay time.Duration
	// HoldUnsubscribe holds every unsubscribe this long before it takes
	// effect, as a CINNOX busy with other work would: a subscribe sent
	// after it can take effect first. SetHoldUnsubscribe changes it.
	HoldUnsubscribe time.Duration
}

// Subscription is the server-side state of one event subscription.
type Subscription struct {
	AppID     string    `json:"app_id"`
	Event     string    `json:"event"`
	Enabled   bool      `json:"enabled"`
	URL       string    `json:"url"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Request is one request the server received, as recorded for tests.
type Request struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	AppID  string `json:"app_id,omitempty"`
	Event  string `json:"event,omitempty"`
	// Authorized is whether the bearer token matched, and Token which of
	// the tokens accepted it was: 0 for Options.Token, i for
	// Options.OtherTokens[i-1] (the token itself is not recorded).
	Authorized bool `json:"authorized"`
	Token      int  `json:"token"`
	// Header holds the request headers, Authorization removed.
	Header http.Header `json:"-"`
	// Body is the raw request body.
	Body string `json:"body"`
	// Status and Code are what the server answered.
	Status int   `json:"status"`
	Code   int64 `json:"code"`
	// Note says why a request was refused, e.g. what the webhook answered
	// to the challenge.
	Note string `json:"note,omitempty"`
	// Arrived and Answered are when the request arrived and when the
	// server was done with it, for tests of what overlapped.
	Arrived  time.Time `json:"-"`
	Answered time.Time `json:"-"`
}

// Server is the mock CINNOX API. Create it with New; it is an http.Handler.
type Server struct {
	opts     Options
	client   *http.Client
	receiver *Receiver

	mu         sync.Mutex
	subs       map[string]*Subscription // key: appID + "\x00" + event
	requests   []Request
	deliveries []Delivery
	rng        *rand.Rand
	arrivals   []time.Time
	arrived    int
	refusals   int
}

// authorized reports whether an Authorization header carries a token the
// server accepts, and which (see Request.Token).
func (s *Server) authorized(header string) (bool, int) {
	for i, token := range append([]string{s.opts.Token}, s.opts.OtherTokens...) {
		if header == "Bearer "+token {
			return true, i
		}
	}
	return false, 0
}

// New returns a Server for opts.
func New(opts Options) *Server {
	if opts.Events == nil {
		opts.Events = DocumentedEvents
	}
	if opts.ChallengeTimeout == 0 {
		opts.ChallengeTimeout = 5 * time.Second
	}
	return &Server{
		opts: opts,
		client: &http.Client{
			Timeout: opts.ChallengeTimeout,
			// A webhook must answer the challenge itself.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		subs:     map[string]*Subscription{},
		receiver: &Receiver{},
	}
}

func key(appID, event string) string { return appID + "\x00" + event }

// Subscription returns the state of one subscription, and whether the
// server has ever seen it.
func (s *Server) Subscription(appID, event string) (Subscription, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sub, ok := s.subs[key(appID, event)]
	if !ok {
		return Subscription{}, false
	}
	return *sub, true
}

// Subscriptions returns every subscription the server holds, sorted by app
// and event.
func (s *Server) Subscriptions() []Subscription {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Subscription, 0, len(s.subs))
	for _, sub := range s.subs {
		out = append(out, *sub)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].AppID != out[j].AppID {
			return out[i].AppID < out[j].AppID
		}
		return out[i].Event < out[j].Event
	})
	return out
}

// Seed sets a subscription directly, as if it had been made outside
// Terraform.
func (s *Server) Seed(sub Subscription) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sub.UpdatedAt.IsZero() {
		sub.UpdatedAt = time.Now().UTC()
	}
	s.subs[key(sub.AppID, sub.Event)] = &sub
}

// Requests returns a copy of the requests received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// ResetRequests forgets the recorded requests.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

// ServeHTTP implements the subscription endpoints, and the mock's own
// endpoints under /mock/.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.serveControl(w, r) {
		return
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	rec := Request{
		Method:  r.Method,
		Path:    r.URL.Path,
		Header:  r.Header.Clone(),
		Body:    string(body),
		Arrived: time.Now(),
	}
	rec.Header.Del("Authorization")
	rec.Authorized, rec.Token = s.authorized(r.Header.Get("Authorization"))
	defer func() {
		rec.Answered = time.Now()
		s.mu.Lock()
		s.requests = append(s.requests, rec)
		s.mu.Unlock()
	}()

	s.mu.Lock()
	s.arrived++
	delay, faults, hold := s.opts.Delay, s.opts.Faults, s.opts.HoldUnsubscribe
	s.mu.Unlock()
	if s.overLimit(time.Now()) {
		rec.Note = "rate limit exceeded"
		rec.Status, rec.Code = http.StatusTooManyRequests, CodeTooManyRequests
		writeJSON(w, rec.Status, failure(CodeTooManyRequests, "Too many requests"))
		return
	}
	fault := s.pickFault(faults)
	if s.injectBefore(w, fault, &rec) {
		return
	}

	unsubscribe := isUnsubscribe(body)
	if unsubscribe && s.refuseUnsubscribe() {
		rec.Note = "unsubscribe refused (RefuseUnsubscribes)"
		rec.Status, rec.Code = http.StatusBadRequest, CodeBadParameter
		writeJSON(w, rec.Status, failure(CodeBadParameter, "Unsubscribe refused"))
		return
	}
	if hold > 0 && unsubscribe && !wait(r, hold) {
		rec.Note = "client went away while the unsubscribe was held (it took no effect)"
		return
	}
	s.answer(w, r, body, &rec, fault, delay)
}

// answer handles a subscription request that got past the rate limit and
// the faults injected before it, and writes the answer: dropped for
// FaultDropAfter, after delay for the others.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, body []byte, rec *Request, fault Fault, delay time.Duration) {
	status, answer := s.handle(r.Context(), r, body, rec)
	rec.Status = status
	if code, ok := answer["code"].(int64); ok {
		rec.Code = code
	}
	if fault == FaultDropAfter {
		rec.Note = "injected fault: " + string(fault) + " (the request took effect)"
		drop(w)
		return
	}
	if delay > 0 && !wait(r, delay) {
		rec.Note = "client went away before the delayed answer (the request took effect)"
		return
	}
	writeJSON(w, status, answer)
}

// wait waits for d, and reports false if the client went away first.
func wait(r *http.Request, d time.Duration) bool {
	select {
	case <-time.After(d):
		return true
	case <-r.Context().Done():
		return false
	}
}

// SetDelay changes Options.Delay for the requests that arrive from now on.
func (s *Server) SetDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.Delay = d
}

// SetHoldUnsubscribe changes Options.HoldUnsubscribe for the requests that
// arrive from now on.
func (s *Server) SetHoldUnsubscribe(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.HoldUnsubscribe = d
}

// RefuseUnsubscribes makes the next n unsubscribes fail with HTTP 400 and
// take no effect, as a CINNOX that refuses a destroy would.
func (s *Server) RefuseUnsubscribes(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refusals = n
}

// refuseUnsubscribe reports whether to refuse this unsubscribe (see
// RefuseUnsubscribes), counting it.
func (s *Server) refuseUnsubscribe() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.refusals <= 0 {
		return false
	}
	s.refusals--
	return true
}

// isUnsubscribe reports whether a request body asks to unsubscribe.
func isUnsubscribe(body []byte) bool {
	req, err := parseBody(body)
	return err == nil && !req.Enabled
}

// SetFaults changes Options.Faults for the requests that arrive from now on.
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.Faults = f
}

// Arrived is how many API requests have arrived, answered or not yet.
func (s *Server) Arrived() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.arrived
}

func failure(code int64, msg string) map[string]any {
	return map[string]any{"code": code, "message": msg}
}

func (s *Server) handle(ctx context.Context, r *http.Request, body []byte, rec *Request) (int, map[string]any) {
	appID, event, ok := s.route(r.URL.EscapedPath())
	if !ok || r.Method != http.MethodPatch {
		rec.Note = "no such endpoint"
		return http.StatusNotFound, failure(CodeNotFound, "Method or URL not found.")
	}
	rec.AppID, rec.Event = appID, event
	if !rec.Authorized {
		rec.Note = "missing or wrong bearer token"
		return http.StatusUnauthorized, failure(CodeBadParameter, "Unauthorized.")
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		rec.Note = "Content-Type is " + ct
		return http.StatusBadRequest, failure(CodeBadParameter, "Wrong request parameter: Content-Type must be application/json.")
	}
	req, err := parseBody(body)
	if err != nil {
		rec.Note = err.Error()
		return http.StatusBadRequest, failure(CodeBadParameter, "Wrong request parameter: "+err.Error())
	}

	if req.Enabled && !s.opts.SkipVerification {
		if err := s.verify(ctx, req.URL); err != nil {
			rec.Note = "webhook verification failed: " + err.Error()
			if s.opts.RejectAsDisabled {
				return http.StatusOK, s.result(event, false, req.URL, time.Now().UTC())
			}
			msg := "Webhook URL verification failed."
			if s.opts.VerboseRefusals {
				msg = "Webhook URL verification failed: " + err.Error()
			}
			return http.StatusBadRequest, failure(CodeBadParameter, msg)
		}
	}

	now := time.Now().UTC()
	s.mu.Lock()
	s.subs[key(appID, event)] = &Subscription{AppID: appID, Event: event, Enabled: req.Enabled, URL: req.URL, UpdatedAt: now}
	s.mu.Unlock()
	return http.StatusOK, s.result(event, req.Enabled, req.URL, now)
}

func (s *Server) result(event string, enabled bool, url string, at time.Time) map[string]any {
	res := map[string]any{"enabled": enabled, "url": url}
	if s.opts.Events[event] {
		res["updatedAt"] = at.Format("2006-01-02T15:04:05.000Z07:00")
	}
	return map[string]any{"code": int64(0), "result": res}
}

// route splits /v1/api/apps/{app_id}/{event}-event-sub.
func (s *Server) route(escapedPath string) (appID, event string, ok bool) {
	rest, found := strings.CutPrefix(escapedPath, "/v1/api/apps/")
	if !found {
		return "", "", false
	}
	rawApp, rawEndpoint, found := strings.Cut(rest, "/")
	if !found || rawApp == "" {
		return "", "", false
	}
	appID, err := url.PathUnescape(rawApp)
	if err != nil {
		return "", "", false
	}
	event, found = strings.CutSuffix(rawEndpoint, "-event-sub")
	if !found {
		return "", "", false
	}
	if _, known := s.opts.Events[event]; !known {
		return "", "", false
	}
	return appID, event, true
}

type patchRequest struct {
	Enabled bool
	URL     string
}

// parseBody requires exactly {"enabled": bool, "url": string} with an
// absolute http(s) URL.
func parseBody(body []byte) (patchRequest, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return patchRequest{}, errors.New("body is not a JSON object")
	}
	var req patchRequest
	rawEnabled, ok := fields["enabled"]
	if !ok {
		return req, errors.New("enabled is required")
	}
	if err := json.Unmarshal(rawEnabled, &req.Enabled); err != nil || string(rawEnabled) == "null" {
		return req, errors.New("enabled must be a boolean")
	}
	rawURL, ok := fields["url"]
	if !ok {
		return req, errors.New("url is required")
	}
	if err := json.Unmarshal(rawURL, &req.URL); err != nil || string(rawURL) == "null" {
		return req, errors.New("url must be a string")
	}
	for name := range fields {
		if name != "enabled" && name != "url" {
			return req, fmt.Errorf("unknown field %q", name)
		}
	}
	u, err := url.Parse(req.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return req, errors.New("url must be an absolute http or https URL")
	}
	return req, nil
}

// verify sends the webhook challenge to target, as CINNOX does.
func (s *Server) verify(ctx context.Context, target string) error {
	challenge := newChallenge()
	payload, _ := json.Marshal(map[string]string{"challenge": challenge})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(payload))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("webhook unreachable: %w", err)
	}
	defer func() { _ = resp.Body.Close() }()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("webhook answered HTTP %d", resp.StatusCode)
	}
	var answer struct {
		Code   *int64 `json:"code"`
		Result struct {
			Challenge string `json:"challenge"`
		} `json:"result"`
	}
	if err := json.Unmarshal(raw, &answer); err != nil || answer.Code == nil {
		return fmt.Errorf("webhook answer is not a JsonResponse: %.100q", raw)
	}
	if *answer.Code != 0 {
		return fmt.Errorf("webhook answered code %d", *answer.Code)
	}
	if answer.Result.Challenge != challenge {
		return fmt.Errorf("webhook echoed challenge %q, want %q", answer.Result.Challenge, challenge)
	}
	return nil
}

func newChallenge() string {
	b := make([]byte, 16)
	_, _ = crand.Read(b)
	return hex.EncodeToString(b)
}
