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

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	cinnoxprovider "github.com/cinnox/terraform-provider-cinnox/internal/provider"
)

// New returns the do-nothing provider.
func New() provider.Provider { return noopProvider{real: cinnoxprovider.New("noop")()} }

// noopProvider serves the real provider's metadata and schema only.
type noopProvider struct{ real provider.Provider }

func (p noopProvider) Metadata(ctx context.Context, req provider.MetadataRequest, resp *provider.MetadataResponse) {
	p.real.Metadata(ctx, req, resp)
}

func (p noopProvider) Schema(ctx context.Context, req provider.SchemaRequest, resp *provider.SchemaResponse) {
	p.real.Schema(ctx, req, resp)
}

func (noopProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p noopProvider) Resources(ctx context.Context) []func() resource.Resource {
	var out []func() resource.Resource
	for _, newReal := range p.real.Resources(ctx) {
		r := noopResource{real: newReal()}
		out = append(out, func() resource.Resource { return r })
	}
	return out
}

func (noopProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// noopResource serves a real resource's metadata and schema, and stores
// the plan as the new state.
type noopResource struct{ real resource.Resource }

type model struct {
	ID        types.String   `tfsdk:"id"`
	AppID     types.String   `tfsdk:"app_id"`
	URL       types.String   `tfsdk:"url"`
	Enabled   types.Bool     `tfsdk:"enabled"`
	UpdatedAt types.String   `tfsdk:"updated_at"`
	Timeouts  timeouts.Value `tfsdk:"timeouts"`
}

func (r noopResource) Metadata(ctx context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	r.real.Metadata(ctx, req, resp)
}

func (r noopResource) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	r.real.Schema(ctx, req, resp)
}

func (noopResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m model
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.ID = m.AppID
	if m.UpdatedAt.IsUnknown() {
		m.UpdatedAt = types.StringNull()
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (noopResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (noopResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m model
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if m.UpdatedAt.IsUnknown() {
		m.UpdatedAt = types.StringNull()
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (noopResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
