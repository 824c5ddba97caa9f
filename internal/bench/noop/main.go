// Command noop is the benchmark's do-nothing provider: the same framework,
// the same address and the same four resource schemas as the CINNOX
// provider, and no API call. What Terraform and the plugin protocol cost any
// framework provider on this machine is what this one costs.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return noopProvider{} },
		providerserver.ServeOpts{Address: "registry.terraform.io/cinnox/cinnox"})
	if err != nil {
		log.Fatal(err)
	}
}

type noopProvider struct{}

func (noopProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "cinnox"
}

func (noopProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	attrs := map[string]pschema.Attribute{}
	for _, name := range []string{"base_url", "app_token", "app_id", "request_timeout", "webhook_check"} {
		attrs[name] = pschema.StringAttribute{Optional: true, Sensitive: name == "app_token"}
	}
	for _, name := range []string{"max_retries", "requests_per_minute"} {
		attrs[name] = pschema.Int64Attribute{Optional: true}
	}
	resp.Schema = pschema.Schema{Attributes: attrs}
}

func (noopProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (noopProvider) Resources(context.Context) []func() resource.Resource {
	var out []func() resource.Resource
	for _, name := range []string{"inquiry", "call", "staff_contact", "inbound_sms"} {
		out = append(out, func() resource.Resource { return noopResource{name: name} })
	}
	return out
}

func (noopProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

type noopResource struct{ name string }

type model struct {
	ID        types.String   `tfsdk:"id"`
	AppID     types.String   `tfsdk:"app_id"`
	URL       types.String   `tfsdk:"url"`
	Enabled   types.Bool     `tfsdk:"enabled"`
	UpdatedAt types.String   `tfsdk:"updated_at"`
	Timeouts  timeouts.Value `tfsdk:"timeouts"`
}

func (r noopResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.name + "_event_subscription"
}

func (noopResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Attributes: map[string]schema.Attribute{
			"id":         schema.StringAttribute{Computed: true},
			"app_id":     schema.StringAttribute{Optional: true, Computed: true},
			"url":        schema.StringAttribute{Required: true},
			"enabled":    schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true)},
			"updated_at": schema.StringAttribute{Computed: true},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
		},
	}
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
