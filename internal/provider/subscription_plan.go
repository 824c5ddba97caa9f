package provider

// Planning a subscription: what the schema's plan modifiers cannot say.
// The schema says the rest: app_id kept and a replacement when it changes
// (UseStateForUnknown, RequiresReplace), updated_at kept while nothing is
// sent (UseStateForUnknown), enabled's default, and exactly one of url and
// url_wo (ConfigValidators).

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// ModifyPlan plans what needs the provider's configuration or another
// resource's plan, which no plan modifier has: the owner of each
// subscription and a move from another address (claims.go), the refusal of
// a replacement whose unsubscribe could not be sent (an import never
// applied, a sealed url that does not open), url_wo_seal (sealed_url.go:
// the prior copy opened with the app token), id and updated_at when a
// request will be sent (an update that sends it again when the provider's
// resubscribe is on), and the warning about a webhook CINNOX cannot reach.
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
	if !req.State.Raw.IsNull() && req.Plan.Raw.Equal(req.State.Raw) && r.planUnchanged(ctx, req, resp) {
		return
	}
	plan := decidedOn(ctx, req.Plan, &resp.Diagnostics)
	framework := plan // the plan as the framework and the schema made it
	var state *subscriptionModel
	if !req.State.Raw.IsNull() {
		s := decidedOn(ctx, req.State, &resp.Diagnostics)
		state = &s
	}
	if resp.Diagnostics.HasError() || !r.resolveAppID(ctx, req, &plan, state, resp) ||
		r.replaceCannotUnsubscribe(ctx, req, plan, state, &resp.Diagnostics) {
		return
	}
	wo := configuredURLWO(ctx, req.Config, &resp.Diagnostics)
	plan.URLWOSeal = r.plannedSeal(wo, state, &resp.Diagnostics)
	plan.ID = plan.AppID
	switch {
	case state == nil || r.changesSubscription(plan, *state):
		plan.UpdatedAt = r.unknownUpdatedAt()
		r.warnUnreachable(plan.URL, wo, &resp.Diagnostics)
	case r.data != nil && r.data.resubscribe:
		// The setting resubscribe: an update that sends the subscription
		// again. updated_at (unknown, null after it for an event type
		// whose answer has none) is what changes; Update sends it.
		plan.UpdatedAt = types.StringUnknown()
		resp.Diagnostics.Append(resubscribeOn())
	}
	m := r.claimPlan(ctx, plan.AppID, state != nil && plan.AppID.Equal(state.AppID), req, resp)
	if resp.Diagnostics.HasError() {
		return
	}
	setPlanned(ctx, framework, plan, resp)
	if m == moveResubscribe {
		r.resubscribe(ctx, plan.AppID.ValueString(), resp)
	}
}

// decidedOn reads from a plan or a state the values a plan is decided on,
// attribute by attribute: ModifyPlan runs for every resource of every plan
// (twice in an apply), and tfsdk's Get and Set of the whole model, which
// compile a regular expression per field on every call, cost an apply of
// 1,000 about a third more provider CPU than the floor's (BENCHMARKS.md).
func decidedOn(ctx context.Context, v attributeReader, diags *diag.Diagnostics) subscriptionModel {
	var m subscriptionModel
	diags.Append(v.GetAttribute(ctx, appIDPath, &m.AppID)...)
	diags.Append(v.GetAttribute(ctx, urlPath, &m.URL)...)
	diags.Append(v.GetAttribute(ctx, urlWOSealPath, &m.URLWOSeal)...)
	diags.Append(v.GetAttribute(ctx, enabledPath, &m.Enabled)...)
	diags.Append(v.GetAttribute(ctx, updatedAtPath, &m.UpdatedAt)...)
	return m
}

// attributeReader is a plan, a state or a configuration.
type attributeReader interface {
	GetAttribute(ctx context.Context, p path.Path, target any) diag.Diagnostics
}

// setPlanned writes the values ModifyPlan plans where they differ from the
// framework's plan: each SetAttribute rebuilds the whole plan value, and a
// plan runs for every resource, twice in an apply.
func setPlanned(ctx context.Context, framework, plan subscriptionModel, resp *resource.ModifyPlanResponse) {
	for _, v := range []struct {
		p        path.Path
		was, now attr.Value
	}{
		{idPath, framework.ID, plan.ID}, {appIDPath, framework.AppID, plan.AppID},
		{urlWOSealPath, framework.URLWOSeal, plan.URLWOSeal}, {updatedAtPath, framework.UpdatedAt, plan.UpdatedAt},
	} {
		if !v.now.Equal(v.was) {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, v.p, v.now)...)
		}
	}
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

