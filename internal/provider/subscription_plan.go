package provider

// Planning a subscription: app_id from the resource or the provider,
// replacement when the app changes, and the unchanged-plan shortcut.

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnox"
)

// ModifyPlan fills app_id (and id) from the provider, replaces the resource
// when the app changes, and predicts updated_at. (enabled has a schema
// default.)
func (r *subscriptionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data != nil && r.data.missing.HasError() {
		resp.Diagnostics.Append(r.data.missing...) // the credentials this resource needs
		return
	}
	if req.Plan.Raw.IsNull() {
		r.planDestroy(ctx, req, resp)
		return
	}
	if r.unchanged(req) {
		var appID string
		_ = attributes(req.State.Raw)["app_id"].As(&appID)
		r.claim(ctx, appID, req, resp)
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
	if !plan.AppID.IsUnknown() {
		r.claim(ctx, plan.AppID.ValueString(), req, resp)
		if resp.Diagnostics.HasError() {
			return
		}
	}

	if state != nil && !plan.AppID.Equal(state.AppID) {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("app_id"))
	}

	if r.data != nil && !r.data.baseOnLoopback && !plan.URL.IsUnknown() && unreachableFromCINNOX(plan.URL.ValueString()) {
		resp.Diagnostics.AddWarning("CINNOX cannot reach this webhook",
			fmt.Sprintf("The webhook %s is on a loopback or private address, which CINNOX, on the internet, cannot "+
				"reach: it will refuse the subscription. Use the endpoint's public address.", cinnox.DisplayURL(plan.URL.ValueString())))
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

// claim records that this resource plans to hold the subscription of appID
// (see claims), and fails the plan when another resource of this provider
// configuration holds it too.
func (r *subscriptionResource) claim(ctx context.Context, appID string, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil {
		return // the app is not known yet: the apply's final plan claims it
	}
	owner := ownerToken(ctx, req)
	if owner == "" {
		owner = `"` + newOwnerToken() + `"`
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, ownerKey, []byte(owner))...)
	}
	conflict, moving := r.data.claims.claim(subscriptionKey{appID, r.event.segment}, owner)
	switch {
	case conflict:
		resp.Diagnostics.Append(duplicateClaim(r.typeName(), r.event.title, appID))
	case moving:
		resp.Diagnostics.Append(movedWithoutBlock(r.typeName(), r.event.title, appID))
	}
}

// planDestroy records that this resource's subscription is planned to be
// destroyed, to tell a move to another address.
func (r *subscriptionResource) planDestroy(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil || req.State.Raw.IsNull() {
		return
	}
	var appID string
	if attributes(req.State.Raw)["app_id"].As(&appID) != nil || appID == "" {
		return
	}
	if r.data.claims.leave(subscriptionKey{appID, r.event.segment}, ownerToken(ctx, req)) {
		resp.Diagnostics.Append(movedWithoutBlock(r.typeName(), r.event.title, appID))
	}
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
