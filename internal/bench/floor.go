// Package floor is the benchmark's floors: providers on the same framework,
// at the CINNOX provider's address, that do no more than any provider of
// these resources must. DoNothing serves the CINNOX provider's schemas
// (taken from it, so they cannot drift apart) and stores each plan as the
// state; BarePATCH also sends the one PATCH each create, update and delete
// needs, with a bare net/http client; URLOnly is BarePATCH with the
// resource schema written out as it was before url_wo, plus the
// attributes that BENCH_FLOOR_ATTRIBUTES names.
package floor

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cinnox/terraform-provider-cinnox/internal/logenv"
	cinnoxprovider "github.com/cinnox/terraform-provider-cinnox/internal/provider"
)

// Kind is a floor.
type Kind string

const (
	DoNothing Kind = "do-nothing"
	BarePATCH Kind = "bare-PATCH"
	URLOnly   Kind = "url-only"
)

// New returns the floor of kind (URLOnly with the extra attributes of
// urlOnlySchema); its PATCHes go to CINNOX_BASE_URL with CINNOX_APP_TOKEN.
func New(kind Kind, extra ...string) provider.Provider {
	return &floorProvider{Provider: cinnoxprovider.New("floor")(), kind: kind, extra: extra,
		base: strings.TrimRight(os.Getenv("CINNOX_BASE_URL"), "/"), token: os.Getenv("CINNOX_APP_TOKEN")}
}

// Serve serves the floor that BENCH_FLOOR and BENCH_FLOOR_ATTRIBUTES name,
// writing, as the provider does (main.go), no log line Terraform discards.
func Serve() {
	logenv.SkipDiscarded(cinnoxprovider.LogLevelVar)
	p := New(Kind(os.Getenv("BENCH_FLOOR")), strings.Split(os.Getenv("BENCH_FLOOR_ATTRIBUTES"), ",")...)
	err := providerserver.Serve(context.Background(), func() provider.Provider { return p },
		providerserver.ServeOpts{Address: "registry.terraform.io/cinnox/cinnox"})
	if err != nil {
		log.Fatal(err)
	}
}

// floorProvider serves the real provider's metadata, schema and data
// sources (through the embedded interface), and resources of its own.
type floorProvider struct {
	provider.Provider
	kind        Kind
	extra       []string
	base, token string
}

func (*floorProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *floorProvider) Resources(ctx context.Context) []func() resource.Resource {
	var out []func() resource.Resource
	for _, newInner := range p.Provider.Resources(ctx) {
		inner := newInner()
		var md resource.MetadataResponse
		inner.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "cinnox"}, &md)
		name := strings.TrimSuffix(strings.TrimPrefix(md.TypeName, "cinnox_"), "_event_subscription")
		r := &floorResource{Resource: inner, p: p, segment: strings.ReplaceAll(name, "_", "-")}
		out = append(out, func() resource.Resource { return r })
	}
	return out
}

// floorResource serves a real resource's metadata and schema (through the
// embedded interface, which carries nothing else), or URLOnly's schema.
type floorResource struct {
	resource.Resource
	p       *floorProvider
	segment string
}

func (r *floorResource) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	if r.p.kind != URLOnly {
		r.Resource.Schema(ctx, req, resp)
		return
	}
	attrs := map[string]schema.Attribute{
		"id":         schema.StringAttribute{Computed: true},
		"app_id":     schema.StringAttribute{Optional: true, Computed: true},
		"url":        schema.StringAttribute{Optional: true, Sensitive: true},
		"enabled":    schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true)},
		"updated_at": schema.StringAttribute{Computed: true},
	}
	// The extras: url_wo (write-only), url_wo_seal (computed), each also
	// sensitive (url_wo_sensitive, url_wo_seal_sensitive).
	for _, name := range r.p.extra {
		sensitive := strings.HasSuffix(name, "_sensitive")
		switch strings.TrimSuffix(name, "_sensitive") {
		case "url_wo":
			attrs["url_wo"] = schema.StringAttribute{Optional: true, WriteOnly: true, Sensitive: sensitive}
		case "url_wo_seal":
			attrs["url_wo_seal"] = schema.StringAttribute{Computed: true, Sensitive: sensitive}
		}
	}
	resp.Schema = schema.Schema{Attributes: attrs,
		Blocks: map[string]schema.Block{"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true, Delete: true})}}
}

func (r *floorResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.keep(ctx, req.Plan, &resp.State, &resp.Diagnostics)
}

func (r *floorResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r *floorResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.keep(ctx, req.Plan, &resp.State, &resp.Diagnostics)
}

func (r *floorResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	r.send(ctx, req.State, false, &resp.Diagnostics)
}

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
// unsubscribe) and reports whether CINNOX answered 200. DoNothing sends
// nothing.
func (r *floorResource) send(ctx context.Context, v interface {
	GetAttribute(context.Context, path.Path, any) diag.Diagnostics
}, subscribe bool, diags *diag.Diagnostics) bool {
	if r.p.kind == DoNothing {
		return true
	}
	var appID, url types.String
	var enabled types.Bool
	v.GetAttribute(ctx, path.Root("app_id"), &appID)
	v.GetAttribute(ctx, path.Root("url"), &url)
	v.GetAttribute(ctx, path.Root("enabled"), &enabled)
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
	return err == nil
}
