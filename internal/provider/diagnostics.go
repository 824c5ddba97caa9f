package provider

// Every error and warning the provider reports, each made by a named
// constructor: Terraform shows the summary, the detail says what failed
// (with the server's code and message), what state now holds, and what to
// do. Validators, Configure, plans and applies only choose which one.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnox"
)

// Failed requests.

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

// failure is a failed request of an operation, for requestFailed.
type failure struct {
	kind   opKind
	action string // subscribe, pause, unsubscribe
	// title names the event type, typeName the resource type, appID the
	// app.
	title, typeName, appID string
	timeout                time.Duration // the operation's
	err                    error
	// finding is what the provider's own check of the webhook found, and
	// todo what to do about it; both "" when it was not checked.
	finding, todo string
}

// requestFailed is the error of a failed request: what failed and why,
// what Terraform now holds, and what to do. ctx is the operation's context:
// it tells an interrupted operation (Terraform asked the provider to stop)
// and one whose timeout ran out from a failure of CINNOX or the network.
func requestFailed(ctx context.Context, f failure) diag.Diagnostic {
	summary, cause, todo := f.explain(ctx)
	var b strings.Builder
	b.WriteString(f.err.Error())
	if cause != "" {
		b.WriteString("\n\n" + cause)
	}
	if f.finding != "" {
		b.WriteString("\n\n" + f.finding)
	}
	if held := holds(f.kind, cinnox.MayHaveTakenEffect(f.err)); held != "" {
		b.WriteString("\n\n" + held)
	}
	b.WriteString("\n\n" + todo)
	return diag.NewErrorDiagnostic(summary, b.String())
}

// explain says what failed, why when the error does not say it, and what
// to do.
func (f failure) explain(ctx context.Context) (summary, cause, todo string) {
	kind, timeout := f.kind, f.timeout
	what := fmt.Sprintf("%s %s events of CINNOX app %q", f.action, f.title, f.appID)
	if kind == opDelete {
		what = unsubscribing(f.typeName, f.title, f.appID)
	}
	var reqErr *cinnox.RequestError
	var requestTimeout time.Duration
	timedOut := false
	if errors.As(f.err, &reqErr) {
		requestTimeout, timedOut = reqErr.TimedOut()
	}
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		todo = "Run terraform apply again to finish."
		if kind == opDelete {
			todo = "Run terraform destroy (or apply) again to finish."
		}
		return "Interrupted: " + what, "Terraform asked the provider to stop (Ctrl-C, or a cancelled run) before CINNOX " +
			"answered. A request already sent was given time to finish; no new one was started.", todo
	case errors.Is(ctx.Err(), context.DeadlineExceeded) && cinnox.EffortOf(f.err).RateLimited > 0:
		return "Timed out: " + what, fmt.Sprintf("timeouts.%s (%s) ran out while CINNOX kept refusing requests for its "+
				"rate limit, which every run and client of the account shares (500 requests a minute).", kind, duration(timeout)),
			fmt.Sprintf("Raise the resource's timeout, e.g. timeouts { %s = \"%s\" }, so that the provider waits "+
				"its turn for longer; or, when several runs share the account at once, lower requests_per_minute in each "+
				"(500 divided by the number of runs, e.g. 125 for four). Then run terraform %s again.",
				kind, duration(2*timeout), verb(kind))
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return "Timed out: " + what, fmt.Sprintf("timeouts.%s (%s) ran out before CINNOX answered.", kind, duration(timeout)),
			fmt.Sprintf("The timeout covers every retry and any wait for the rate limit. If CINNOX is slow or "+
				"busy, raise it in the resource's timeouts block, e.g. timeouts { %s = \"%s\" }, and run terraform %s again.",
				kind, duration(2*timeout), verb(kind))
	case timedOut:
		return "Cannot " + what, fmt.Sprintf("No request got an answer within request_timeout (%s).", duration(requestTimeout)),
			"If CINNOX is slow rather than unreachable, raise request_timeout in the provider \"cinnox\" block " +
				"(or " + EnvRequestTimeout + "); otherwise check that base_url (or " + EnvBaseURL + ") is right and " +
				"that CINNOX can be reached from where Terraform runs. Then run terraform " + verb(kind) + " again."
	case f.todo != "":
		return "Cannot " + what, "", f.todo
	}
	return "Cannot " + what, "", hint(f.err)
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

