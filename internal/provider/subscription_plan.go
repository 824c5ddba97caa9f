package provider

// Planning a subscription: app_id from the resource or the provider,
// replacement when the app changes, and the unchanged-plan shortcut.

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// ModifyPlan fills app_id (and id) from the provider, replaces the resource
// when the app changes (but refuses to replace an import never applied:
// its unsubscribe could not be sent), or to subscribe again after a rename
// (see claims.go), plans url_wo_seal (see sealed_url.go) and predicts
// updated_at. (enabled has a schema default.)
func (r *subscriptionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.credentialsMissing(&resp.Diagnostics) {
		return
	}
	if req.Plan.Raw.IsNull() {
		defer r.data.begin(planDestroyStep)()
		r.planDestroy(ctx, req, resp)
		return
	}
	defer r.data.begin(planStep)()
	raw := rawValues{plan: attributes(req.Plan.Raw), state: attributes(req.State.Raw), config: attributes(req.Config.Raw)}
	wo := stringOf(raw.config["url_wo"])
	var priorAppID string
	_ = raw.state["app_id"].As(&priorAppID)
	seal := r.plannedSeal(wo, priorAppID, stringOf(raw.state["url_wo_seal"]), &resp.Diagnostics)
	if !seal.IsUnknown() && r.unchanged(raw) {
		if r.claim(ctx, priorAppID, true, req, resp) == moveResubscribe {
			r.resubscribe(ctx, priorAppID, resp)
		}
		return
	}
	plan, state, ok := r.planned(ctx, raw, &resp.Diagnostics)
	if !ok {
		return
	}
	if state != nil && neverApplied(raw.state) && !plan.AppID.IsUnknown() && !plan.AppID.Equal(state.AppID) {
		resp.Diagnostics.Append(importIDDiffers(state.AppID.ValueString(), plan.AppID.ValueString(), raw.config["app_id"].IsNull()))
		return
	}
	plan.ID = plan.AppID
	plan.URLWOSeal = seal
	m := noMove
	if !plan.AppID.IsUnknown() {
		holds := state != nil && plan.AppID.Equal(state.AppID)
		m = r.claim(ctx, plan.AppID.ValueString(), holds, req, resp)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	if state != nil && !plan.AppID.Equal(state.AppID) {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("app_id"))
	}
	webhook := plan.URL
	if webhook.IsNull() {
		webhook = wo
	}
	if r.data != nil && !r.data.baseOnLoopback && !webhook.IsUnknown() && unreachableFromCINNOX(webhook.ValueString()) {
		resp.Diagnostics.Append(unreachableWebhook(webhook.ValueString()))
	}
	plan.UpdatedAt = r.plannedUpdatedAt(plan, state)
	if !setPlanned(ctx, raw, plan, resp) {
		return
	}
	if m == moveResubscribe {
		r.resubscribe(ctx, plan.AppID.ValueString(), resp)
	}
}

// setPlanned sets the four values that differ from the framework's plan,
// in one encode; false if it failed.
func setPlanned(ctx context.Context, raw rawValues, plan subscriptionModel, resp *resource.ModifyPlanResponse) bool {
	planned, diags := withValues(ctx, resp.Plan.Raw.Type(), raw.plan, map[string]attr.Value{
		"app_id": plan.AppID, "url_wo_seal": plan.URLWOSeal, "id": plan.ID, "updated_at": plan.UpdatedAt,
	})
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return false
	}
	resp.Plan.Raw = planned
	return true
}

// credentialsMissing reports whether the provider lacks the credentials
// every resource needs; the first resource planned reports them, so that
// the plan fails with them once, and the others are left unplanned.
func (r *subscriptionResource) credentialsMissing(diags *diag.Diagnostics) bool {
	if r.data == nil || !r.data.missing.HasError() {
		return false
	}
	if !r.data.missingReported.Swap(true) {
		diags.Append(r.data.missing...)
	}
	return true
}

