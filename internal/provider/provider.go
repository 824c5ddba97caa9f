// Package provider implements the CINNOX Terraform provider: its
// configuration and the webhook event subscription resources.
package provider

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnox"
	"github.com/cinnox/terraform-provider-cinnox/internal/logenv"
)

// Environment variables the provider reads when an attribute is not set in
// the configuration.
const (
	EnvBaseURL  = "CINNOX_BASE_URL"
	EnvAppToken = "CINNOX_APP_TOKEN"
	EnvAppID    = "CINNOX_APP_ID"

	EnvMaxRetries        = "CINNOX_MAX_RETRIES"
	EnvRequestTimeout    = "CINNOX_REQUEST_TIMEOUT"
	EnvRequestsPerMinute = "CINNOX_REQUESTS_PER_MINUTE"
	EnvWebhookCheck      = "CINNOX_WEBHOOK_CHECK"
	EnvWebhookReady      = "CINNOX_WEBHOOK_READY_TIMEOUT"
	EnvResubscribe       = "CINNOX_RESUBSCRIBE"
)

var _ provider.Provider = (*cinnoxProvider)(nil)
var _ provider.ProviderWithEphemeralResources = (*cinnoxProvider)(nil)

// cinnoxProvider is the provider. version is set at release time.
type cinnoxProvider struct {
	version string
	// rateWindow is the window requests_per_minute counts in: a minute,
	// except in tests that compress time.
	rateWindow time.Duration
	// retryWaitMin overrides the first retry's backoff in tests.
	retryWaitMin time.Duration
	// webhookCheckTimeout overrides how long a webhook check may take, in
	// tests.
	webhookCheckTimeout time.Duration
	// readyWaitMin overrides the first wait between webhook checks, and
	// notFoundWait the wait for a webhook that answers 404, in tests.
	readyWaitMin, notFoundWait time.Duration
	// sequence, in tests, is called as each step of a resource starts and
	// what it returns as the step ends, to choose which of two resources
	// Terraform plans, or sends its request, first.
	sequence func(step) (done func())
	// data is what Configure made, nil until the provider is configured
	// with known values. The resource factories hand it to each resource
	// they make (see Resources).
	data atomic.Pointer[providerData]
}

// New returns a function that makes the provider, as providerserver wants.
// A provider keeps its configuration (see Resources): serve each one from a
// single server, as providerserver.Serve does.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &cinnoxProvider{version: version}
	}
}

type providerModel struct {
	BaseURL           types.String `tfsdk:"base_url"`
	AppToken          types.String `tfsdk:"app_token"`
	AppID             types.String `tfsdk:"app_id"`
	MaxRetries        types.Int64  `tfsdk:"max_retries"`
	RequestTimeout    types.String `tfsdk:"request_timeout"`
	RequestsPerMinute types.Int64  `tfsdk:"requests_per_minute"`
	WebhookCheck      types.String `tfsdk:"webhook_check"`
	WebhookReady      types.String `tfsdk:"webhook_ready_timeout"`
	Resubscribe       types.Bool   `tfsdk:"resubscribe"`
}

// step is a step of a resource that tests may sequence (see
// cinnoxProvider.sequence).
type step int

const (
	planStep        step = iota // a plan of a resource that is not destroyed
	planDestroyStep             // a planned destroy
	subscribeStep               // a create's or an update's request, once it has its turn
	unsubscribeStep             // a delete, before it takes its turn
)

// begin starts step s of a resource for a test's sequence, and returns the
// function that ends it.
func (d *providerData) begin(s step) (end func()) {
	if d == nil || d.sequence == nil {
		return func() {}
	}
	return d.sequence(s)
}

