package provider

import (
	"context"
	"errors"
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
	_ resource.ResourceWithModifyPlan       = (*subscriptionResource)(nil)
	_ resource.ResourceWithImportState      = (*subscriptionResource)(nil)
	_ resource.ResourceWithValidateConfig   = (*subscriptionResource)(nil)
	_ resource.ResourceWithConfigValidators = (*subscriptionResource)(nil)
)

// subscriptionResource is the one implementation behind every
// cinnox_<event>_event_subscription resource; event says which. data is the
// configured provider's, nil while the provider is not configured (at
// validate, or when its configuration is still unknown).
type subscriptionResource struct {
	event eventType
	data  *providerData
}

// subscriptionModel is a subscription's plan, state or configuration: one
// field per attribute of the schema (subscription_schema.go).
type subscriptionModel struct {
	ID        types.String   `tfsdk:"id"`
	AppID     types.String   `tfsdk:"app_id"`
	URL       types.String   `tfsdk:"url"`
	URLWO     types.String   `tfsdk:"url_wo"` // write-only: null but in the configuration
	URLWOSeal types.String   `tfsdk:"url_wo_seal"`
	Enabled   types.Bool     `tfsdk:"enabled"`
	UpdatedAt types.String   `tfsdk:"updated_at"`
	Timeouts  timeouts.Value `tfsdk:"timeouts"`
}

// The attributes that the code names, beside the model's tags and the
// schema: ModifyPlan, the config validators, ImportState and the errors.
var (
	idPath        = path.Root("id")
	appIDPath     = path.Root("app_id")
	urlPath       = path.Root("url")
	urlWOPath     = path.Root("url_wo")
	urlWOSealPath = path.Root("url_wo_seal")
	enabledPath   = path.Root("enabled")
	timeoutsPath  = path.Root("timeouts")
	updatedAtPath = path.Root("updated_at")
)

// Default operation timeouts; each covers the request, its retries and any
// wait for the rate limit.
const (
	defaultCreateTimeout = 5 * time.Minute
	defaultUpdateTimeout = 5 * time.Minute
	defaultDeleteTimeout = 5 * time.Minute
)

func (r *subscriptionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.event.Name + "_event_subscription"
}

func (r *subscriptionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan subscriptionModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	url := webhookURL(ctx, req.Config, &plan, &resp.Diagnostics)
	r.apply(ctx, operation{opCreate, timeout, url}, &plan, applied{resp.Private, &resp.State, &resp.Diagnostics})
}

// Read makes no request: the API has no call that reads a subscription, so
// the state stays as the last apply left it.
func (r *subscriptionResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r *subscriptionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state subscriptionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	if !r.changesSubscription(plan, state) && (r.data == nil || !r.data.resubscribe) {
		// Only timeouts changed: nothing to tell CINNOX.
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, defaultUpdateTimeout)
	resp.Diagnostics.Append(diags...)
	url := webhookURL(ctx, req.Config, &plan, &resp.Diagnostics)
	r.apply(ctx, operation{opUpdate, timeout, url}, &plan, applied{resp.Private, &resp.State, &resp.Diagnostics})
}

// operation is one create or update: its kind, its timeout and the
// webhook url it sends (url, or the configuration's url_wo).
type operation struct {
	kind    opKind
	timeout time.Duration
	url     string
}