const challengeHelp = "CINNOX verifies a webhook before it accepts it: it POSTs {\"challenge\": \"<random>\"} " +
	"to the url, which must be reachable from the internet and answer HTTP 200 with " +
	"{\"code\": 0, \"result\": {\"challenge\": \"<the same string>\"}}."

// hint says what to do about an error from the CINNOX client.
func hint(err error) string {
	if _, ok := cinnox.RefusingHost(err); ok {
		return "Check base_url (or " + EnvBaseURL + "), its host and port, against the Base URL the CINNOX Web " +
			"Dashboard shows under Administration > Service Integration > API, then run terraform apply again."
	}
	if _, ok := cinnox.UnresolvedHost(err); ok {
		return "Check base_url (or " + EnvBaseURL + ") against the Base URL the CINNOX Web Dashboard shows under " +
			"Administration > Service Integration > API, then run terraform apply again."
	}
	var reqErr *cinnox.RequestError
	if errors.As(err, &reqErr) {
		return "Check that base_url (or " + EnvBaseURL + ") is right and that CINNOX can be reached from " +
			"where Terraform runs, then run terraform apply again."
	}
	var apiErr *cinnox.APIError
	if !errors.As(err, &apiErr) {
		return "Run terraform apply again; if it keeps failing, report it with the output of TF_LOG=DEBUG."
	}
	switch {
	case apiErr.Redirect && apiErr.RedirectTo != "":
		return "The CINNOX Open API does not redirect, so base_url (or " + EnvBaseURL + ") is not the Base URL of the " +
			"account. If " + apiErr.RedirectTo + " is the Base URL the CINNOX Web Dashboard shows under Administration > " +
			"Service Integration > API, set base_url to it; then run terraform apply again."
	case apiErr.Redirect:
		return "The CINNOX Open API does not redirect: set base_url (or " + EnvBaseURL + ") to the Base URL the CINNOX " +
			"Web Dashboard shows under Administration > Service Integration > API."
	case apiErr.NotEnabled:
		return "CINNOX did not enable the subscription; usually the webhook failed verification. " + challengeHelp +
			" Fix the endpoint, then run terraform apply again."
	case apiErr.StatusCode == http.StatusUnauthorized || apiErr.StatusCode == http.StatusForbidden:
		return "CINNOX refused the app token. Check app_token (or " + EnvAppToken + "): it must be the App Token " +
			"of this app, from the CINNOX Web Dashboard under Administration > Service Integration > API."
	case apiErr.Code == cinnox.CodeTooManyRequests || apiErr.StatusCode == http.StatusTooManyRequests:
		return "The account's rate limit (500 requests a minute) was exceeded. Wait a minute and run terraform apply again."
	case apiErr.Code == cinnox.CodeNotFound || apiErr.StatusCode == http.StatusNotFound:
		return "CINNOX does not know this address. Check base_url (or " + EnvBaseURL + ") and the app_id."
	case (apiErr.Code == cinnox.CodeBadParameter || apiErr.StatusCode == http.StatusBadRequest) && apiErr.Operation == "unsubscribe":
		// CINNOX verifies a webhook only when it enables a subscription.
		return "CINNOX refused to disable the subscription. Check that app_id is the App ID of this app and that " +
			"base_url (or " + EnvBaseURL + ") is right, then run terraform apply again."
	case apiErr.Code == cinnox.CodeBadParameter || apiErr.StatusCode == http.StatusBadRequest:
		return "CINNOX refused the request. The most common cause is a webhook that fails verification. " +
			challengeHelp + " Fix the endpoint or the url, then run terraform apply again."
	case apiErr.Code == cinnox.CodeInternalResponse || apiErr.StatusCode >= 500:
		return "CINNOX had a problem of its own. Run terraform apply again later."
	default:
		return "The answer was not what the CINNOX API documents. Check base_url (or " + EnvBaseURL +
			") points at the CINNOX Open API, then run terraform apply again."
	}
}