// replaceCannotUnsubscribe refuses, with an error that says what to do,
// the plan that would replace a subscription because the configuration
// names another app when the replacement's unsubscribe could not be sent:
// an import never applied (its url unknown), or a url_wo whose sealed copy
// does not open under the current app token.
func (r *subscriptionResource) replaceCannotUnsubscribe(ctx context.Context, req resource.ModifyPlanRequest, plan subscriptionModel, state *subscriptionModel, diags *diag.Diagnostics) bool {
	if state == nil || plan.AppID.IsUnknown() || plan.AppID.Equal(state.AppID) {
		return false
	}
	if !neverApplied(*state) {
		if d := r.unsubscribeWontOpen(*state); d != nil {
			diags.Append(d)
			return true
		}
		return false
	}
	var configured types.String
	diags.Append(req.Config.GetAttribute(ctx, appIDPath, &configured)...)
	diags.Append(importIDDiffers(state.AppID.ValueString(), plan.AppID.ValueString(), configured.IsNull()))
	return true
}

// unknownUpdatedAt is updated_at when a request will be sent: known after
// apply, or null for an event type whose answer has none. A successful
// apply leaves the subscription as planned: an answer that says otherwise
// is an error.
func (r *subscriptionResource) unknownUpdatedAt() types.String {
	if r.event.ReturnsUpdatedAt {
		return types.StringUnknown()
	}
	return types.StringNull()
}

// warnUnreachable warns, when a plan sends the webhook url (url, else
// url_wo), that CINNOX cannot reach it, unless the provider talks to a
// CINNOX on loopback (the mock).
func (r *subscriptionResource) warnUnreachable(url, wo types.String, diags *diag.Diagnostics) {
	webhook := url
	if webhook.IsNull() {
		webhook = wo
	}
	if r.data != nil && !r.data.baseOnLoopback && !webhook.IsUnknown() && unreachableFromCINNOX(webhook.ValueString()) {
		diags.Append(unreachableWebhook(webhook.ValueString()))
	}
}

// resolveAppID plans app_id when the resource does not set it: the
// provider's, a change of which replaces the resource (the schema's
// RequiresReplace only sees the configuration). A plan modifier cannot: it
// has no provider configuration. An empty app_id, or none from either,
// fails with an error that says what to do. While the provider's
// configuration is not known yet, an existing resource's app is assumed
// unchanged (UseStateForUnknown kept it) rather than planned for
// replacement.
func (r *subscriptionResource) resolveAppID(ctx context.Context, req resource.ModifyPlanRequest, plan *subscriptionModel, state *subscriptionModel, resp *resource.ModifyPlanResponse) bool {
	var configured types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, appIDPath, &configured)...)
	switch {
	case !configured.IsNull() && !configured.IsUnknown() && configured.ValueString() == "":
		resp.Diagnostics.Append(emptyResourceAppID(r.typeName()))
		return false
	case !configured.IsNull() || r.data == nil:
		return true // the resource's own, or not known yet
	case r.data.appID == "":
		resp.Diagnostics.Append(missingAppID(r.typeName()))
		return false
	}
	plan.AppID = types.StringValue(r.data.appID)
	if state != nil && !plan.AppID.Equal(state.AppID) {
		resp.RequiresReplace = append(resp.RequiresReplace, appIDPath)
	}
	return true
}

// planUnchanged plans a resource whose plan, as the framework made it, is
// its prior state: the plan of an applied configuration, the common case of
// a large plan. It reads the four values it decides on, not the whole
// model (tfsdk's Get and Set cost a plan of 1,000 about a sixth more wall
// time than a floor's), and reports false, having changed nothing, when
// the resource must be planned in full: the provider's app_id or the
// url_wo changed.
func (r *subscriptionResource) planUnchanged(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) bool {
	if r.data != nil && r.data.resubscribe {
		return false // planned in full, as an update
	}
	var configured, appID, seal types.String
	diags := req.Config.GetAttribute(ctx, appIDPath, &configured)
	diags.Append(req.State.GetAttribute(ctx, appIDPath, &appID)...)
	if configured.IsNull() && r.data != nil && r.data.appID != appID.ValueString() {
		return false
	}
	if wo := configuredURLWO(ctx, req.Config, &diags); !wo.IsNull() {
		diags.Append(req.State.GetAttribute(ctx, urlWOSealPath, &seal)...)
		var warnings diag.Diagnostics // the full plan gives them
		if r.plannedSeal(wo, &subscriptionModel{AppID: appID, URLWOSeal: seal}, &warnings).IsUnknown() {
			return false
		}
	}
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return true
	}
	if r.claimPlan(ctx, appID, true, req, resp) == moveResubscribe {
		r.resubscribe(ctx, appID.ValueString(), resp)
	}
	return true
}
