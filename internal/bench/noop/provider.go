// Package noop is the benchmark's do-nothing provider: the same framework,
// the same address and the same provider and resource schemas as the CINNOX
// provider (taken from it, so they cannot drift apart: descriptions,
// validators and defaults included), and nothing else: no Configure, no
// ModifyPlan, no API call. What Terraform and the plugin protocol cost any
// framework provider with these schemas on this machine is what this one
// costs. Its command, ./serve, is what the Terraform benchmark runs; the
// in-process RPC benchmark calls New directly.
package noop

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cinnox/terraform-provider-cinnox/internal/logenv"
	cinnoxprovider "github.com/cinnox/terraform-provider-cinnox/internal/provider"
)

// New returns the do-nothing provider.
func New() provider.Provider { return newNoop() }

func newNoop() noopProvider { return noopProvider{cinnoxprovider.New("noop")()} }

// noopProvider serves the real provider's metadata and schema (through the
// embedded interface) and does nothing else.
type noopProvider struct{ provider.Provider }

func (noopProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p noopProvider) Resources(ctx context.Context) []func() resource.Resource {
	return wrap(p.Provider.Resources(ctx), func(r resource.Resource) resource.Resource { return noopResource{r} })
}

func (p noopProvider) DataSources(ctx context.Context) []func() datasource.DataSource {
	return wrap(p.Provider.DataSources(ctx), func(d datasource.DataSource) datasource.DataSource { return noopDataSource{d} })
}

// wrap makes one factory per real one, each returning the real value made
// once and wrapped.
func wrap[T any](factories []func() T, wrapper func(T) T) []func() T {
	out := make([]func() T, 0, len(factories))
	for _, newReal := range factories {
		v := wrapper(newReal())
		out = append(out, func() T { return v })
	}
	return out
}

// noopResource serves a real resource's metadata and schema (through the
// embedded interface, which carries nothing else: no ModifyPlan, no
// ImportState), and stores the plan as the new state.
type noopResource struct{ resource.Resource }

func (noopResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.Diagnostics.Append(keepPlan(ctx, req.Plan, &resp.State)...)
}

func (noopResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (noopResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.Append(keepPlan(ctx, req.Plan, &resp.State)...)
}

func (noopResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// keepPlan stores the plan as the new state, with what an answer would fill
// in: id is the app, updated_at and url_wo_seal null when they were
// unknown. It works on the raw values, so the floor needs no model of the
// resource.
func keepPlan(ctx context.Context, plan tfsdk.Plan, state *tfsdk.State) diag.Diagnostics {
	state.Raw = plan.Raw.Copy()
	var appID types.String
	diags := plan.GetAttribute(ctx, path.Root("app_id"), &appID)
	diags.Append(state.SetAttribute(ctx, path.Root("id"), appID)...)
	for _, name := range []string{"updated_at", "url_wo_seal"} {
		var v types.String
		diags.Append(plan.GetAttribute(ctx, path.Root(name), &v)...)
		if v.IsUnknown() {
			diags.Append(state.SetAttribute(ctx, path.Root(name), types.StringNull())...)
		}
	}
	return diags
}

// noopDataSource serves a real data source's metadata and schema, and
// returns its configuration as its state.
type noopDataSource struct{ datasource.DataSource }

func (noopDataSource) Read(_ context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	resp.State.Raw = req.Config.Raw.Copy()
}

// Serve serves the floor provider p as a Terraform plugin at the CINNOX
// provider's address, writing, as the provider does (main.go), no log line
// that Terraform throws away: the floors pay what any framework provider
// served so pays.
func Serve(p func() provider.Provider) {
	logenv.SkipDiscarded(cinnoxprovider.LogLevelVar)
	if err := providerserver.Serve(context.Background(), p, providerserver.ServeOpts{Address: "registry.terraform.io/cinnox/cinnox"}); err != nil {
		log.Fatal(err)
	}
}
