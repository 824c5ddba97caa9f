package provider

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnox"
)

// validateBaseURL accepts an absolute https URL, or http for a loopback
// host, without the API's own path.
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
	if i := strings.Index(u.Path, "/v1/api"); i >= 0 {
		return fmt.Errorf("holds the API's path (%s): set it to the Base URL alone, %s, and the provider "+
			"adds /v1/api/apps/... itself", u.Path[i:], u.Scheme+"://"+u.Host+u.Path[:i])
	}
	return nil
}

// baseURLPathWarning says why a base_url with a path prefix is unusual, or
// "": the Base URL CINNOX shows has none, but a proxy may serve the API
// under one.
func baseURLPathWarning(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || strings.Trim(u.Path, "/") == "" {
		return ""
	}
	return fmt.Sprintf("base_url has a path (%s), so requests go to %s/v1/api/apps/...; the Base URL the CINNOX Web "+
		"Dashboard shows has none. Keep the path only if a proxy serves the CINNOX Open API under it.",
		u.Path, strings.TrimRight(raw, "/"))
}

// isLoopbackURL reports whether raw is a URL of a loopback host.
func isLoopbackURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && isLoopback(u.Hostname())
}

// unreachableFromCINNOX reports whether a webhook URL's host is an address
// CINNOX cannot reach from the internet: localhost, a loopback, private or
// link-local address. (Host names are not resolved at plan time.)
func unreachableFromCINNOX(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	if isLoopback(u.Hostname()) {
		return true
	}
	ip := net.ParseIP(u.Hostname())
	return ip != nil && (ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsUnspecified())
}

// checkDuration parses a duration setting ("0" is zero too), and says what
// is wrong with it, or "".
func checkDuration(v string, zero bool) (time.Duration, string) {
	d, err := time.ParseDuration(v)
	if v == "0" {
		d, err = 0, nil
	}
	switch {
	case err != nil:
		return 0, `is not a duration: write a number and a unit, such as "30s" or "2m"`
	case d < 0:
		return 0, "is negative"
	case d == 0 && !zero:
		return 0, `must be more than zero, such as "30s"`
	}
	return d, ""
}

// durationValidator checks a duration setting at plan time (terraform
// validate); zero says whether 0 is allowed.
type durationValidator struct{ zero bool }

func (v durationValidator) Description(context.Context) string {
	if v.zero {
		return `must be a duration such as "30s" or "2m", or "0s"`
	}
	return `must be a positive duration such as "30s" or "2m"`
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, problem := checkDuration(req.ConfigValue.ValueString(), v.zero); problem != "" {
		resp.Diagnostics.Append(invalidSetting(req.Path, strconv.Quote(req.ConfigValue.ValueString()), problem))
	}
}

// baseURLValidator checks base_url at plan time (terraform validate).
type baseURLValidator struct{}

func (baseURLValidator) Description(context.Context) string {
	return "must be the Base URL of the account: an absolute https:// URL, without the API's path"
}

func (v baseURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (baseURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.ValueString() == "" {
		return
	}
	raw := req.ConfigValue.ValueString()
	if err := validateBaseURL(raw); err != nil {
		resp.Diagnostics.Append(invalidBaseURL(req.Path, strconv.Quote(raw), err))
		return
	}
	if warning := baseURLPathWarning(raw); warning != "" {
		resp.Diagnostics.Append(baseURLWithPath(req.Path, warning))
	}
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
		resp.Diagnostics.Append(invalidWebhookURL(req.Path, err))
		return
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		resp.Diagnostics.Append(unencryptedWebhook(raw))
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
	if err := cinnox.CheckAppID(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.Append(invalidAppID(req.Path, "app_id", req.ConfigValue.ValueString(), err))
	}
}
