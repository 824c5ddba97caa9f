package provider

// The resource's model, read from and written to the raw values of a
// request by hand. tfsdk's Get and Set read a struct's tags by reflection
// and compile a regular expression for each field on every call
// (terraform-plugin-framework v1.19, internal/reflect.isValidFieldName):
// a third of the CPU the provider spent beyond the bare-PATCH floor in an
// apply of 1,000 subscriptions (see BENCHMARKS.md, "Where the time goes").

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// subscriptionModel is a subscription's plan or state: one field per
// attribute of the schema (subscription_schema.go), named in fields.
type subscriptionModel struct {
	ID        types.String
	AppID     types.String
	URL       types.String
	URLWO     types.String
	URLWOSeal types.String
	Enabled   types.Bool
	UpdatedAt types.String
	Timeouts  timeouts.Value
}

// fields maps each attribute's name to its field.
func (m *subscriptionModel) fields() map[string]attr.Value {
	return map[string]attr.Value{
		"id": m.ID, "app_id": m.AppID, "url": m.URL, "url_wo": m.URLWO, "url_wo_seal": m.URLWOSeal,
		"enabled": m.Enabled, "updated_at": m.UpdatedAt, "timeouts": m.Timeouts,
	}
}

// timeoutsType is the type of the schema's timeouts block.
var timeoutsType = timeouts.Block(context.Background(), timeoutsOpts).Type()

// modelOf decodes a plan's or a state's raw value.
func modelOf(ctx context.Context, v tftypes.Value) (subscriptionModel, diag.Diagnostics) {
	return modelOfAttributes(ctx, attributes(v))
}

// modelOfAttributes decodes the attributes of a plan's or a state's raw
// value.
func modelOfAttributes(ctx context.Context, a map[string]tftypes.Value) (subscriptionModel, diag.Diagnostics) {
	m := subscriptionModel{
		ID: stringOf(a["id"]), AppID: stringOf(a["app_id"]), URL: stringOf(a["url"]), URLWO: stringOf(a["url_wo"]),
		URLWOSeal: stringOf(a["url_wo_seal"]), Enabled: boolOf(a["enabled"]), UpdatedAt: stringOf(a["updated_at"]),
	}
	t, err := timeoutsType.ValueFromTerraform(ctx, a["timeouts"])
	if tv, ok := t.(timeouts.Value); err == nil && ok {
		m.Timeouts = tv
		return m, nil
	}
	return m, diag.Diagnostics{diag.NewErrorDiagnostic("Provider bug: the timeouts block cannot be read",
		fmt.Sprintf("%v. Please report it.", err))}
}

// value encodes m as a raw value of typ, the schema's object type.
func (m *subscriptionModel) value(ctx context.Context, typ tftypes.Type) (tftypes.Value, diag.Diagnostics) {
	return withValues(ctx, typ, nil, m.fields())
}

// withValues is the object of type typ with the attributes of base,
// those of set replacing theirs.
func withValues(ctx context.Context, typ tftypes.Type, base map[string]tftypes.Value, set map[string]attr.Value) (tftypes.Value, diag.Diagnostics) {
	out := make(map[string]tftypes.Value, len(base)+len(set))
	for name, v := range base {
		out[name] = v
	}
	for name, v := range set {
		tv, err := v.ToTerraformValue(ctx)
		if err != nil {
			return tftypes.Value{}, diag.Diagnostics{diag.NewErrorDiagnostic("Provider bug: "+name+" cannot be encoded",
				fmt.Sprintf("%v. Please report it.", err))}
		}
		out[name] = tv
	}
	if err := tftypes.ValidateValue(typ, out); err != nil {
		return tftypes.Value{}, diag.Diagnostics{diag.NewErrorDiagnostic("Provider bug: the resource cannot be encoded",
			fmt.Sprintf("%v. Please report it.", err))}
	}
	return tftypes.NewValue(typ, out), nil
}

// boolOf is a raw bool value as a types.Bool (see stringOf).
func boolOf(v tftypes.Value) types.Bool {
	var b bool
	switch {
	case !v.IsKnown():
		return types.BoolUnknown()
	case v.IsNull() || v.As(&b) != nil:
		return types.BoolNull()
	}
	return types.BoolValue(b)
}
