package provider

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnox"
)

const challengeHelp = "CINNOX verifies a webhook before it accepts it: it POSTs {\"challenge\": \"<random>\"} " +
	"to the url, which must be reachable from the internet and answer HTTP 200 with " +
	"{\"code\": 0, \"result\": {\"challenge\": \"<the same string>\"}}."

// hint says what to do about an error from the CINNOX client.
func hint(err error) string {
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

// addCheckFailure adds the error of a webhook check that failed before
// anything was sent to CINNOX (webhook_check = "before"). It is not
// attached to url: Terraform would print the line that holds it.
func addCheckFailure(diags *diag.Diagnostics, rawURL string, e *cinnox.WebhookError) {
	finding, todo := webhookFinding(e, rawURL)
	diags.AddError("Webhook check failed for "+cinnox.DisplayURL(rawURL),
		finding+"\n\nNothing was sent to CINNOX. "+todo+" (If CINNOX can reach the endpoint but Terraform "+
			"cannot, set webhook_check = \"on_failure\".)")
}

func waited(d time.Duration) string {
	return duration(d.Round(time.Second))
}
