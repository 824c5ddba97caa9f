package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnox"
)

// opKind is the Terraform operation a request to CINNOX belongs to; it
// names the resource's timeouts key and decides what state holds after a
// failure:
//
//	             answer lost (may have taken effect)        refused, or never sent
//	create       saved with enabled = null: tainted,         nothing saved
//	             replaced (unsubscribe, subscribe) next
//	update       saved with enabled = null: the next         the prior state kept:
//	(and pause)  apply sends the request again               the next apply sends it
//	delete       kept in state: the next destroy sends       kept in state
//	             the request again
type opKind string

const (
	opCreate opKind = "create"
	opUpdate opKind = "update"
	opDelete opKind = "delete"
)

// failure is a failed request of an operation, for addFailure.
type failure struct {
	kind    opKind
	action  string // subscribe, pause, unsubscribe
	appID   string
	timeout time.Duration // the operation's
	err     error
	// finding is what the provider's own check of the webhook found, and
	// todo what to do about it; both "" when it was not checked.
	finding, todo string
}

// addFailure adds the error of a failed request: what failed and why, what
// Terraform now holds, and what to do. ctx is the operation's context: it
// tells an interrupted operation (Terraform asked the provider to stop) and
// one whose timeout ran out from a failure of CINNOX or the network.
func (r *subscriptionResource) addFailure(ctx context.Context, diags *diag.Diagnostics, f failure) {
	kind, timeout, err := f.kind, f.timeout, f.err
	what := fmt.Sprintf("%s %s events of CINNOX app %q", f.action, r.event.title, f.appID)
	uncertain := cinnox.MayHaveTakenEffect(err)
	var reqErr *cinnox.RequestError
	var requestTimeout time.Duration
	timedOut := false
	if errors.As(err, &reqErr) {
		requestTimeout, timedOut = reqErr.TimedOut()
	}

	var summary, cause, todo string
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		summary = "Interrupted: " + what
		cause = "Terraform asked the provider to stop (Ctrl-C, or a cancelled run) before CINNOX answered. " +
			"A request already sent was given time to finish; no new one was started."
		todo = "Run terraform apply again to finish."
		if kind == opDelete {
			todo = "Run terraform destroy (or apply) again to finish."
		}
	case errors.Is(ctx.Err(), context.DeadlineExceeded) && cinnox.EffortOf(err).RateLimited > 0:
		summary = "Timed out: " + what
		cause = fmt.Sprintf("timeouts.%s (%s) ran out while CINNOX kept refusing requests for its rate limit, which "+
			"every run and client of the account shares (500 requests a minute).", kind, duration(timeout))
		todo = fmt.Sprintf("Raise the resource's timeout, e.g. timeouts { %s = \"%s\" }, so that the provider waits "+
			"its turn for longer; or, when several runs share the account at once, lower requests_per_minute in each "+
			"(500 divided by the number of runs, e.g. 125 for four). Then run terraform %s again.",
			kind, duration(2*timeout), verb(kind))
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		summary = "Timed out: " + what
		cause = fmt.Sprintf("timeouts.%s (%s) ran out before CINNOX answered.", kind, duration(timeout))
		todo = fmt.Sprintf("The timeout covers every retry and any wait for the rate limit. If CINNOX is slow or "+
			"busy, raise it in the resource's timeouts block, e.g. timeouts { %s = \"%s\" }, and run terraform %s again.",
			kind, duration(2*timeout), verb(kind))
	case timedOut:
		summary = "Cannot " + what
		cause = fmt.Sprintf("No request got an answer within request_timeout (%s).", duration(requestTimeout))
		todo = "If CINNOX is slow rather than unreachable, raise request_timeout in the provider \"cinnox\" block " +
			"(or " + EnvRequestTimeout + "); otherwise check that base_url (or " + EnvBaseURL + ") is right and " +
			"that CINNOX can be reached from where Terraform runs. Then run terraform " + verb(kind) + " again."
	case f.todo != "":
		summary = "Cannot " + what
		todo = f.todo
	default:
		summary = "Cannot " + what
		todo = hint(err)
	}

	var b strings.Builder
	b.WriteString(err.Error())
	if cause != "" {
		b.WriteString("\n\n" + cause)
	}
	if f.finding != "" {
		b.WriteString("\n\n" + f.finding)
	}
	if held := holds(kind, uncertain); held != "" {
		b.WriteString("\n\n" + held)
	}
	b.WriteString("\n\n" + todo)
	diags.AddError(summary, b.String())
}

// holds says what Terraform keeps in state after a failed request, when it
// is more than "nothing changed".
func holds(kind opKind, uncertain bool) string {
	const unknown = "The outcome is unknown: a request reached CINNOX without a definitive answer (a dropped " +
		"connection, a timeout, a 5xx, or an answer about another url). "
	switch {
	case uncertain && kind == opCreate:
		return unknown + "CINNOX may have enabled the subscription, so Terraform keeps it in state, marked " +
			"tainted: the next terraform apply replaces it (unsubscribes, then subscribes again) and terraform " +
			"destroy unsubscribes it."
	case uncertain && kind == opUpdate:
		return unknown + "CINNOX may have made the change, so Terraform keeps the subscription in state with " +
			"enabled unknown (null): the next terraform apply sends the request again."
	case uncertain && kind == opDelete:
		return unknown + "CINNOX may have disabled the subscription, or not, so Terraform keeps it in state " +
			"with enabled unknown (null): the next terraform destroy (or apply) sends the request again."
	case kind == opCreate:
		return "CINNOX made no change, and Terraform saved nothing."
	case kind == opUpdate:
		return "CINNOX made no change: Terraform keeps the subscription as it was."
	default:
		return "Terraform keeps the subscription in state: the next terraform destroy sends the request again."
	}
}

func verb(kind opKind) string {
	if kind == opDelete {
		return "destroy"
	}
	return "apply"
}

// duration formats d as a user would write it: 5m, 30s, 1m30s.
func duration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
