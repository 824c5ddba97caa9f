package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnox"
)

var (
	_ resource.ResourceWithModifyPlan  = (*subscriptionResource)(nil)
	_ resource.ResourceWithImportState = (*subscriptionResource)(nil)
)

// subscriptionResource is the one implementation behind every
// cinnox_<event>_event_subscription resource; event says which. data is the
// configured provider's, nil while the provider is not configured (at
// validate, or when its configuration is still unknown).
type subscriptionResource struct {
	event eventType
	data  *providerData
}

type subscriptionModel struct {
	ID        types.String   `tfsdk:"id"`
	AppID     types.String   `tfsdk:"app_id"`
	URL       types.String   `tfsdk:"url"`
	Enabled   types.Bool     `tfsdk:"enabled"`
	UpdatedAt types.String   `tfsdk:"updated_at"`
	Timeouts  timeouts.Value `tfsdk:"timeouts"`
}

// Default operation timeouts; each covers the request, its retries and any
// wait for the rate limit.
const (
	defaultCreateTimeout = 5 * time.Minute
	defaultUpdateTimeout = 5 * time.Minute
	defaultDeleteTimeout = 5 * time.Minute
)

func (r *subscriptionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.event.name + "_event_subscription"
}

func (r *subscriptionResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	updatedAt := "When CINNOX last changed the subscription, as reported by the API (RFC 3339)."
	if !r.event.returnsUpdatedAt {
		updatedAt = "Always null: the CINNOX " + r.event.title + " endpoint does not report when a subscription changed."
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: fmt.Sprintf("Subscribes a webhook to CINNOX %[1]s events (`%[2]s-event-sub`). %[3]s\n\n"+
			"There is one %[1]s subscription per app: creating this resource subscribes the webhook (replacing any "+
			"earlier %[1]s subscription of the app), changing `url` moves the subscription, and destroying the "+
			"resource unsubscribes.\n\n"+
			"Before it accepts a URL, CINNOX verifies the webhook: it POSTs `{\"challenge\": \"<random>\"}` and the "+
			"endpoint must answer HTTP 200 with `{\"code\": 0, \"result\": {\"challenge\": \"<the same string>\"}}`.\n\n"+
			"~> The CINNOX API has no call that reads a subscription back, so Terraform cannot detect changes made "+
			"outside Terraform (for example in the CINNOX Web Dashboard). `terraform plan` sends no request; "+
			"`terraform apply` re-asserts the configured URL when the configuration changes.\n\n"+
			"To pause the subscription without destroying it, set `enabled = false`: CINNOX stops sending "+
			"notifications and the resource stays managed; `enabled = true` (the default) resumes it, with a "+
			"new webhook verification.\n\n"+
			"## Notification payload\n\nCINNOX POSTs JSON with these fields to the webhook:\n\n%[4]s",
			r.event.title, r.event.segment, r.event.description, r.event.notification),
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The app ID: an app has at most one " + r.event.title + " subscription.",
			},
			"app_id": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "The App ID of the CINNOX app to subscribe. Defaults to the provider's `app_id` " +
					"(or `" + EnvAppID + "`); one of the two must be set. Changing it unsubscribes the old app " +
					"and subscribes the new one.",
			},
			"url": schema.StringAttribute{
				Required:  true,
				Sensitive: true,
				MarkdownDescription: "The webhook URL CINNOX sends " + r.event.title + " notifications to: an absolute " +
					"`https://` (or `http://`) URL. It must answer CINNOX's verification challenge, or the " +
					"subscription fails. Changing it updates the subscription in place. Sensitive: CINNOX does not sign " +
					"its notifications, so a secret in the URL (a path segment, a query parameter, credentials) is how a " +
					"receiver tells CINNOX's from anyone else's; plans show `(sensitive value)`, and errors and logs " +
					"show only its scheme, host and path.",
				Validators: []validator.String{webhookURLValidator{}},
			},
			"enabled": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				MarkdownDescription: "Set to `false` to pause the subscription while keeping it managed: CINNOX stops " +
					"sending notifications until it is `true` again (the default). Pausing sends no webhook challenge; " +
					"resuming does. The value in state is what CINNOX reported (`result.enabled`); `null` when a request's " +
					"outcome could not be known (see \"Interrupted and timed-out applies\" on the provider page), " +
					"so that the next apply sends it again.",
			},
			"updated_at": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: updatedAt,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{
				Create: true, Update: true, Delete: true,
				CreateDescription: timeoutDescription("subscribing", defaultCreateTimeout),
				UpdateDescription: timeoutDescription("changing the url", defaultUpdateTimeout),
				DeleteDescription: timeoutDescription("unsubscribing", defaultDeleteTimeout),
			}),
		},
	}
}

