package provider

// The write-only webhook url (url_wo). Terraform keeps it in neither the
// plan nor the state, but a destroy needs it: CINNOX unsubscribes a url.
// So after each request that may have reached CINNOX the provider keeps
// the url in the computed url_wo_seal, sealed (internal/seal) under a key
// derived from the app token, which is never in state, and bound to the
// app and event. A plan opens the copy to compare it with the configured
// url_wo: a different one, or a copy that does not open under the current
// app token, plans an update (url_wo_seal unknown).
//
// The copy is an attribute, not private state: Terraform plans the
// replacement of a tainted object as a create, and the delete of the
// tainted object then gets the create's planned private state, not its
// own; the object's attributes always reach its delete.

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cinnox/terraform-provider-cinnox/internal/seal"
)

// binding is what a sealed copy of this resource's url belongs to: a
// copy opens only for the app and event it was sealed for.
func (r *subscriptionResource) binding(appID string) string {
	return appID + "\x00" + r.event.Segment
}

// keepURL records in m the url that a request of m's subscription sent:
// sealed in url_wo_seal when it came from url_wo (sealed anew unless the
// plan kept the prior copy, which holds the same url), null when it came
// from url.
func (r *subscriptionResource) keepURL(m *subscriptionModel, url string) diag.Diagnostics {
	var diags diag.Diagnostics
	switch {
	case !m.URL.IsNull():
		m.URLWOSeal = types.StringNull()
	case m.URLWOSeal.IsUnknown() || m.URLWOSeal.IsNull():
		sealed, err := seal.Seal(r.data.token, r.binding(m.AppID.ValueString()), url)
		if err != nil {
			diags.Append(sealFailed(err))
			return diags
		}
		m.URLWOSeal = types.StringValue(sealed)
	}
	return diags
}

// plannedSeal plans url_wo_seal for a resource whose configuration sets
// url_wo to wo, from its prior state (nil for a new resource): the prior
// copy when it opens to wo, else unknown (an update, with a warning that
// says why: the url changes, or the copy was sealed under another token).
func (r *subscriptionResource) plannedSeal(wo types.String, state *subscriptionModel, diags *diag.Diagnostics) types.String {
	switch {
	case wo.IsNull():
		return types.StringNull()
	case wo.IsUnknown() || state == nil || state.URLWOSeal.IsNull() || state.URLWOSeal.IsUnknown() || r.data == nil:
		return types.StringUnknown()
	}
	appID := state.AppID.ValueString()
	url, err := seal.Open(r.data.token, r.binding(appID), state.URLWOSeal.ValueString())
	switch {
	case err != nil:
		diags.Append(resealing(r.event.Title, appID, err))
		return types.StringUnknown()
	case url != wo.ValueString():
		diags.Append(webhookURLChanges(r.event.Title, appID))
		return types.StringUnknown()
	}
	return state.URLWOSeal
}

// webhookURL is the url a request for m sends: url, else the
// configuration's url_wo.
func webhookURL(ctx context.Context, config tfsdk.Config, m *subscriptionModel, diags *diag.Diagnostics) string {
	if !m.URL.IsNull() {
		return m.URL.ValueString()
	}
	return configuredURLWO(ctx, config, diags).ValueString()
}

// configuredURLWO is url_wo as the configuration sets it: write-only, it is
// in neither the plan nor the state.
func configuredURLWO(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) types.String {
	var wo types.String
	diags.Append(config.GetAttribute(ctx, urlWOPath, &wo)...)
	return wo
}

// urlToUnsubscribe is the url CINNOX holds for the subscription in state:
// the sealed copy of url_wo when there is one (whatever else the state
// holds: the provider wrote the seal with the url it sent), else url; an
// error that says what to do when neither is known.
func (r *subscriptionResource) urlToUnsubscribe(state *subscriptionModel) (string, diag.Diagnostic) {
	appID := state.AppID.ValueString()
	switch {
	case !state.URLWOSeal.IsNull() && !state.URLWOSeal.IsUnknown():
		url, err := seal.Open(r.data.token, r.binding(appID), state.URLWOSeal.ValueString())
		if err != nil {
			return "", sealedURLNotOpened(r.typeName(), r.event.Title, appID, err)
		}
		return url, nil
	case !state.URL.IsNull():
		return state.URL.ValueString(), nil
	}
	return "", urlNotKnown(r.typeName(), r.event.Title, appID)
}

// unsubscribeWontOpen is the plan-time error of a plan that unsubscribes
// the subscription in state (a destroy, a removal, a replacement) when its
// sealed url does not open under the current app token: the apply would
// fail at the unsubscribe, so the plan fails, before anything is sent. Nil
// when there is no seal, or it opens, or the provider is not configured yet.
func (r *subscriptionResource) unsubscribeWontOpen(state subscriptionModel) diag.Diagnostic {
	if r.data == nil || state.URLWOSeal.IsNull() || state.URLWOSeal.IsUnknown() {
		return nil
	}
	appID := state.AppID.ValueString()
	if _, err := seal.Open(r.data.token, r.binding(appID), state.URLWOSeal.ValueString()); err != nil {
		return sealWontOpen(r.typeName(), r.event.Title, appID, err)
	}
	return nil
}

// ConfigValidators: exactly one of url and url_wo. A value not known yet
// (terraform validate of a module, whose variables are unknown) is judged
// when it is known, as the plan validates the configuration again.
func (r *subscriptionResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{resourcevalidator.ExactlyOneOf(urlPath.Expression(), urlWOPath.Expression())}
}

// ValidateConfig refuses url_wo on a CLI without write-only arguments,
// saying which have them and what to use instead (the framework adds an
// error of its own, which names only Terraform).
func (r *subscriptionResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if req.ClientCapabilities.WriteOnlyAttributesAllowed {
		return
	}
	if wo := configuredURLWO(ctx, req.Config, &resp.Diagnostics); !wo.IsNull() && !wo.IsUnknown() {
		resp.Diagnostics.Append(writeOnlyUnsupported(r.typeName()))
	}
}
