package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnox"
)

var _ ephemeral.EphemeralResource = (*webhookCheckEphemeralResource)(nil)

// webhookCheckEphemeralResource is the ephemeral cinnox_webhook_check: the
// data source's check (checkWebhook), for a url that must stay out of the
// state and the plan. Terraform stores neither its arguments nor its
// results, so it can check a webhook subscribed with url_wo from the same
// ephemeral variable.
type webhookCheckEphemeralResource struct {
	checker *cinnox.WebhookChecker
}

func (e *webhookCheckEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhook_check"
}

func (e *webhookCheckEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: webhookCheckDescription +
			"As an ephemeral resource (Terraform 1.10+, OpenTofu 1.11+) it stores nothing: neither its `url` nor " +
			"its results are written to the state or to a plan file. Give it the ephemeral variable that sets a " +
			"subscription's `url_wo`, and the webhook is watched without its secret at rest. It runs at every " +
			"plan and again at apply.\n\n" +
			"Its results are ephemeral too, and Terraform does not print a check block's `error_message` that " +
			"refers to one: so a failed check also warns, naming the endpoint by scheme and host and saying what " +
			"it answered (`problem`), and the check block's message can be a fixed text.",
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

func (e *webhookCheckEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m webhookCheckModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m = checkWebhook(ctx, e.checker, m.URL)
	if !m.OK.ValueBool() {
		resp.Diagnostics.Append(webhookNotAnswering(m.URL.ValueString(), m.Problem.ValueString()))
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}