// webhookFinding says what the provider's own check of a refused webhook
// found, and what waiting for it did, and what to do about it; "" when it
// was not checked.
func webhookFinding(err error, rawURL string) (finding, todo string) {
	url := cinnox.DisplayURL(rawURL)
	var e *cinnox.WebhookError
	if !errors.As(err, &e) || !e.Checked {
		return "", ""
	}
	const unreachable = "Make the endpoint reachable from the internet, then run terraform apply again."
	switch {
	case e.Problem == nil && e.Waited > 0:
		return fmt.Sprintf("After %s the webhook answered a check from where Terraform runs correctly, but CINNOX "+
			"refused it again: CINNOX may not reach %s (a private network, a firewall?).", waited(e.Waited), url), unreachable
	case e.Problem == nil:
		return "A check from where Terraform runs got the right answer from " + url + ": CINNOX may not reach it " +
			"(a private network, a firewall?).", unreachable
	case e.WaitRanOut && e.Problem.NotFound():
		return fmt.Sprintf("Checked from where Terraform runs for %s: %s", waited(e.Waited), e.Problem.Error()),
			"Check the url's path (a typo gets a 404 for ever), then run terraform apply again."
	case e.WaitRanOut:
		return fmt.Sprintf("The webhook is not ready; checked from where Terraform runs for %s: %s", waited(e.Waited), e.Problem.Error()), readyAdvice
	default:
		return "A check from where Terraform runs found: " + e.Problem.Error(), "Fix the endpoint, then run terraform apply again."
	}
}

const readyAdvice = "If it is still being deployed, raise webhook_ready_timeout (or " + EnvWebhookReady + ") and run " +
	"terraform apply again; if only CINNOX can reach it, set webhook_ready_timeout = \"0s\" not to wait."

// checkFailed is the error of a webhook check that failed before anything
// was sent to CINNOX (webhook_check = "before"). It is not attached to url:
// Terraform would print the line that holds it.
func checkFailed(rawURL string, e *cinnox.WebhookError) diag.Diagnostic {
	finding, todo := webhookFinding(e, rawURL)
	return diag.NewErrorDiagnostic("Webhook check failed for "+cinnox.DisplayURL(rawURL),
		finding+"\n\nNothing was sent to CINNOX. "+todo+" (If CINNOX can reach the endpoint but Terraform "+
			"cannot, set webhook_check = \"on_failure\".)")
}

func waited(d time.Duration) string {
	return duration(d.Round(time.Second))
}

// Claims (see claims.go).

// duplicateClaim is the plan-time error of a second resource claiming a
// subscription; Terraform shows the resource's address beside it.
func duplicateClaim(typeName, title, appID string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Another resource holds this subscription",
		fmt.Sprintf("Two %s resources in this configuration manage the %s subscription of CINNOX app %q. CINNOX "+
			"holds one %s subscription per app, so they would overwrite each other, and destroying either would "+
			"unsubscribe both. Nothing was sent.\n\n"+
			"Keep one resource per app and event: remove the other, or give it another app_id (a resource without "+
			"app_id takes the provider's).", typeName, title, appID, title))
}

// movedWithoutBlock is the plan-time warning of a subscription destroyed
// at one address and created at another.
func movedWithoutBlock(typeName, title, appID string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Subscription changes address",
		fmt.Sprintf("The %s subscription of CINNOX app %q is planned to be destroyed at one %s address and "+
			"created at another (a rename, a new for_each key, a move into a module). The provider orders the two "+
			"requests so that it ends enabled. A moved block makes the same change with no request to CINNOX.",
			title, appID, typeName))
}

// forgottenWithoutUnsubscribing is the plan-time warning of a destroyed
// address whose subscription another address holds in its state.
func forgottenWithoutUnsubscribing(typeName, title, appID string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Subscription stays with its new address",
		fmt.Sprintf("Another %s address of this configuration holds the %s subscription of CINNOX app %q in its "+
			"state (a rename without a moved block, applied in part before). Destroying this address removes it "+
			"from state without unsubscribing, so the subscription stays as the other address has it. A moved "+
			"block makes such a change in one step.", typeName, title, appID))
}

// resubscribing is the plan-time warning of a resource replaced to
// subscribe again after another address's unsubscribe.
func resubscribing(typeName, title, appID string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Subscription subscribed again after a rename",
		fmt.Sprintf("Another %s address of this configuration, planned to be destroyed, held the %s subscription "+
			"of CINNOX app %q, which this resource holds in its state; its unsubscribe would switch the "+
			"subscription off. So this resource is replaced: it skips its own unsubscribe and subscribes again in "+
			"this apply, after the other's, and ends as configured. A moved block makes such a change with no "+
			"request to CINNOX.", typeName, title, appID))
}

