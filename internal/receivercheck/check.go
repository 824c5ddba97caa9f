// Package receivercheck does to a webhook receiver what CINNOX does: the
// verification challenge, judged by the provider's own webhook check, then
// the mock's sample notifications (cinnox-mock check-receiver).
package receivercheck

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnox"
	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
	"github.com/cinnox/terraform-provider-cinnox/internal/events"
)

// Events are the event types CINNOX notifies (events.All), in the order a
// receiver check sends their sample notifications.
var Events = events.Segments()

// Step is one request of a receiver check: what was sent, what came back,
// and, when it failed, what the receiver must answer instead.
type Step struct {
	Name string // "challenge", or the event type of a notification
	Sent string
	Got  string
	OK   bool
	Todo string // what the receiver must answer, when !OK
}

// What a receiver must answer to a notification, by what went wrong.
// CINNOX documents no body for the answer.
const (
	NotificationAnswer = "It must answer a notification with an HTTP 2xx status (CINNOX documents no body for the answer)."
	NoAnswer           = "It must answer every notification, within the timeout, with an HTTP 2xx status."
	EchoOnlyChallenges = "It must answer with a challenge echo only a request whose body carries a challenge alone, " +
		"and every other request with an HTTP 2xx status."
)

// Run does to the webhook at url what CINNOX does: it sends the
// verification challenge, judged by the provider's own webhook check, and,
// when the receiver answered it correctly, one sample notification of each
// of events (Events when empty), each request bounded by timeout. It
// returns one Step per request sent.
func Run(ctx context.Context, url string, events []string, timeout time.Duration) ([]Step, error) {
	if len(events) == 0 {
		events = Events
	}
	for _, event := range events {
		if _, err := cinnoxmock.SampleNotification(event, time.Now()); err != nil {
			return nil, fmt.Errorf("%w (the event types are %s)", err, strings.Join(Events, ", "))
		}
	}
	probe := cinnox.NewWebhookChecker(timeout, nil).Probe(ctx, url)
	challenge := Step{Name: "challenge", Sent: `{"challenge":"<random>"}`, OK: probe.Problem == nil}
	if challenge.OK {
		challenge.Got = fmt.Sprintf("It answered HTTP %d with the challenge echoed, as CINNOX requires.", probe.Status)
	} else {
		challenge.Got, challenge.Todo = sentence(probe.Problem.Found), cinnox.Expected
	}
	steps := []Step{challenge}
	if !challenge.OK {
		return steps, nil // CINNOX would not subscribe it, and send nothing more
	}
	client := &http.Client{Timeout: timeout}
	for _, event := range events {
		steps = append(steps, notify(ctx, client, url, event))
	}
	return steps, nil
}

// notify sends the sample notification of event to url and judges the
// answer.
func notify(ctx context.Context, client *http.Client, url, event string) Step {
	payload, _ := cinnoxmock.SampleNotification(event, time.Now())
	body, _ := json.Marshal(payload)
	step := Step{Name: event, Sent: "the sample " + event + " notification"}
	status, answer, err := cinnoxmock.Deliver(ctx, client, url, body)
	switch {
	case err != nil:
		step.Got, step.Todo = sentence("It did not answer: "+cinnox.DescribeWebhookError(err, url)), NoAnswer
	case status < 200 || status > 299:
		step.Got, step.Todo = fmt.Sprintf("It answered HTTP %d.", status), NotificationAnswer
	case echoesChallenge(answer):
		step.Got = fmt.Sprintf("It answered HTTP %d with a challenge echo: it took the notification for a verification "+
			"request (a staff-contact notification carries an empty challenge field of its own, beside type and message).", status)
		step.Todo = EchoOnlyChallenges
	default:
		step.OK, step.Got = true, fmt.Sprintf("It answered HTTP %d.", status)
	}
	return step
}

// sentence ends s with a full stop, if it has none.
func sentence(s string) string {
	if strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

// echoesChallenge reports whether an answer is a challenge echo:
// {"result": {"challenge": ...}}.
func echoesChallenge(answer []byte) bool {
	var echo struct {
		Result struct {
			Challenge *string `json:"challenge"`
		} `json:"result"`
	}
	return json.Unmarshal(answer, &echo) == nil && echo.Result.Challenge != nil
}