// providerData is what resources get from a configured provider.
type providerData struct {
	// appID is the default app for resources that do not set app_id; empty
	// when none was configured.
	appID string
	// subscriber subscribes webhooks (checking them, and waiting for those
	// that are not ready yet, as webhook_check and webhook_ready_timeout
	// say) through its Client, which also unsubscribes.
	subscriber *cinnox.Subscriber
	// token is the app token, which seals a url_wo (see sealed_url.go).
	token string
	// claims keeps one resource per subscription (see claims.go).
	claims *claims
	// missing holds the errors of missing credentials: a resource fails
	// with them when it is planned; data sources need none. The
	// subscriber then has no Client.
	missing diag.Diagnostics
	// missingReported is set once a plan has reported missing: the plan
	// fails with them once, not once per resource.
	missingReported atomic.Bool
	// baseOnLoopback is whether base_url is a loopback address (the mock
	// CINNOX of the demo and the tests).
	baseOnLoopback bool
	// resubscribe is the setting of that name: every subscription planned
	// is planned as an update that sends it again (subscription_plan.go).
	resubscribe bool
	// sequence is the provider's, for tests.
	sequence func(step) (done func())
}

func (p *cinnoxProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "cinnox"
	resp.Version = p.version
}

//nolint:funlen // a declarative schema
func (p *cinnoxProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The CINNOX provider manages the webhook event subscriptions of a CINNOX app, " +
			"one resource per event type:\n\n" + eventTable(),
		Attributes: map[string]schema.Attribute{
			"base_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The Base URL the CINNOX Web Dashboard shows for the app " +
					"(Administration > Service Integration > API), e.g. `https://examplebaseURL.com`. " +
					"It must be an absolute `https://` URL; plain `http://` is accepted only for " +
					"`localhost`, `127.0.0.0/8` and `[::1]`, so the app token never crosses a network " +
					"in clear text. Required here or in the `" + EnvBaseURL + "` environment variable.",
				Validators: []validator.String{baseURLValidator{}},
			},
			"app_token": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "The App Token the CINNOX Web Dashboard shows for the app. " +
					"Required here or in the `" + EnvAppToken + "` environment variable; prefer the " +
					"environment variable, or a sensitive variable, to keep it out of your code.",
			},
			"app_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The App ID used by resources that do not set their own `app_id`. " +
					"Optional; can also come from the `" + EnvAppID + "` environment variable.",
				Validators: []validator.String{appIDValidator{}},
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How often a request that failed for a transient reason is retried, "+
					"with exponential backoff and jitter: HTTP 5xx, dropped connections and timeouts. A refusal for "+
					"the CINNOX rate limit (HTTP 429, code 6451010) is not counted: nothing was done, so it is retried "+
					"for as long as the resource's `timeouts` allow. Errors that cannot succeed on a retry (400, 401, "+
					"403, 404) fail at once. The waits between attempts double from 1s up to 30s, each between half "+
					"and all of that at random: with the default, at most about 2 minutes in all, plus `request_timeout` "+
					"per attempt, within the resource's `timeouts`. A `base_url` that refuses connections before it "+
					"ever answered (a wrong port) is retried %d times at most (7 seconds of waiting). Default `%d`; `0` "+
					"turns retries off. Environment variable: `%s`.",
					cinnox.RefusedRetries, cinnox.DefaultMaxRetries, EnvMaxRetries),
				Validators: []validator.Int64{int64validator.AtLeast(0)},
			},
			"request_timeout": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How long one HTTP request may take, as a duration such as `30s` or "+
					"`1m`. A request that takes longer is retried. Default `%s`. The resources' `timeouts` bound "+
					"the whole operation, retries included. Environment variable: `%s`.",
					cinnox.DefaultRequestTimeout, EnvRequestTimeout),
				Validators: []validator.String{durationValidator{}},
			},
			"requests_per_minute": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("The most requests this provider configuration sends in any minute, "+
					"shared by all its resources. CINNOX allows %d a minute per account. Requests go out at once while "+
					"there is budget and wait only when it is spent; when CINNOX keeps refusing requests for its rate "+
					"limit (other runs share the account), the provider lowers its own pace to what CINNOX accepted and "+
					"raises it again as requests succeed (see the guide \"One owner per subscription, one account for many runs\"). Default `%d`. "+
					"Environment variable: `%s`.",
					cinnox.DefaultRateLimit, cinnox.DefaultRateLimit, EnvRequestsPerMinute),
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"webhook_check": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "When the provider sends the CINNOX webhook challenge to a `url` itself, to explain " +
					"why CINNOX refuses it: `on_failure` (default) checks after CINNOX refused a subscription and adds to " +
					"the error what the endpoint answered (unreachable, an HTTP status, a body that is not a CINNOX " +
					"JsonResponse `{\"code\": 0, \"result\": ...}`, the wrong echo) and " +
					"what it must answer; `before` checks before every subscribe and fails fast without spending the " +
					"rate limit (use it only where Terraform can reach the endpoints CINNOX reaches); `off` never checks. " +
					"A check sends only the challenge, never the app token, and is bounded by a short timeout. " +
					"Environment variable: `" + EnvWebhookCheck + "`.",
				Validators: []validator.String{stringvalidator.OneOf(string(cinnox.CheckOnFailure), string(cinnox.CheckBefore), string(cinnox.CheckOff))},
			},
			"resubscribe": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Subscribe again, for one run: when `true`, every subscription of this provider " +
					"configuration that Terraform plans is planned as an in-place update that sends it to CINNOX again " +
					"as configured (one request each, with `enabled` and the url of `url` or `url_wo`; a paused " +
					"subscription is sent paused again), without unsubscribing first. CINNOX has no call " +
					"that reads a subscription, so this is how to heal one switched off or changed outside Terraform " +
					"(see the guide \"Interrupted and timed-out applies\"). Each subscription's webhook is challenged " +
					"as on any subscribe, and pacing, claims and timeouts are as usual; `-target` narrows it. With it " +
					"on, every plan has changes: set it for one run only, for example " +
					"`CINNOX_RESUBSCRIBE=true terraform apply`. Default `false`. Environment variable: `" + EnvResubscribe + "`.",
			},
			"webhook_ready_timeout": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How long to wait for a webhook that is not ready yet, as a duration such "+
					"as `1m`; `0s` turns waiting off. When CINNOX refuses a webhook and the provider's own check finds the "+
					"endpoint not ready yet (connection refused or reset, DNS not resolving, TLS not yet valid, a timeout, "+
					"HTTP 502, 503 or 504; HTTP 404 for at most %s, since a typo in the path answers so too), the provider "+
					"checks it again with backoff (1s, 2s, 4s, 8s, then every 10s) and subscribes once more when it answers the "+
					"challenge correctly: one more request to CINNOX, however long the wait. An endpoint that answers wrongly "+
					"fails at once. The resource's `timeouts` bound the wait too. Needs `webhook_check` `on_failure` or "+
					"`before`. Default `%s`. Environment variable: `%s`.",
					duration(cinnox.NotFoundWait), duration(cinnox.DefaultReadyTimeout), EnvWebhookReady),
				Validators: []validator.String{durationValidator{zero: true}},
			},
		},
	}
}