// resubscribeOn is the plan's warning of each subscription updated only
// because the provider's resubscribe is on. Every one is the same, so that
// Terraform and OpenTofu show them as one, with how many more there are.
func resubscribeOn() diag.Diagnostic {
	return diag.NewWarningDiagnostic("Subscribing again: resubscribe is on",
		"The provider setting resubscribe (or "+EnvResubscribe+") is on, so this run sends every subscription it plans "+
			"to CINNOX again, as configured: an update each, one request, no unsubscribe. Use it to heal subscriptions "+
			"switched off or changed outside Terraform. Switch it off after this run: while it is on, every plan has changes.")
}

// webhookNotAnswering is the ephemeral cinnox_webhook_check's warning of a
// failed check: its results are ephemeral, which a check block's
// error_message may not print, so the provider says what was found.
func webhookNotAnswering(rawURL, problem string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Webhook does not answer CINNOX's challenge: "+cinnox.DisplayURL(rawURL),
		"A check from where Terraform runs found: "+problem+"\n\nCINNOX sends the same challenge on every "+
			"subscribe and refuses a webhook that does not answer it.")
}

// Provider configuration (see settings.go, validate.go).

// dashboardHint says where the CINNOX Web Dashboard shows the app's
// credentials.
const dashboardHint = "the CINNOX Web Dashboard shows under Administration > Service Integration > API"

// missingBaseURL and missingAppToken are the errors of missing
// credentials: a resource fails with them when it is planned.
func missingBaseURL() diag.Diagnostic {
	return diag.NewErrorDiagnostic("Missing CINNOX base URL",
		fmt.Sprintf("Set base_url in the provider \"cinnox\" block or the %s environment variable to the "+
			"Base URL %s.", EnvBaseURL, dashboardHint))
}

func missingAppToken() diag.Diagnostic {
	return diag.NewErrorDiagnostic("Missing CINNOX app token",
		fmt.Sprintf("Set app_token in the provider \"cinnox\" block or the %s environment variable to the "+
			"App Token %s.", EnvAppToken, dashboardHint))
}

// notConfigured is the error of a resource applied while the provider's
// configuration was still unknown.
func notConfigured() diag.Diagnostic {
	return diag.NewErrorDiagnostic("CINNOX provider is not configured",
		"The provider \"cinnox\" block had values that were still unknown. Make sure base_url and app_token "+
			"(or CINNOX_BASE_URL and CINNOX_APP_TOKEN) are known before resources are applied.")
}

// invalidBaseURL is the error of a base URL that validateBaseURL refuses;
// value names it, e.g. `"http://x"` or `CINNOX_BASE_URL "http://x"`.
func invalidBaseURL(p path.Path, value string, err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(p, "Invalid CINNOX base URL", fmt.Sprintf("%s %s.", value, err))
}

// baseURLWithPath is the warning of a base URL with a path prefix (see
// baseURLPathWarning); from the environment it is not attached to
// base_url.
func baseURLWithPath(p path.Path, warning string) diag.Diagnostic {
	if p.Equal(path.Empty()) {
		return diag.NewWarningDiagnostic("CINNOX base URL with a path", EnvBaseURL+": "+warning)
	}
	return diag.NewAttributeWarningDiagnostic(p, "CINNOX base URL with a path", warning)
}

// emptyProviderAppID is the error of app_id = "" in the provider block.
func emptyProviderAppID() diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(appIDPath, "Empty CINNOX app ID",
		fmt.Sprintf("app_id in the provider \"cinnox\" block is empty. Remove it, set it to the App ID, "+
			"or set the %s environment variable.", EnvAppID))
}

// invalidAppID is the error of an App ID that cinnox.CheckAppID refuses;
// from names where it came from (app_id, or its environment variable).
func invalidAppID(p path.Path, from, id string, err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(p, "Invalid CINNOX app ID",
		fmt.Sprintf("%s %q %s. Set it to the App ID %s.", from, id, err, dashboardHint))
}

// invalidSetting is the error of a setting that is not what it must be:
// value names it (e.g. `CINNOX_MAX_RETRIES "x"`), problem says why.
func invalidSetting(p path.Path, value, problem string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(p, "Invalid "+p.String(), fmt.Sprintf("%s %s.", value, problem))
}

