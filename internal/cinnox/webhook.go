package cinnox

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-cleanhttp"
)

// Limits of a webhook check.
const (
	DefaultWebhookCheckTimeout = 10 * time.Second
	maxWebhookAnswer           = 64 << 10
	maxWebhookRedirects        = 3
)

// WebhookProblem is what a webhook check found wrong with an endpoint.
type WebhookProblem struct {
	// Kind is one of "unreachable", "status", "not_json_response",
	// "code", "wrong_echo".
	Kind string
	// Found says what the endpoint did, for a person.
	Found string
	// Challenge is the challenge that was sent.
	Challenge string
	// Status is the HTTP status the endpoint answered, 0 when it did not.
	Status int
	// notReady is set for what an endpoint that is still being deployed
	// answers: see NotReady.
	notReady bool
}

// NotReady reports whether the problem is one an endpoint shows while it is
// still being deployed, rather than a wrong answer: no connection (refused,
// reset, DNS not resolving, TLS not yet valid, a timeout), or HTTP 404, 502,
// 503 or 504 (a route or upstream not there yet; see NotFound for 404). A wrong echo, a body that
// is not a JsonResponse, a non-zero code and any other status (401 and 403
// among them) are wrong answers from an endpoint that is up.
func (p *WebhookProblem) NotReady() bool { return p.notReady }

// NotFound reports whether the endpoint answered HTTP 404: an endpoint
// still being deployed may, but so does a typo in the URL's path, so it is
// waited for only briefly (see Subscriber).
func (p *WebhookProblem) NotFound() bool { return p.Status == http.StatusNotFound }

func (p *WebhookProblem) Error() string {
	return p.Found + ". " + Expected
}

// Expected says what a webhook must answer to the CINNOX challenge. It is
// the same for every challenge, so that what a check reports is the same
// from run to run for the same endpoint.
const Expected = `It must answer a POST of {"challenge":"<random>"} with HTTP 200 and the body ` +
	`{"code":0,"result":{"challenge":"<the same string>"}}.`

// sentChallenge stands for the challenge a check sent, in what it reports.
const sentChallenge = "<the challenge sent>"

// WebhookChecker sends the CINNOX webhook challenge to an endpoint, as
// CINNOX does before it accepts a subscription, and says what is wrong with
// the answer. It never sends the app token: its requests carry nothing but
// the challenge.
type WebhookChecker struct {
	client *http.Client
}

// NewWebhookChecker returns a checker whose checks take at most timeout
// (0 means DefaultWebhookCheckTimeout). tlsConfig may be nil.
func NewWebhookChecker(timeout time.Duration, tlsConfig *tls.Config) *WebhookChecker {
	if timeout <= 0 {
		timeout = DefaultWebhookCheckTimeout
	}
	// A connection per check (cleanhttp's unpooled transport keeps none
	// alive): an endpoint being deployed may change address between two.
	transport := cleanhttp.DefaultTransport()
	transport.TLSClientConfig = tlsConfig
	transport.TLSHandshakeTimeout = timeout
	return &WebhookChecker{client: &http.Client{
		Timeout:   timeout,
		Transport: transport,
		// Follow a few redirects on the same host only.
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxWebhookRedirects {
				return fmt.Errorf("more than %d redirects", maxWebhookRedirects)
			}
			if req.URL.Host != via[0].URL.Host {
				return fmt.Errorf("redirected to another host (%s)", req.URL.Host)
			}
			return nil
		},
	}}
}

// WebhookProbe is the full result of a webhook check.
type WebhookProbe struct {
	// Problem is what was wrong, nil when the endpoint answered correctly.
	Problem *WebhookProblem
	// Status is the HTTP status the endpoint answered, 0 when it did not.
	Status int
	// Duration is how long the check took.
	Duration time.Duration
}

// Probe sends a challenge to webhookURL and reports what the endpoint
// answered and how long it took.
func (w *WebhookChecker) Probe(ctx context.Context, webhookURL string) WebhookProbe {
	start := time.Now()
	var status int
	problem := w.check(ctx, webhookURL, &status)
	return WebhookProbe{Problem: problem, Status: status, Duration: time.Since(start)}
}

// Check sends a challenge to webhookURL and returns nil when the endpoint
// answers it correctly.
func (w *WebhookChecker) Check(ctx context.Context, webhookURL string) *WebhookProblem {
	return w.Probe(ctx, webhookURL).Problem
}