// planned decodes the plan, with its app_id resolved (see resolveAppID),
// and the prior state, nil for a new resource.
func (r *subscriptionResource) planned(ctx context.Context, raw rawValues, diags *diag.Diagnostics) (subscriptionModel, *subscriptionModel, bool) {
	plan, d := modelOfAttributes(ctx, raw.plan)
	if diags.Append(d...); diags.HasError() {
		return plan, nil, false
	}
	var state *subscriptionModel
	if raw.state != nil {
		s, d := modelOfAttributes(ctx, raw.state)
		if diags.Append(d...); diags.HasError() {
			return plan, nil, false
		}
		state = &s
	}
	return plan, state, r.resolveAppID(&plan, state, stringOf(raw.config["app_id"]), diags)
}

// resolveAppID sets the plan's app_id, in one place: from the resource,
// else from the provider. An empty or missing one gets an error that says
// what to do.
func (r *subscriptionResource) resolveAppID(plan, state *subscriptionModel, configAppID types.String, diags *diag.Diagnostics) bool {
	switch {
	case !configAppID.IsNull() && !configAppID.IsUnknown() && configAppID.ValueString() == "":
		diags.Append(emptyResourceAppID(r.typeName()))
		return false
	case !configAppID.IsNull():
		// The resource's own (the plan holds it already).
	case r.data != nil && r.data.appID != "":
		plan.AppID = types.StringValue(r.data.appID)
	case r.data != nil:
		diags.Append(missingAppID(r.typeName()))
		return false
	case state != nil:
		// The provider's configuration is not known yet; assume its
		// app_id is unchanged rather than plan a replacement.
		plan.AppID = state.AppID
	default:
		plan.AppID = types.StringUnknown()
	}
	return true
}

// plannedUpdatedAt predicts updated_at: unchanged when nothing is sent,
// else known after apply (null for an event type whose answer has none). A
// successful apply leaves the subscription as planned: an answer that says
// otherwise is an error.
func (r *subscriptionResource) plannedUpdatedAt(plan subscriptionModel, state *subscriptionModel) types.String {
	switch {
	case state != nil && !r.changesSubscription(plan, *state):
		return state.UpdatedAt
	case r.event.ReturnsUpdatedAt:
		return types.StringUnknown()
	}
	return types.StringNull()
}

// rawValues are the attributes of a plan's raw values, read once: a plan
// of an applied configuration is the common case in a large plan, and it
// is decided on them, without decoding the model.
type rawValues struct {
	plan, state, config map[string]tftypes.Value
}

// unchanged reports whether the plan is the prior state and the app it
// names is still the one to use: the plan of an applied configuration.
func (r *subscriptionResource) unchanged(raw rawValues) bool {
	plan, state := raw.plan, raw.state
	if state == nil || plan == nil || len(plan) != len(state) {
		return false
	}
	for name, v := range plan {
		if !v.Equal(state[name]) {
			return false
		}
	}
	if r.data == nil || !raw.config["app_id"].IsNull() {
		return true
	}
	// The app comes from the provider: has the provider's app_id changed?
	var current string
	_ = state["app_id"].As(&current)
	return current == r.data.appID
}

// stringOf is a raw string value (the zero Value, of an attribute that
// is not there, is null) as a types.String.
func stringOf(v tftypes.Value) types.String {
	var str string
	switch {
	case !v.IsKnown():
		return types.StringUnknown()
	case v.IsNull() || v.As(&str) != nil:
		return types.StringNull()
	}
	return types.StringValue(str)
}

// attributes returns the attributes of an object value, nil if it is null
// or unknown.
func attributes(v tftypes.Value) map[string]tftypes.Value {
	var m map[string]tftypes.Value
	if !v.IsKnown() || v.IsNull() || v.As(&m) != nil {
		return nil
	}
	return m
}