// apply sends the planned subscription to CINNOX within the operation's
// timeout and records the outcome in state: what CINNOX answered; on a
// failure that may have taken effect, the plan with enabled unknown (null),
// so that Terraform taints a new resource and plans an existing one again;
// on any other failure, nothing (the framework keeps the prior state of an
// update). Whenever the request may have reached CINNOX, a url_wo is kept
// sealed in url_wo_seal, for a later unsubscribe.
func (r *subscriptionResource) apply(ctx context.Context, op operation, plan *subscriptionModel, out applied) {
	private, state, diags := out.private, out.state, out.diags
	kind, timeout := op.kind, op.timeout
	if diags.HasError() || !r.configured(diags) {
		return
	}
	opCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	action := r.action(plan)
	key := subscriptionKey{plan.AppID.ValueString(), r.event.Segment}
	endTurn, err := r.data.claims.turn(opCtx, key)
	if err != nil {
		diags.Append(requestFailed(opCtx, r.failure(kind, action, key.appID, timeout, errWaitedForTurn)))
		return
	}
	defer endTurn()
	defer r.data.begin(subscribeStep)()
	sub, err := r.subscribe(opCtx, plan, op.url)
	var webhookErr *cinnox.WebhookError
	switch {
	case errors.As(err, &webhookErr) && webhookErr.Refusal == nil:
		diags.Append(checkFailed(op.url, webhookErr)) // nothing was sent
		return
	case err == nil:
		r.data.claims.setSubscribed(key, sub.Enabled)
		plan.ID = plan.AppID
		plan.Enabled = types.BoolValue(sub.Enabled)
		plan.UpdatedAt = types.StringNull()
		if r.event.ReturnsUpdatedAt && sub.UpdatedAt != "" {
			plan.UpdatedAt = types.StringValue(sub.UpdatedAt)
		}
	case cinnox.MayHaveTakenEffect(err):
		plan.ID = plan.AppID
		plan.Enabled = types.BoolNull()
		plan.UpdatedAt = types.StringNull()
		diags.Append(requestFailed(opCtx, r.failure(kind, action, key.appID, timeout, err)))
	default:
		f := r.failure(kind, action, key.appID, timeout, err)
		f.finding, f.todo = webhookFinding(err, op.url)
		diags.Append(requestFailed(opCtx, f))
		return
	}
	r.keepOwner(ctx, key, private, diags)
	diags.Append(r.keepURL(plan, op.url)...)
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
	// What the unsubscribe needs, attribute by attribute, as a plan reads it
	// (decidedOn).
	state := decidedOn(ctx, req.State, &resp.Diagnostics)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, timeoutsPath, &state.Timeouts)...)
	if resp.Diagnostics.HasError() || !r.configured(&resp.Diagnostics) {
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
	key := subscriptionKey{appID, r.event.Segment}
	r.data.begin(unsubscribeStep)()
	endTurn, err := r.data.claims.turn(opCtx, key)
	if err != nil {
		resp.Diagnostics.Append(requestFailed(opCtx, r.failure(opDelete, "unsubscribe", appID, timeout, errWaitedForTurn)))
		return
	}
	defer endTurn()
	if why := r.notUnsubscribing(ctx, req.Private, key); why != "" {
		tflog.Info(ctx, "not unsubscribing: "+why, map[string]any{"app_id": appID, "event": r.event.Segment})
		return
	}
	url, problem := r.urlToUnsubscribe(&state)
	if problem != nil {
		resp.Diagnostics.Append(problem)
		return
	}
	// On any failure the resource stays in state, so the next destroy sends
	// the request again; enabled is unknown (null) if CINNOX may have
	// disabled it.
	if _, err := r.data.subscriber.Client.Unsubscribe(opCtx, appID, r.event.Segment, url); err != nil {
		resp.Diagnostics.Append(requestFailed(opCtx, r.failure(opDelete, "unsubscribe", appID, timeout, err)))
		if cinnox.MayHaveTakenEffect(err) {
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, enabledPath, types.BoolNull())...)
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
		resp.Diagnostics.Append(missingImportID(r.typeName()))
		return
	}
	if err := cinnox.CheckAppID(req.ID); err != nil {
		resp.Diagnostics.Append(invalidImportID(r.typeName(), req.ID, err))
		return
	}
	// The framework's idiom: the state starts null, attribute by attribute.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, idPath, req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, appIDPath, req.ID)...)
}

// changesSubscription reports whether going from state to plan needs a
// request: a new app, url (or url_wo, whose seal is then unknown) or
// enabled.
func (r *subscriptionResource) changesSubscription(plan, state subscriptionModel) bool {
	return !plan.AppID.Equal(state.AppID) || !plan.URL.Equal(state.URL) || plan.URLWOSeal.IsUnknown() ||
		state.Enabled.IsNull() || !plan.Enabled.Equal(state.Enabled)
}

// action names what applying m asks of CINNOX.
func (r *subscriptionResource) action(m *subscriptionModel) string {
	if m.Enabled.ValueBool() {
		return "subscribe"
	}
	return "pause"
}

// subscribe PATCHes the planned subscription with url (enabled = true, or
// false to pause it) and returns what CINNOX answered. Subscribing checks the
// webhook, and waits for it to become ready, as the provider is set to.
func (r *subscriptionResource) subscribe(ctx context.Context, m *subscriptionModel, url string) (*cinnox.Subscription, error) {
	appID := m.AppID.ValueString()
	if !m.Enabled.ValueBool() {
		return r.data.subscriber.Client.Unsubscribe(ctx, appID, r.event.Segment, url)
	}
	return r.data.subscriber.Subscribe(ctx, appID, r.event.Segment, url)
}

func (r *subscriptionResource) configured(diags *diag.Diagnostics) bool {
	if r.data != nil && r.data.missing.HasError() {
		diags.Append(r.data.missing...)
		return false
	}
	if r.data == nil {
		diags.Append(notConfigured())
		return false
	}
	return true
}

// failure describes a failed request of this resource, for requestFailed.
func (r *subscriptionResource) failure(kind opKind, action, appID string, timeout time.Duration, err error) failure {
	return failure{kind: kind, action: action, title: r.event.Title, typeName: r.typeName(), appID: appID, timeout: timeout, err: err}
}

func (r *subscriptionResource) typeName() string {
	return "cinnox_" + r.event.Name + "_event_subscription"
}