// invalidWebhookCheck is the error of a webhook_check value from the
// environment that is none of the modes.
func invalidWebhookCheck(value string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("webhook_check"), "Invalid webhook check",
		fmt.Sprintf("%s must be one of \"on_failure\" (the default), \"before\" or \"off\".", value))
}

// clientNotCreated is the error of a client the settings cannot make.
func clientNotCreated(err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Cannot create the CINNOX client", err.Error())
}

// Resources: configuration, plans and imports.

// emptyResourceAppID is the error of app_id = "" on a resource.
func emptyResourceAppID(typeName string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(appIDPath, "Empty CINNOX app ID",
		fmt.Sprintf("app_id on this %s resource is empty. Set it to the App ID %s, or remove it to use the "+
			"provider's app_id (or the %s environment variable).", typeName, dashboardHint, EnvAppID))
}

// missingAppID is the error of a resource without app_id under a provider
// without one.
func missingAppID(typeName string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(appIDPath, "Missing CINNOX app ID",
		fmt.Sprintf("Set app_id on this %s resource, or app_id in the provider \"cinnox\" block "+
			"(or the %s environment variable) to the App ID %s.", typeName, EnvAppID, dashboardHint))
}

// invalidWebhookURL is the error of a url that checkWebhookURL refuses.
func invalidWebhookURL(p path.Path, err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(p, "Invalid webhook URL",
		fmt.Sprintf("%s %s. Set %s to the absolute http:// or https:// address of your webhook endpoint, "+
			"e.g. https://hooks.example.com/cinnox.", p, err, p))
}

// unencryptedWebhook is the warning of a plain http:// url. It is not
// attached to url: Terraform would print the line that holds it.
func unencryptedWebhook(rawURL string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Webhook URL is not encrypted",
		fmt.Sprintf("The webhook %s uses plain http://: CINNOX would send notifications, which carry customer data "+
			"such as names and phone numbers, in clear text. Use https:// if the endpoint supports it.", cinnox.DisplayURL(rawURL)))
}

// unreachableWebhook is the plan-time warning of a url on an address
// CINNOX cannot reach.
func unreachableWebhook(rawURL string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("CINNOX cannot reach this webhook",
		fmt.Sprintf("The webhook %s is on a loopback or private address, which CINNOX, on the internet, cannot "+
			"reach: it will refuse the subscription. Use the endpoint's public address.", cinnox.DisplayURL(rawURL)))
}

// unsubscribing names what a delete does, for the summaries of its errors:
// Terraform shows no resource address beside the errors of a delete, so
// they name the type, and the app, which one address of a configuration
// holds (see claims.go).
func unsubscribing(typeName, title, appID string) string {
	return fmt.Sprintf("unsubscribe %s events of CINNOX app %q (%s)", title, appID, typeName)
}

// urlNotKnown is the error of destroying an imported subscription that was
// never applied: the API needs its url to unsubscribe. A plan that
// destroys it fails with it (see planDestroy); a delete that gets there
// anyway (a -replace) fails with it too, and sends nothing.
func urlNotKnown(typeName, title, appID string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Cannot "+unsubscribing(typeName, title, appID),
		"CINNOX needs the webhook url to unsubscribe, and Terraform does not know it: the subscription was "+
			"imported and never applied. Nothing was sent; state keeps the resource.\n\n"+
			"To leave the subscription as it is at CINNOX and stop managing it, remove it from state (terraform "+
			"state rm, or a removed block that does not destroy it). To switch it off, configure it with its url, "+
			"run terraform apply (without -replace), then destroy it.")
}

// importIDDiffers is the plan-time error of an imported subscription that
// was never applied and whose configuration names another app: the plan
// would replace it, and its delete could not be sent (urlNotKnown).
func importIDDiffers(importID, appID string, fromProvider bool) diag.Diagnostic {
	from := "the resource's app_id"
	if fromProvider {
		from = "the provider's app_id"
	}
	return diag.NewAttributeErrorDiagnostic(appIDPath,
		fmt.Sprintf("Import ID %q is not the app_id %q", importID, appID),
		fmt.Sprintf("The subscription was imported with the ID %q, and the configuration gives this resource the app "+
			"%q (%s). Applying would replace the imported subscription, which Terraform cannot unsubscribe: it was "+
			"never applied, so Terraform does not know its url. Nothing was sent, and an import block imports "+
			"nothing while the plan fails.\n\n"+
			"Make the two agree: fix the import block's id (or the app_id). After terraform import, run terraform "+
			"state rm on this resource first, then import it with the right ID.", importID, appID, from))
}

