package main

// The floors: providers on the same framework, at the CINNOX provider's
// address, that do no more than any provider of these resources must.
// do-nothing serves the CINNOX provider's schemas (taken from it, so they
// cannot drift apart) and stores each plan as the state; bare-PATCH also
// sends the one PATCH each create, update and delete needs, with a bare
// net/http client; url-only is bare-PATCH with the resource schema written
// out as it was before url_wo, so that what an attribute added since costs
// shows.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cinnox/terraform-provider-cinnox/internal/events"
	cinnoxprovider "github.com/cinnox/terraform-provider-cinnox/internal/provider"
)

// newFloor returns the floor of kind; its PATCHes go to CINNOX_BASE_URL
// with CINNOX_APP_TOKEN.
func newFloor(kind variant) fwprovider.Provider {
	return &floorProvider{Provider: cinnoxprovider.New("floor")(), kind: kind,
		base: strings.TrimRight(os.Getenv("CINNOX_BASE_URL"), "/"), token: os.Getenv("CINNOX_APP_TOKEN")}
}

// floorProvider serves the real provider's metadata, schema and data
// sources (through the embedded interface), and resources of its own.
type floorProvider struct {
	fwprovider.Provider
	kind        variant
	base, token string
}

func (*floorProvider) Configure(context.Context, fwprovider.ConfigureRequest, *fwprovider.ConfigureResponse) {
}

// Resources are the provider's, one for each of events.All, in its order.
func (p *floorProvider) Resources(ctx context.Context) []func() resource.Resource {
	var out []func() resource.Resource
	for i, inner := range p.Provider.Resources(ctx) {
		r := &floorResource{Resource: inner(), p: p, segment: events.All[i].Segment}
		out = append(out, func() resource.Resource { return r })
	}
	return out
}

// floorResource serves a real resource's metadata and schema (through the
// embedded interface, which carries nothing else), or url-only's schema.
type floorResource struct {
	resource.Resource
	p       *floorProvider
	segment string
}

func (r *floorResource) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	if r.p.kind != urlOnly {
		r.Resource.Schema(ctx, req, resp)
		return
	}
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":         schema.StringAttribute{Computed: true},
		"app_id":     schema.StringAttribute{Optional: true, Computed: true},
		"url":        schema.StringAttribute{Optional: true, Sensitive: true},
		"enabled":    schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true)},
		"updated_at": schema.StringAttribute{Computed: true},
	},
		Blocks: map[string]schema.Block{"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true, Delete: true})}}
}

func (r *floorResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.keep(ctx, req.Plan, &resp.State, &resp.Diagnostics)
}
func (r *floorResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.keep(ctx, req.Plan, &resp.State, &resp.Diagnostics)
}
func (r *floorResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	r.send(ctx, req.State, false, &resp.Diagnostics)
}
func (r *floorResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

// keep sends the plan and stores it as the new state, with what an answer
// would fill in: id is the app, updated_at and url_wo_seal null.
func (r *floorResource) keep(ctx context.Context, plan tfsdk.Plan, state *tfsdk.State, diags *diag.Diagnostics) {
	if !r.send(ctx, plan, true, diags) {
		return
	}
	state.Raw = plan.Raw.Copy()
	var appID types.String
	diags.Append(plan.GetAttribute(ctx, path.Root("app_id"), &appID)...)
	diags.Append(state.SetAttribute(ctx, path.Root("id"), appID)...)
	for _, name := range []string{"updated_at", "url_wo_seal"} {
		if _, ok := plan.Schema.GetAttributes()[name]; ok {
			diags.Append(state.SetAttribute(ctx, path.Root(name), types.StringNull())...)
		}
	}
}

// send PATCHes the subscription v holds (enabled as v says; false to
// unsubscribe) and reports whether CINNOX answered 200. do-nothing
// sends nothing.
func (r *floorResource) send(ctx context.Context, v interface {
	GetAttribute(context.Context, path.Path, any) diag.Diagnostics
}, subscribe bool, diags *diag.Diagnostics) bool {
	if r.p.kind == noop {
		return true
	}
	var appID, url types.String
	var enabled types.Bool
	for name, into := range map[string]any{"app_id": &appID, "url": &url, "enabled": &enabled} {
		diags.Append(v.GetAttribute(ctx, path.Root(name), into)...)
	}
	body, _ := json.Marshal(map[string]any{"enabled": enabled.ValueBool() && subscribe, "url": url.ValueString()})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPatch,
		fmt.Sprintf("%s/v1/api/apps/%s/%s-event-sub", r.p.base, appID.ValueString(), r.segment), bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+r.p.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		_, _ = io.Copy(io.Discard, resp.Body) // so that the connection is reused
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			err = fmt.Errorf("HTTP %d", resp.StatusCode)
		}
	}
	if err != nil {
		diags.AddError("PATCH failed", err.Error())
	}
	return !diags.HasError()
}
