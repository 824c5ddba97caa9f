package provider

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnox"
)

// validateBaseURL accepts an absolute https URL, or http for a loopback host.
func validateBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return errors.New("is not a URL; use the Base URL the CINNOX Web Dashboard shows, e.g. https://examplebaseURL.com")
	}
	if u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return errors.New("must be an absolute https:// URL, e.g. https://examplebaseURL.com")
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return errors.New("must not carry credentials, a query or a fragment; use the Base URL exactly as the CINNOX Web Dashboard shows it")
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return errors.New("uses plain http://, which would send the app token in clear text; use https:// " +
			"(http:// is accepted only for localhost, 127.0.0.0/8 and [::1])")
	}
	return nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkWebhookURL accepts an absolute http or https URL with a host, and
// returns it parsed.
func checkWebhookURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("is not a URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%q must start with https:// (or http://)", cinnox.DisplayURL(raw))
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("%q has no host", cinnox.DisplayURL(raw))
	}
	return u, nil
}

// webhookURLValidator checks a webhook URL at plan time.
type webhookURLValidator struct{}

func (webhookURLValidator) Description(context.Context) string {
	return "must be an absolute http:// or https:// URL with a host"
}

func (v webhookURLValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (webhookURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	raw := req.ConfigValue.ValueString()
	u, err := checkWebhookURL(raw)
	if err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid webhook URL",
			fmt.Sprintf("url %s. Set url to the absolute http:// or https:// address of your webhook endpoint, "+
				"e.g. https://hooks.example.com/cinnox.", err))
		return
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		resp.Diagnostics.AddAttributeWarning(req.Path, "Webhook URL is not encrypted",
			fmt.Sprintf("url %q uses plain http://: CINNOX would send notifications, which carry customer data "+
				"such as names and phone numbers, in clear text. Use https:// if the endpoint supports it.", cinnox.DisplayURL(raw)))
	}
}

// appIDValidator refuses at plan time an App ID that a request path would
// not carry intact (cinnox.CheckAppID). An empty one is left to the plan,
// which says where else an App ID can come from.
type appIDValidator struct{}

func (appIDValidator) Description(context.Context) string {
	return "must be an App ID: one path segment, not . or .."
}

func (v appIDValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (appIDValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.ValueString() == "" {
		return
	}
	if err := appIDProblem("app_id", req.ConfigValue.ValueString()); err != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid CINNOX app ID", err)
	}
}

// appIDProblem says what is wrong with the App ID from source (app_id, or
// its environment variable) and what to do, or "".
func appIDProblem(source, id string) string {
	if err := cinnox.CheckAppID(id); err != nil {
		return fmt.Sprintf("%s %q %s. Set it to the App ID the CINNOX Web Dashboard shows under "+
			"Administration > Service Integration > API.", source, id, err)
	}
	return ""
}