// missingImportID and invalidImportID are the errors of an import ID that
// is not an App ID.
func missingImportID(typeName string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Missing app ID", fmt.Sprintf("Import a %s by the App ID of its app, e.g. "+
		"terraform import %s.example <app_id>.", typeName, typeName))
}

func invalidImportID(typeName, id string, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid import ID", fmt.Sprintf("The import ID %q %s. The import ID of a %s is "+
		"the App ID of its app alone, as the CINNOX Web Dashboard shows it under Administration > Service "+
		"Integration > API: terraform import %s.example <app_id>, or an import block with id = \"<app_id>\". "+
		"Nothing was imported.", id, err, typeName, typeName))
}

// The write-only url (see sealed_url.go).

// writeOnlyUnsupported is the validate-time error of url_wo on a CLI that
// has no write-only arguments.
func writeOnlyUnsupported(typeName string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("url_wo needs Terraform 1.11 or OpenTofu 1.11",
		fmt.Sprintf("This CLI does not support write-only arguments, which Terraform 1.11 and OpenTofu 1.11 "+
			"introduced. Upgrade the CLI, or set url instead of url_wo in this %s (the state then keeps the url). "+
			"Nothing was sent.", typeName))
}

// resealing is the plan-time warning of a sealed url that does not open
// under the current app token.
func resealing(title, appID string, err error) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Webhook url sealed under another app token",
		fmt.Sprintf("The provider keeps the %s webhook url of CINNOX app %q (url_wo) sealed under a key derived from "+
			"the app token, and %s. The app token has most likely been rotated. This apply subscribes once more with "+
			"the configured url_wo (CINNOX keeps the subscription as it is) and seals it under the current token.",
			title, appID, err))
}

// sealedURLNotOpened is the error of a destroy whose sealed url does not
// open under the current app token.
func sealedURLNotOpened(typeName, title, appID string, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Cannot "+unsubscribing(typeName, title, appID),
		fmt.Sprintf("CINNOX needs the webhook url to unsubscribe, and the provider keeps the url_wo it sent sealed "+
			"under a key derived from the app token; %s. Nothing was sent, and state keeps the resource.\n\n"+
			"Destroy with the app token it was sealed under (CINNOX_APP_TOKEN), or run terraform apply with the "+
			"resource still configured, which seals its url under the current token, then destroy.", err))
}

// webhookURLChanges is the plan's warning of a url_wo that differs from
// the url subscribed: Terraform shows a write-only value as
// "(write-only attribute)", changed or not, so the plan says it in words.
func webhookURLChanges(title, appID string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Webhook url changes",
		fmt.Sprintf("The url_wo of the %s subscription of CINNOX app %q differs from the url it was subscribed with: "+
			"this apply subscribes the new url (CINNOX challenges it first) and seals it in url_wo_seal. "+
			"Terraform shows neither url.", title, appID))
}

// sealWontOpen is the plan-time error of a destroy, a removal or a
// replacement whose unsubscribe needs a sealed url that does not open under
// the current app token.
func sealWontOpen(typeName, title, appID string, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Cannot "+unsubscribing(typeName, title, appID),
		fmt.Sprintf("This plan unsubscribes the subscription (a destroy, a removal or a replacement), and CINNOX "+
			"unsubscribes only with the webhook url it holds. The provider keeps the url_wo it sent sealed under a "+
			"key derived from the app token, and %s: the app token has most likely been rotated. The apply would "+
			"fail at the unsubscribe, so the plan stops here. Nothing was sent.\n\n"+
			"Either run this plan and its apply once with the app token the url was sealed under (CINNOX_APP_TOKEN). "+
			"Or, to keep the subscription, run terraform apply with the resource configured as it is in state, "+
			"which seals its url under the current token. Or stop managing it without unsubscribing (terraform "+
			"state rm, or a removed block that does not destroy it) and switch it off in the CINNOX Dashboard.", err))
}

// sealFailed is the error of a url that could not be sealed: the request
// was sent, so state records what it may have done.
func sealFailed(err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Cannot seal the webhook url",
		"The provider could not seal url_wo to keep it for unsubscribing: "+err.Error()+". Use url instead of url_wo.")
}