func timeoutDescription(what string, def time.Duration) string {
	return fmt.Sprintf("How long %s may take, retries and rate-limit waits included, as a duration such as "+
		"`30s` or `2m`. Default `%s`.", what, strings.TrimSuffix(def.String(), "0s"))
}

// ModifyPlan fills app_id (and id) from the provider, replaces the resource
// when the app changes, and predicts updated_at. (enabled has a schema
// default.)
func (r *subscriptionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	if r.unchanged(req) {
		return
	}
	var plan subscriptionModel
	var configAppID types.String
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("app_id"), &configAppID)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var state *subscriptionModel
	if !req.State.Raw.IsNull() {
		state = &subscriptionModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}

	// app_id is resolved here, in one place: from the resource, else from
	// the provider. An empty one gets an error that says what to do.
	if !configAppID.IsNull() && !configAppID.IsUnknown() && configAppID.ValueString() == "" {
		resp.Diagnostics.AddAttributeError(path.Root("app_id"), "Empty CINNOX app ID",
			fmt.Sprintf("app_id on this %s resource is empty. Set it to the App ID the CINNOX Web Dashboard "+
				"shows under Administration > Service Integration > API, or remove it to use the provider's "+
				"app_id (or the %s environment variable).", r.typeName(), EnvAppID))
		return
	}
	if configAppID.IsNull() {
		switch {
		case r.data != nil && r.data.appID != "":
			plan.AppID = types.StringValue(r.data.appID)
		case r.data != nil:
			resp.Diagnostics.AddAttributeError(path.Root("app_id"), "Missing CINNOX app ID",
				fmt.Sprintf("Set app_id on this %s resource, or app_id in the provider \"cinnox\" block "+
					"(or the %s environment variable) to the App ID the CINNOX Web Dashboard shows under "+
					"Administration > Service Integration > API.", r.typeName(), EnvAppID))
			return
		case state != nil:
			// The provider's configuration is not known yet; assume its
			// app_id is unchanged rather than plan a replacement.
			plan.AppID = state.AppID
		default:
			plan.AppID = types.StringUnknown()
		}
	}
	plan.ID = plan.AppID

	if state != nil && !plan.AppID.Equal(state.AppID) {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("app_id"))
	}

	// A successful apply leaves the subscription as planned: an answer
	// that says otherwise is an error.
	if state != nil && !r.changesSubscription(plan, *state) {
		plan.UpdatedAt = state.UpdatedAt
	} else {
		plan.UpdatedAt = types.StringUnknown()
		if !r.event.returnsUpdatedAt {
			plan.UpdatedAt = types.StringNull()
		}
	}
	// Only these three differ from the framework's plan: setting them one by
	// one is cheaper than encoding the whole model again.
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("app_id"), plan.AppID)...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), plan.ID)...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("updated_at"), plan.UpdatedAt)...)
}

// unchanged reports whether the plan is the prior state and the app it
// names is still the one to use: the plan of an applied configuration. That
// is the common case in a large plan, so it is checked on the raw values,
// without decoding them into the model.
func (r *subscriptionResource) unchanged(req resource.ModifyPlanRequest) bool {
	if req.State.Raw.IsNull() {
		return false
	}
	plan, state := attributes(req.Plan.Raw), attributes(req.State.Raw)
	if plan == nil || len(plan) != len(state) {
		return false
	}
	for name, v := range plan {
		if !v.Equal(state[name]) {
			return false
		}
	}
	if r.data == nil || !attributes(req.Config.Raw)["app_id"].IsNull() {
		return true
	}
	// The app comes from the provider: has the provider's app_id changed?
	var current string
	_ = state["app_id"].As(&current)
	return current == r.data.appID
}

// attributes returns the attributes of an object value, nil if it is null
// or unknown.
func attributes(v tftypes.Value) map[string]tftypes.Value {
	var m map[string]tftypes.Value
	if v.As(&m) != nil {
		return nil
	}
	return m
}

func (r *subscriptionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan subscriptionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	r.apply(ctx, opCreate, timeout, &plan, &resp.State, &resp.Diagnostics)
}

// Read makes no request: the API has no call that reads a subscription, so
// the state stays as the last apply left it.
func (r *subscriptionResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r *subscriptionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state subscriptionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !r.changesSubscription(plan, state) {
		// Only timeouts changed: nothing to tell CINNOX.
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, defaultUpdateTimeout)
	resp.Diagnostics.Append(diags...)
	r.apply(ctx, opUpdate, timeout, &plan, &resp.State, &resp.Diagnostics)
}

