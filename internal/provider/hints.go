package provider

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnox"
)

const challengeHelp = "CINNOX verifies a webhook before it accepts it: it POSTs {\"challenge\": \"<random>\"} " +
	"to the url, which must be reachable from the internet and answer HTTP 200 with " +
	"{\"code\": 0, \"result\": {\"challenge\": \"<the same string>\"}}."

// hint says what to do about an error from the CINNOX client.
func hint(err error) string {
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
// found, and what waiting for it did; "" when it was not checked.
func webhookFinding(err error, rawURL string) string {
	url := cinnox.DisplayURL(rawURL)
	var e *cinnox.WebhookError
	if !errors.As(err, &e) || !e.Checked {
		return ""
	}
	switch {
	case e.Problem == nil && e.Waited > 0:
		return fmt.Sprintf("The webhook was not ready at first. After %s it answered a check from where Terraform runs "+
			"correctly and CINNOX was asked once more, but refused it again: CINNOX may not be able to reach %s (is it on "+
			"a private network, or behind a firewall?), or refused it for another reason.", waited(e.Waited), url)
	case e.Problem == nil:
		return "A webhook check from where Terraform runs got the right answer from " + url + ", so CINNOX may not " +
			"be able to reach it (is it on a private network, or behind a firewall?), or refused it for another reason."
	case e.WaitRanOut:
		return fmt.Sprintf("The webhook is not ready. The provider waited %s for it, checking it from where Terraform "+
			"runs, and it last answered: %s\n\n%s", waited(e.Waited), e.Problem.Error(), readyAdvice)
	default:
		return "Webhook check from where Terraform runs: " + e.Problem.Error()
	}
}

const readyAdvice = "If the endpoint is still being deployed, raise webhook_ready_timeout in the provider (or " +
	EnvWebhookReady + ") and the resource's timeouts. If Terraform runs where it cannot reach the endpoint (a " +
	"private network) while CINNOX can, the check cannot tell the two apart: set webhook_ready_timeout = \"0s\" " +
	"(or webhook_check = \"off\") to fail at once instead of waiting."

// addCheckFailure adds the error of a webhook check that failed before
// anything was sent to CINNOX (webhook_check = "before").
func addCheckFailure(diags *diag.Diagnostics, rawURL string, e *cinnox.WebhookError) {
	url := cinnox.DisplayURL(rawURL)
	detail := e.Problem.Error()
	if e.Waited > 0 {
		detail = fmt.Sprintf("The provider waited %s for the webhook to become ready; it last answered: %s\n\n%s",
			waited(e.Waited), detail, readyAdvice)
	}
	diags.AddAttributeError(path.Root("url"), fmt.Sprintf("Webhook check failed for %s", url),
		detail+"\n\nNothing was sent to CINNOX. Fix the endpoint and run terraform apply again. "+
			"If CINNOX can reach the endpoint but Terraform cannot, set webhook_check = \"on_failure\" "+
			"in the provider (or "+EnvWebhookCheck+").")
}

func waited(d time.Duration) string {
	return duration(d.Round(time.Second))
}
