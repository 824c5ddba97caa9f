package provider

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestSubscriptionModel_matchesTheSchema: the model names every attribute
// and block of the schema, and nothing else, so an attribute added to the
// schema alone fails here (tfsdk's Get would have refused it at run time).
func TestSubscriptionModel_matchesTheSchema(t *testing.T) {
	ctx := context.Background()
	var resp resource.SchemaResponse
	(&subscriptionResource{event: eventTypes[0]}).Schema(ctx, resource.SchemaRequest{}, &resp)
	want := slices.Sorted(maps.Keys(resp.Schema.Attributes))
	want = slices.Sorted(slices.Values(append(want, slices.Collect(maps.Keys(resp.Schema.Blocks))...)))
	got := slices.Sorted(maps.Keys((&subscriptionModel{}).fields()))
	if !slices.Equal(got, want) {
		t.Errorf("the model's fields are %v, the schema's attributes and blocks %v", got, want)
	}
	if !timeoutsType.Equal(resp.Schema.Blocks["timeouts"].Type()) {
		t.Errorf("timeoutsType is %v, the schema's block %v", timeoutsType, resp.Schema.Blocks["timeouts"].Type())
	}
}

// TestSubscriptionModel_roundTrip: a model encoded and decoded again is the
// same, for known, null and unknown values, and with and without timeouts;
// a timeout set in the block is read.
func TestSubscriptionModel_roundTrip(t *testing.T) {
	ctx := context.Background()
	var resp resource.SchemaResponse
	(&subscriptionResource{event: eventTypes[0]}).Schema(ctx, resource.SchemaRequest{}, &resp)
	typ := resp.Schema.Type().TerraformType(ctx)
	timeoutsObj := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"create": tftypes.String, "update": tftypes.String, "delete": tftypes.String}}
	for name, timeouts := range map[string]tftypes.Value{
		"no timeouts block": tftypes.NewValue(timeoutsObj, nil),
		"create 42s": tftypes.NewValue(timeoutsObj, map[string]tftypes.Value{
			"create": tftypes.NewValue(tftypes.String, "42s"), "update": tftypes.NewValue(tftypes.String, nil), "delete": tftypes.NewValue(tftypes.String, nil),
		}),
	} {
		t.Run(name, func(t *testing.T) {
			raw := tftypes.NewValue(typ, map[string]tftypes.Value{
				"id": tftypes.NewValue(tftypes.String, "app-1"), "app_id": tftypes.NewValue(tftypes.String, "app-1"),
				"url": tftypes.NewValue(tftypes.String, nil), "url_wo": tftypes.NewValue(tftypes.String, nil),
				"url_wo_seal": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
				"enabled":     tftypes.NewValue(tftypes.Bool, true), "updated_at": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
				"timeouts": timeouts,
			})
			m, diags := modelOf(ctx, raw)
			if diags.HasError() {
				t.Fatal(diags)
			}
			if !m.AppID.Equal(types.StringValue("app-1")) || !m.URL.IsNull() || !m.URLWOSeal.IsUnknown() || !m.Enabled.ValueBool() {
				t.Errorf("decoded %+v", m)
			}
			again, diags := m.value(ctx, typ)
			if diags.HasError() {
				t.Fatal(diags)
			}
			if !again.Equal(raw) {
				t.Errorf("encoded again:\n%v\nwant\n%v", again, raw)
			}
			timeout, _ := m.Timeouts.Create(ctx, defaultCreateTimeout)
			if wantTimeout := map[string]string{"no timeouts block": "5m0s", "create 42s": "42s"}[name]; timeout.String() != wantTimeout {
				t.Errorf("create timeout %s, want %s", timeout, wantTimeout)
			}
		})
	}
}