// apply sends the planned subscription to CINNOX within timeout and records
// the outcome in state: what CINNOX answered; on a failure that may have
// taken effect, the plan with enabled unknown (null), so that Terraform
// taints a new resource and plans an existing one again; on any other
// failure, nothing (the framework keeps the prior state of an update).
func (r *subscriptionResource) apply(ctx context.Context, kind opKind, timeout time.Duration, plan *subscriptionModel, state *tfsdk.State, diags *diag.Diagnostics) {
	if diags.HasError() || !r.configured(diags) {
		return
	}
	opCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	action := r.action(plan)
	sub, err := r.subscribe(opCtx, plan)
	var webhookErr *cinnox.WebhookError
	switch {
	case errors.As(err, &webhookErr) && webhookErr.Refusal == nil:
		addCheckFailure(diags, plan.URL.ValueString(), webhookErr) // nothing was sent
		return
	case err == nil:
		plan.ID = plan.AppID
		plan.Enabled = types.BoolValue(sub.Enabled)
		plan.UpdatedAt = types.StringNull()
		if r.event.returnsUpdatedAt && sub.UpdatedAt != "" {
			plan.UpdatedAt = types.StringValue(sub.UpdatedAt)
		}
	case cinnox.MayHaveTakenEffect(err):
		plan.ID = plan.AppID
		plan.Enabled = types.BoolNull()
		plan.UpdatedAt = types.StringNull()
		r.addFailure(opCtx, diags, kind, action, plan.AppID.ValueString(), timeout, err, "")
	default:
		r.addFailure(opCtx, diags, kind, action, plan.AppID.ValueString(), timeout, err,
			webhookFinding(err, plan.URL.ValueString()))
		return
	}
	diags.Append(state.Set(ctx, plan)...)
}

func (r *subscriptionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state subscriptionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.configured(&resp.Diagnostics) {
		return
	}
	if state.URL.IsNull() {
		resp.Diagnostics.AddError(fmt.Sprintf("Cannot unsubscribe %s events of app %q", r.event.title, state.AppID.ValueString()),
			"The CINNOX API needs the webhook URL to unsubscribe, and this subscription was imported and never "+
				"applied, so Terraform does not know it. Run terraform apply once (it re-asserts the configured url), "+
				"then destroy; or forget the resource with terraform state rm.")
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	opCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	appID := state.AppID.ValueString()
	// On any failure the resource stays in state, so the next destroy sends
	// the request again; enabled is unknown (null) if CINNOX may have
	// disabled it.
	if _, err := r.data.client.Unsubscribe(opCtx, appID, r.event.segment, state.URL.ValueString()); err != nil {
		r.addFailure(opCtx, &resp.Diagnostics, opDelete, "unsubscribe", appID, timeout, err, "")
		if cinnox.MayHaveTakenEffect(err) {
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("enabled"), types.BoolNull())...)
		}
	}
}

// ImportState takes the app ID: there is one subscription per event type
// per app. The url is learnt from the configuration at the next apply.
func (r *subscriptionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID == "" {
		resp.Diagnostics.AddError("Missing app ID", fmt.Sprintf("Import a %s by the App ID of its app, e.g. "+
			"terraform import %s.example <app_id>.", r.typeName(), r.typeName()))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("app_id"), req.ID)...)
}

// changesSubscription reports whether going from state to plan needs a
// request: a new app, url or enabled.
func (r *subscriptionResource) changesSubscription(plan, state subscriptionModel) bool {
	return !plan.AppID.Equal(state.AppID) || !plan.URL.Equal(state.URL) ||
		state.Enabled.IsNull() || !plan.Enabled.Equal(state.Enabled)
}

// action names what applying m asks of CINNOX.
func (r *subscriptionResource) action(m *subscriptionModel) string {
	if m.Enabled.ValueBool() {
		return "subscribe"
	}
	return "pause"
}

// subscribe PATCHes the planned subscription (enabled = true, or false to
// pause it) and returns what CINNOX answered. Subscribing checks the
// webhook, and waits for it to become ready, as the provider is set to.
func (r *subscriptionResource) subscribe(ctx context.Context, m *subscriptionModel) (*cinnox.Subscription, error) {
	appID, url := m.AppID.ValueString(), m.URL.ValueString()
	if !m.Enabled.ValueBool() {
		return r.data.client.Unsubscribe(ctx, appID, r.event.segment, url)
	}
	return r.data.subscriber.Subscribe(ctx, appID, r.event.segment, url)
}

func (r *subscriptionResource) configured(diags *diag.Diagnostics) bool {
	if r.data == nil {
		diags.AddError("CINNOX provider is not configured",
			"The provider \"cinnox\" block had values that were still unknown. Make sure base_url and app_token "+
				"(or CINNOX_BASE_URL and CINNOX_APP_TOKEN) are known before resources are applied.")
		return false
	}
	return true
}

func (r *subscriptionResource) typeName() string {
	return "cinnox_" + r.event.name + "_event_subscription"
}