// Configure reads the settings (settings.go: the block's, checked by the
// schema's validators, else the environment's, checked there) and builds
// the client that the resources share.
func (p *cinnoxProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	p.data.Store(nil)
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	s, unknown := readSettings(cfg)
	if unknown != "" {
		// The value depends on something not yet applied. Let Terraform
		// defer where it can; otherwise leave the provider unconfigured
		// for this plan: resources then plan with unknown values and the
		// provider is configured again, with known values, before
		// anything is applied.
		if req.ClientCapabilities.DeferralAllowed {
			resp.Deferred = &provider.Deferred{Reason: provider.DeferredReasonProviderConfigUnknown}
		}
		tflog.Debug(ctx, "provider configuration is not known yet", map[string]any{"attribute": unknown})
		return
	}
	if resp.Diagnostics.Append(s.diags...); resp.Diagnostics.HasError() {
		return
	}
	data := &providerData{appID: s.appID, token: s.token, resubscribe: s.resubscribe, claims: newClaims(), missing: s.missing, sequence: p.sequence, subscriber: &cinnox.Subscriber{
		Checker:      cinnox.NewWebhookChecker(p.webhookCheckTimeout, nil),
		Mode:         s.check,
		ReadyTimeout: s.readyTimeout,
		ReadyWaitMin: p.readyWaitMin,
		NotFoundWait: p.notFoundWait,
		Log:          debugLog(),
	}}
	if !s.missing.HasError() {
		client, err := cinnox.New(p.clientConfig(s, req.TerraformVersion))
		if err != nil {
			resp.Diagnostics.Append(clientNotCreated(err))
			return
		}
		data.subscriber.Client = client
		data.baseOnLoopback = isLoopbackURL(s.baseURL)
	}
	p.data.Store(data)
}

