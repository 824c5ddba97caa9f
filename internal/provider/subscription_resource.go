package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

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

func (r *subscriptionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan subscriptionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	r.apply(ctx, opCreate, timeout, &plan, applied{resp.Private, &resp.State, &resp.Diagnostics})
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
	r.apply(ctx, opUpdate, timeout, &plan, applied{resp.Private, &resp.State, &resp.Diagnostics})
}

// apply sends the planned subscription to CINNOX within timeout and records
// the outcome in state: what CINNOX answered; on a failure that may have
// taken effect, the plan with enabled unknown (null), so that Terraform
// taints a new resource and plans an existing one again; on any other
// failure, nothing (the framework keeps the prior state of an update).
func (r *subscriptionResource) apply(ctx context.Context, kind opKind, timeout time.Duration, plan *subscriptionModel, out applied) {
	private, state, diags := out.private, out.state, out.diags
	if diags.HasError() || !r.configured(diags) {
		return
	}
	opCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	action := r.action(plan)
	key := subscriptionKey{plan.AppID.ValueString(), r.event.segment}
	endTurn, err := r.data.claims.turn(opCtx, key)
	if err != nil {
		r.addFailure(opCtx, diags, failure{kind: kind, action: action, appID: key.appID, timeout: timeout, err: errWaitedForTurn})
		return
	}
	defer endTurn()
	sub, err := r.subscribe(opCtx, plan)
	var webhookErr *cinnox.WebhookError
	switch {
	case errors.As(err, &webhookErr) && webhookErr.Refusal == nil:
		addCheckFailure(diags, plan.URL.ValueString(), webhookErr) // nothing was sent
		return
	case err == nil:
		r.data.claims.setSubscribed(key, sub.Enabled)
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
		r.addFailure(opCtx, diags, failure{kind: kind, action: action, appID: plan.AppID.ValueString(), timeout: timeout, err: err})
	default:
		finding, todo := webhookFinding(err, plan.URL.ValueString())
		r.addFailure(opCtx, diags, failure{kind: kind, action: action, appID: plan.AppID.ValueString(), timeout: timeout,
			err: err, finding: finding, todo: todo})
		return
	}
	if owner := r.data.claims.ownerOf(key); owner != "" {
		// The owner token this resource's plan claimed with, for the
		// plans of later runs (see claims.go).
		diags.Append(private.SetKey(ctx, ownerKey, []byte(owner))...)
	}
	diags.Append(state.Set(ctx, plan)...)
}

// applied is where apply records its outcome: the response of a Create or
// an Update.
type applied struct {
	private privateState
	state   *tfsdk.State
	diags   *diag.Diagnostics
}

// privateState is a resource's private state in an apply response.
type privateState interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
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
	key := subscriptionKey{appID, r.event.segment}
	endTurn, err := r.data.claims.turn(opCtx, key)
	if err != nil {
		r.addFailure(opCtx, &resp.Diagnostics, failure{kind: opDelete, action: "unsubscribe", appID: appID, timeout: timeout, err: errWaitedForTurn})
		return
	}
	defer endTurn()
	if r.data.claims.subscribedHere(key) {
		// Another address of this configuration subscribed it in this
		// apply (a rename without a moved block): unsubscribing now would
		// undo that.
		tflog.Info(ctx, "not unsubscribing: another resource subscribed it in this apply",
			map[string]any{"app_id": appID, "event": r.event.segment})
		return
	}
	// On any failure the resource stays in state, so the next destroy sends
	// the request again; enabled is unknown (null) if CINNOX may have
	// disabled it.
	if _, err := r.data.subscriber.Client.Unsubscribe(opCtx, appID, r.event.segment, state.URL.ValueString()); err != nil {
		r.addFailure(opCtx, &resp.Diagnostics, failure{kind: opDelete, action: "unsubscribe", appID: appID, timeout: timeout, err: err})
		if cinnox.MayHaveTakenEffect(err) {
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("enabled"), types.BoolNull())...)
		}
		return
	}
	r.data.claims.setSubscribed(key, false)
}

// errWaitedForTurn is the failure of an operation whose time ran out, or
// that was stopped, while another request for the same subscription was
// in flight: nothing was sent.
var errWaitedForTurn = errors.New("nothing was sent: another request of this apply for the same subscription " +
	"(from another resource address) was still in flight")

// ImportState takes the app ID: there is one subscription per event type
// per app. The url is learnt from the configuration at the next apply.
func (r *subscriptionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID == "" {
		resp.Diagnostics.AddError("Missing app ID", fmt.Sprintf("Import a %s by the App ID of its app, e.g. "+
			"terraform import %s.example <app_id>.", r.typeName(), r.typeName()))
		return
	}
	if err := cinnox.CheckAppID(req.ID); err != nil {
		resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("The import ID %q %s. The import ID of a %s is "+
			"the App ID of its app alone, as the CINNOX Web Dashboard shows it under Administration > Service "+
			"Integration > API: terraform import %s.example <app_id>, or an import block with id = \"<app_id>\". "+
			"Nothing was imported.", req.ID, err, r.typeName(), r.typeName()))
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
		return r.data.subscriber.Client.Unsubscribe(ctx, appID, r.event.segment, url)
	}
	return r.data.subscriber.Subscribe(ctx, appID, r.event.segment, url)
}

func (r *subscriptionResource) configured(diags *diag.Diagnostics) bool {
	if r.data != nil && r.data.missing.HasError() {
		diags.Append(r.data.missing...)
		return false
	}
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
