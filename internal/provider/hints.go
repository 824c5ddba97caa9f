package provider

import (
	"errors"
	"net/http"

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

// refusedWebhook reports whether CINNOX refused a subscription in a way a
// failed webhook verification explains: a parameter error, or a 200 that
// did not enable it.
func refusedWebhook(err error) bool {
	var apiErr *cinnox.APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	return apiErr.NotEnabled || apiErr.Code == cinnox.CodeBadParameter && apiErr.StatusCode == http.StatusBadRequest
}