// clientConfig is the CINNOX client's configuration for s, with the
// provider's test overrides.
func (p *cinnoxProvider) clientConfig(s settings, terraformVersion string) cinnox.Config {
	return cinnox.Config{
		BaseURL: s.baseURL, Token: s.token, UserAgent: p.userAgent(terraformVersion), Log: debugLog(),
		RequestTimeout: s.requestTimeout, MaxRetries: s.maxRetries, RateLimit: s.requestsPerMinute,
		RetryWaitMin: p.retryWaitMin, RateWindow: p.rateWindow,
	}
}

// LogLevelVar is the environment variable that sets the level of the
// provider's own log (terraform-plugin-go names it after the provider's
// address); main.go sets it to what Terraform keeps (see internal/logenv).
const LogLevelVar = "TF_LOG_PROVIDER_CINNOX"

// debugLog is logDebug when the provider's log writes debug entries, nil
// when it drops them: the client then builds none (a request's entry costs
// its redaction and a copy of both bodies).
func debugLog() cinnox.LogFunc {
	if logenv.Writes(LogLevelVar, hclog.Debug) {
		return logDebug
	}
	return nil
}

// logDebug sends the client's log entries, from which it removed the token
// and the webhook URLs' secrets (see internal/cinnox/redact.go), to
// Terraform's provider log.
func logDebug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(ctx, msg, fields)
}

func (p *cinnoxProvider) userAgent(terraformVersion string) string {
	return fmt.Sprintf("terraform-provider-cinnox/%s (+https://registry.terraform.io/providers/cinnox/cinnox) Terraform/%s",
		p.version, terraformVersion)
}

// Resources makes one resource type per entry of eventTypes. The framework
// calls a factory for every RPC on a resource; the factory hands the new
// resource the configured provider's data. (Passing it through
// ResourceWithConfigure instead costs a Configure call and three TRACE log
// lines per RPC: nine per resource in every plan, about a tenth of what the
// framework logs for it. See BenchmarkPlanRPC in internal/bench.)
func (p *cinnoxProvider) Resources(_ context.Context) []func() resource.Resource {
	out := make([]func() resource.Resource, 0, len(eventTypes))
	for _, et := range eventTypes {
		out = append(out, func() resource.Resource { return &subscriptionResource{event: et, data: p.data.Load()} })
	}
	return out
}

// DataSources returns cinnox_webhook_check, handed the configured
// provider's webhook checker (see Resources).
func (p *cinnoxProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{func() datasource.DataSource {
		return &webhookCheckDataSource{checker: p.checker()}
	}}
}

// EphemeralResources returns the ephemeral cinnox_webhook_check, handed the
// configured provider's webhook checker.
func (p *cinnoxProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{func() ephemeral.EphemeralResource {
		return &webhookCheckEphemeralResource{checker: p.checker()}
	}}
}

// checker is the configured provider's webhook checker, nil while the
// provider is not configured.
func (p *cinnoxProvider) checker() *cinnox.WebhookChecker {
	if data := p.data.Load(); data != nil {
		return data.subscriber.Checker
	}
	return nil
}
