package provider

// The provider's settings: each from the provider block, else from its
// environment variable. Values from the block were checked by the schema's
// validators (terraform validate); readSettings checks those from the
// environment, which no validator sees.

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnox"
)

// settings are the provider's settings, read and checked.
type settings struct {
	baseURL, token, appID string
	// maxRetries is the client's: negative for none.
	maxRetries                   int
	requestsPerMinute            int
	requestTimeout, readyTimeout time.Duration
	check                        cinnox.CheckMode
	resubscribe                  bool
	// diags are the errors and warnings of values from the environment,
	// missing those of missing credentials: a resource fails with them
	// when it is planned, and data sources need none.
	diags, missing diag.Diagnostics
}

// setting is one provider attribute that may also come from the environment.
type setting struct {
	attr   string
	env    string
	config types.String
}

// value returns the configured value, else the environment's, and whether
// it is still unknown.
func (s setting) value() (string, bool) {
	if s.config.IsUnknown() {
		return "", true
	}
	if !s.config.IsNull() {
		return s.config.ValueString(), false
	}
	return os.Getenv(s.env), false
}

// named names the value v of s for an error message: the attribute or the
// environment variable it came from, and v quoted.
func (s setting) named(v string) string {
	if !s.config.IsNull() {
		return fmt.Sprintf("%s %q", s.attr, v)
	}
	return fmt.Sprintf("%s %q", s.env, v)
}

// readSettings reads the settings of cfg, else of the environment; unknown
// names a setting whose value is not known yet, "" when all are.
func readSettings(cfg providerModel) (s settings, unknown string) {
	all := []setting{
		{"base_url", EnvBaseURL, cfg.BaseURL},
		{"app_token", EnvAppToken, cfg.AppToken},
		{"app_id", EnvAppID, cfg.AppID},
		{"max_retries", EnvMaxRetries, int64String(cfg.MaxRetries)},
		{"request_timeout", EnvRequestTimeout, cfg.RequestTimeout},
		{"requests_per_minute", EnvRequestsPerMinute, int64String(cfg.RequestsPerMinute)},
		{"webhook_check", EnvWebhookCheck, cfg.WebhookCheck},
		{"webhook_ready_timeout", EnvWebhookReady, cfg.WebhookReady},
		{"resubscribe", EnvResubscribe, boolString(cfg.Resubscribe)},
	}
	values := make([]string, len(all))
	for i, st := range all {
		v, isUnknown := st.value()
		if isUnknown {
			return s, st.attr
		}
		values[i] = v
	}
	s.baseURL, s.token, s.appID = values[0], values[1], values[2]
	s.checkCredentials(all[0], all[2])
	s.maxRetries = int(s.integer(all[3], values[3], cinnox.DefaultMaxRetries, 0))
	if s.maxRetries == 0 {
		s.maxRetries = -1 // the client's "no retries"
	}
	s.requestsPerMinute = int(s.integer(all[5], values[5], cinnox.DefaultRateLimit, 1))
	s.requestTimeout = s.duration(all[4], values[4], cinnox.DefaultRequestTimeout, false)
	s.readyTimeout = s.duration(all[7], values[7], cinnox.DefaultReadyTimeout, true)
	s.check = s.checkMode(all[6], values[6])
	s.resubscribe = s.boolean(all[8], values[8])
	return s, ""
}

// checkCredentials checks the base URL and the App ID, and records the
// credentials that are missing.
func (s *settings) checkCredentials(baseURL, appID setting) {
	if s.baseURL == "" {
		s.missing.Append(missingBaseURL())
	} else if err := validateBaseURL(s.baseURL); err != nil {
		s.diags.Append(invalidBaseURL(path.Root("base_url"), baseURL.named(s.baseURL), err))
	} else if warning := baseURLPathWarning(s.baseURL); warning != "" && baseURL.config.IsNull() {
		s.diags.Append(baseURLWithPath(path.Empty(), warning))
	}
	if s.token == "" {
		s.missing.Append(missingAppToken())
	}
	switch err := cinnox.CheckAppID(s.appID); {
	case !appID.config.IsNull() && s.appID == "":
		s.diags.Append(emptyProviderAppID())
	case appID.config.IsNull() && s.appID != "" && err != nil:
		s.diags.Append(invalidAppID(path.Root("app_id"), EnvAppID, s.appID, err))
	}
}

// integer reads a whole-number setting: def when empty, an error naming
// where the value came from when it is invalid or below least.
func (s *settings) integer(st setting, v string, def, least int64) int64 {
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < least {
		s.diags.Append(invalidSetting(path.Root(st.attr), st.named(v), fmt.Sprintf("must be a whole number of at least %d", least)))
		return def
	}
	return n
}

// duration reads a duration setting: def when empty, an error naming where
// the value came from when it is not a duration (zero allowed or not).
func (s *settings) duration(st setting, v string, def time.Duration, zero bool) time.Duration {
	if v == "" {
		return def
	}
	d, problem := checkDuration(v, zero)
	if problem != "" {
		s.diags.Append(invalidSetting(path.Root(st.attr), st.named(v), problem))
		return def
	}
	return d
}

// checkMode reads webhook_check: on_failure when empty.
func (s *settings) checkMode(st setting, v string) cinnox.CheckMode {
	switch mode := cinnox.CheckMode(v); mode {
	case "":
		return cinnox.CheckOnFailure
	case cinnox.CheckOnFailure, cinnox.CheckBefore, cinnox.CheckOff:
		return mode
	}
	s.diags.Append(invalidWebhookCheck(st.named(v)))
	return cinnox.CheckOnFailure
}

// boolean reads a true-or-false setting: false when empty, an error naming
// where the value came from when it is neither.
func (s *settings) boolean(st setting, v string) bool {
	if v == "" {
		return false
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		s.diags.Append(invalidSetting(path.Root(st.attr), st.named(v), "must be true or false"))
	}
	return b
}

// boolString turns a Bool configuration value into the string form the
// environment would give, keeping null and unknown.
func boolString(v types.Bool) types.String {
	switch {
	case v.IsUnknown():
		return types.StringUnknown()
	case v.IsNull():
		return types.StringNull()
	}
	return types.StringValue(strconv.FormatBool(v.ValueBool()))
}

// int64String turns an Int64 configuration value into the string form the
// environment would give, keeping null and unknown.
func int64String(v types.Int64) types.String {
	switch {
	case v.IsUnknown():
		return types.StringUnknown()
	case v.IsNull():
		return types.StringNull()
	}
	return types.StringValue(strconv.FormatInt(v.ValueInt64(), 10))
}