// claim records that this resource plans to hold the subscription of appID
// (see claims; holds: its state holds it already), and fails the plan when
// another resource of this provider configuration holds it too. It returns
// what a move from another address asks of this plan.
func (r *subscriptionResource) claim(ctx context.Context, appID string, holds bool, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) move {
	if r.data == nil {
		return noMove // the app is not known yet: the apply's final plan claims it
	}
	owner := ownerToken(ctx, req)
	if owner == "" {
		owner = `"` + newOwnerToken() + `"`
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, ownerKey, []byte(owner))...)
	}
	conflict, m := r.data.claims.claim(subscriptionKey{appID, r.event.Segment}, owner, holds)
	switch {
	case conflict:
		resp.Diagnostics.Append(duplicateClaim(r.typeName(), r.event.Title, appID))
	case m == moveToNew:
		resp.Diagnostics.Append(movedWithoutBlock(r.typeName(), r.event.Title, appID))
	}
	return m
}

// Private state marks of a move over several applies (see claims.go): a
// planned destroy to forget without unsubscribing, and a replace whose
// delete half is skipped because its create subscribes again.
const (
	forgetKey      = "forget"
	resubscribeKey = "resubscribe"
)

// resubscribe plans the replacement of a resource whose state holds a
// subscription that another address, planned first, unsubscribes in this
// apply: its create subscribes again. updated_at (unknown) is what changes;
// the mark skips the unsubscribe of the delete half.
func (r *subscriptionResource) resubscribe(ctx context.Context, appID string, resp *resource.ModifyPlanResponse) {
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("updated_at"), types.StringUnknown())...)
	resp.RequiresReplace = append(resp.RequiresReplace, path.Root("updated_at"))
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, resubscribeKey, []byte("true"))...)
	resp.Diagnostics.Append(resubscribing(r.typeName(), r.event.Title, appID))
}

// planDestroy records that this resource's subscription is planned to be
// destroyed, to tell a move to another address; when that address holds
// the subscription in its state already, the destroy is marked to forget
// it without unsubscribing. A destroy that would unsubscribe a
// subscription imported and never applied fails here, before anything is
// applied: its url, which CINNOX needs, is not known.
func (r *subscriptionResource) planDestroy(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil || req.State.Raw.IsNull() {
		return
	}
	state := attributes(req.State.Raw)
	var appID string
	if state["app_id"].As(&appID) != nil || appID == "" {
		return
	}
	switch r.data.claims.leave(subscriptionKey{appID, r.event.Segment}, ownerToken(ctx, req)) {
	case noMove:
		if neverApplied(state) {
			resp.Diagnostics.Append(urlNotKnown(r.typeName(), r.event.Title, appID))
		}
	case moveToNew:
		resp.Diagnostics.Append(movedWithoutBlock(r.typeName(), r.event.Title, appID))
	case moveForget:
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, forgetKey, []byte("true"))...)
		resp.Diagnostics.Append(forgottenWithoutUnsubscribing(r.typeName(), r.event.Title, appID))
	}
}

// neverApplied reports whether a resource in state was imported and never
// applied: Terraform does not know the url CINNOX holds for it.
// It reads the raw state, as the plans of a destroy and of an update both
// have it.
func neverApplied(state map[string]tftypes.Value) bool {
	return state["url"].IsNull() && state["url_wo_seal"].IsNull()
}

// marked reports whether a resource's private state carries the mark key.
func marked(ctx context.Context, private privateReader, key string) bool {
	raw, diags := private.GetKey(ctx, key)
	return !diags.HasError() && string(raw) == "true"
}

// privateReader is a resource's private state in a request.
type privateReader interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// ownerToken returns the owner token in a resource's private state (as
// JSON), "" when it has none.
func ownerToken(ctx context.Context, req resource.ModifyPlanRequest) string {
	raw, diags := req.Private.GetKey(ctx, ownerKey)
	if diags.HasError() || len(raw) <= 2 {
		return ""
	}
	return string(raw)
}
