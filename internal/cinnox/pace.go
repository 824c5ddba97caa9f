package cinnox

import "net/http"

// pacer is the request path's outer layer (see transport.go): it sends
// nothing once the caller's context has ended (Terraform asked the provider
// to stop, or the operation's timeout ran out), waits for the rate limiter
// before every attempt, retries included, and tells the limiter whether
// CINNOX answered, refused the attempt for its rate limit, or did not answer.
type pacer struct {
	next    http.RoundTripper
	limiter *windowLimiter
}

func (p *pacer) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if err := ctx.Err(); err != nil {
		return nil, err // stopped, or out of time: send nothing more
	}
	waited, done, err := p.limiter.Wait(ctx)
	if err != nil {
		return nil, err
	}
	result := unanswered
	defer func() { done(result) }()
	traceFrom(ctx).paced(waited)
	resp, err := p.next.RoundTrip(req)
	if err == nil {
		result = answered
		if rateLimited(resp.StatusCode, answerBytes(resp)) {
			result = refusedForRate
		}
	}
	return resp, err
}
