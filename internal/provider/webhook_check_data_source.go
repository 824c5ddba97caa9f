package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnox"
)

var _ datasource.DataSource = (*webhookCheckDataSource)(nil)

// webhookCheckDataSource is cinnox_webhook_check: it sends the CINNOX
// challenge to a webhook, as CINNOX does before it accepts one, and reports
// what the endpoint answered. A wrong answer is a result (ok = false), not
// an error, so that check blocks and preconditions can use it. checker is
// the configured provider's, nil while the provider is not configured.
type webhookCheckDataSource struct {
	checker *cinnox.WebhookChecker
}

type webhookCheckModel struct {
	URL            types.String `tfsdk:"url"`
	OK             types.Bool   `tfsdk:"ok"`
	Problem        types.String `tfsdk:"problem"`
	Kind           types.String `tfsdk:"kind"`
	StatusCode     types.Int64  `tfsdk:"status_code"`
	ResponseTimeMS types.Int64  `tfsdk:"response_time_ms"`
}

func (d *webhookCheckDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhook_check"
}

func (d *webhookCheckDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: webhookCheckDescription +
			"~> Its `url` is stored in the state, secret included: Terraform has no write-only arguments for data " +
			"sources. To check a webhook whose URL holds a secret, use the ephemeral resource of the same name " +
			"(Terraform 1.10+, OpenTofu 1.11+), which stores nothing; see the guide \"Secrets in webhook URLs\".",
		Attributes: map[string]schema.Attribute{
			"url": schema.StringAttribute{
				Required:            true,
				Sensitive:           true,
				MarkdownDescription: webhookCheckURLDescription,
				Validators:          []validator.String{webhookURLValidator{}},
			},
			"ok":               schema.BoolAttribute{Computed: true, MarkdownDescription: webhookCheckResults["ok"]},
			"problem":          schema.StringAttribute{Computed: true, MarkdownDescription: webhookCheckResults["problem"]},
			"kind":             schema.StringAttribute{Computed: true, MarkdownDescription: webhookCheckResults["kind"]},
			"status_code":      schema.Int64Attribute{Computed: true, MarkdownDescription: webhookCheckResults["status_code"]},
			"response_time_ms": schema.Int64Attribute{Computed: true, MarkdownDescription: webhookCheckResults["response_time_ms"]},
		},
	}
}

// webhookCheckDescription opens the pages of the data source and of the
// ephemeral resource; each adds what it does with the url.
const webhookCheckDescription = "Checks that a webhook answers CINNOX's verification challenge, from where Terraform runs. " +
	"It POSTs `{\"challenge\": \"<random>\"}` to `url`, as CINNOX does before it accepts a subscription, and " +
	"reports whether the endpoint answered HTTP 200 with `{\"code\": 0, \"result\": {\"challenge\": \"<the same " +
	"string>\"}}`.\n\n" +
	"The CINNOX API has no call that reads a subscription back, so a plan cannot tell that a webhook stopped " +
	"answering (a redeployed receiver, a changed route, an expired certificate). Read in a `check` block, this " +
	"check warns about it on every plan, and Terraform Cloud's health assessments (continuous " +
	"validation) alert on it. A failed check is a result (`ok = false`), never an error, so it does not block " +
	"a plan by itself.\n\n" +
	"It sends only the challenge: never the app token, and no request to the CINNOX API. A check takes at most " +
	"10 seconds and follows redirects on the same host only. It needs no credentials: a configuration that " +
	"only checks webhooks may leave `base_url` and `app_token` unset.\n\n"

const webhookCheckURLDescription = "The webhook URL to check: an absolute `https://` (or `http://`) URL. Sensitive, as " +
	"on the subscription resources: `problem` names the endpoint by scheme and host only."

// webhookCheckResults describes the check's results, by attribute.
var webhookCheckResults = map[string]string{
	"ok": "Whether the endpoint answered the challenge correctly.",
	"problem": "What the endpoint answered and what it must answer; empty when `ok`. It names what " +
		"was wrong (unreachable, an HTTP status, a body that is not a CINNOX JsonResponse `{\"code\": 0, " +
		"\"result\": ...}`, a non-zero code, the wrong echo) and is the " +
		"same from run to run for the same answer: it never holds the random challenge, nor the url's path.",
	"kind": "Empty when `ok`; otherwise one of `unreachable`, `status`, `not_json_response`, " +
		"`code`, `wrong_echo`.",
	"status_code":      "The HTTP status the endpoint answered; `0` when it could not be reached.",
	"response_time_ms": "How long the check took, in milliseconds.",
}

func (d *webhookCheckDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m webhookCheckModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m = checkWebhook(ctx, d.checker, m.URL)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// checkWebhook sends the challenge to url with checker (a checker of its
// own while the provider is not configured: the check needs nothing of its
// configuration) and returns the results.
func checkWebhook(ctx context.Context, checker *cinnox.WebhookChecker, url types.String) webhookCheckModel {
	if checker == nil {
		checker = cinnox.NewWebhookChecker(0, nil)
	}
	probe := checker.Probe(ctx, url.ValueString())
	m := webhookCheckModel{URL: url, OK: types.BoolValue(probe.Problem == nil), Problem: types.StringValue(""), Kind: types.StringValue("")}
	if probe.Problem != nil {
		m.Problem = types.StringValue(probe.Problem.Error())
		m.Kind = types.StringValue(probe.Problem.Kind)
	}
	m.StatusCode = types.Int64Value(int64(probe.Status))
	m.ResponseTimeMS = types.Int64Value(probe.Duration.Milliseconds())
	return m
}