func (w *WebhookChecker) check(ctx context.Context, webhookURL string, status *int) *WebhookProblem {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	c := checkReport{
		challenge: "terraform-check-" + hex.EncodeToString(b),
		// What the check reports never shows the URL's secrets.
		redact: (*redactor)(nil).withRules(urlRedactions(webhookURL)...),
	}
	payload, _ := json.Marshal(map[string]string{"challenge": c.challenge})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, webhookURL, bytes.NewReader(payload))
	if err != nil {
		return c.problem("unreachable", "The webhook URL cannot be requested: %v", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := w.client.Do(req)
	if err != nil {
		p := c.problem("unreachable", "The webhook could not be reached: %s", describeDialError(err))
		p.notReady = !isRedirectError(err)
		return p
	}
	defer func() { _ = resp.Body.Close() }()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, maxWebhookAnswer))
	*status = resp.StatusCode
	c.status = resp.StatusCode
	return c.answer(raw)
}

// checkReport says what one check found: its texts carry neither the
// challenge (see Expected) nor the URL's secrets.
type checkReport struct {
	challenge string
	redact    *redactor
	// status is what the endpoint answered, 0 before it did.
	status int
}

// problem is a finding: format is the checker's own words, args what the
// endpoint answered, from which the URL's secrets (a path segment too, so
// not the format's words) and the challenge are removed.
func (c checkReport) problem(kind, format string, args ...any) *WebhookProblem {
	for i, a := range args {
		if err, ok := a.(error); ok {
			a = err.Error()
		}
		if text, ok := a.(string); ok {
			args[i] = strings.ReplaceAll(c.redact.string(text), c.challenge, sentChallenge)
		}
	}
	return &WebhookProblem{Kind: kind, Found: fmt.Sprintf(format, args...), Challenge: c.challenge, Status: c.status}
}

// snippet is the start of a body the endpoint answered, for a finding, its
// secrets masked before it is quoted (quoting would escape them anew).
func (c checkReport) snippet(raw []byte) string {
	return snippet(c.redact.bytes(raw))
}

// answer is what is wrong with the endpoint's answer raw to the challenge,
// nil when it echoed it correctly.
func (c checkReport) answer(raw []byte) *WebhookProblem {
	if c.status != http.StatusOK {
		p := c.problem("status", "The webhook answered the challenge with HTTP %d (body: %s)", c.status, c.snippet(raw))
		switch c.status {
		case http.StatusNotFound, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			p.notReady = true
		}
		return p
	}
	var answer struct {
		Code   *int64          `json:"code"`
		Result json.RawMessage `json:"result"`
	}
	if err := json.Unmarshal(raw, &answer); err != nil || answer.Code == nil {
		return c.problem("not_json_response", "The webhook answered HTTP 200, but its body is not a CINNOX JsonResponse ({\"code\": ..., \"result\": ...}): %s", c.snippet(raw))
	}
	if *answer.Code != 0 {
		return c.problem("code", "The webhook answered with code %d; it must be 0", *answer.Code)
	}
	var echo struct {
		Challenge *string `json:"challenge"`
	}
	if err := json.Unmarshal(answer.Result, &echo); err != nil || echo.Challenge == nil {
		return c.problem("wrong_echo", "The webhook's answer has no result.challenge: %s", c.snippet(raw))
	}
	if *echo.Challenge != c.challenge {
		return c.problem("wrong_echo", "The webhook echoed %q instead of the challenge it was sent", truncate(*echo.Challenge, 100))
	}
	return nil
}

// isRedirectError reports whether err is a redirect the checker refused to
// follow: a wrong answer, not an endpoint that is not ready.
func isRedirectError(err error) bool {
	var urlErr *url.Error
	return errors.As(err, &urlErr) && strings.Contains(urlErr.Err.Error(), "redirect")
}

// describeDialError names the usual reasons a URL cannot be reached.
// DescribeWebhookError says, for a person, why a request to webhookURL got
// no answer, as the webhook check says it, with the URL's secrets removed.
func DescribeWebhookError(err error, webhookURL string) string {
	return (*redactor)(nil).withRules(urlRedactions(webhookURL)...).string(describeDialError(err))
}

func describeDialError(err error) string {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	var certErr *tls.CertificateVerificationError
	var recordErr tls.RecordHeaderError
	var urlErr *url.Error
	switch {
	case errors.As(err, &dnsErr):
		return fmt.Sprintf("DNS lookup of %q failed (%s)", dnsErr.Name, dnsErr.Err)
	case errors.As(err, &certErr):
		return "TLS error: the certificate is not trusted (" + certErr.Err.Error() + ")"
	case errors.As(err, &recordErr):
		return "TLS error: the server did not answer TLS (is the URL http:// rather than https://?)"
	case isTimeout(err):
		return "the request timed out"
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return "connection refused or failed (" + opErr.Err.Error() + ")"
	case errors.As(err, &urlErr) && strings.Contains(urlErr.Err.Error(), "redirect"):
		return urlErr.Err.Error()
	case strings.Contains(err.Error(), "tls:") || strings.Contains(err.Error(), "x509:"):
		return "TLS error: " + err.Error()
	}
	return err.Error()
}
