package provider

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

func TestEventTypesTable(t *testing.T) {
	names, segments := map[string]bool{}, map[string]bool{}
	for _, et := range eventTypes {
		if !regexp.MustCompile(`^[a-z][a-z_]*$`).MatchString(et.name) || !regexp.MustCompile(`^[a-z][a-z-]*$`).MatchString(et.segment) {
			t.Errorf("bad name or segment: %+v", et)
		}
		if names[et.name] || segments[et.segment] {
			t.Errorf("duplicate entry: %+v", et)
		}
		names[et.name], segments[et.segment] = true, true
		if et.title == "" || et.description == "" {
			t.Errorf("entry without title or description: %+v", et)
		}
	}
}

func TestProviderServesOneResourcePerEventType(t *testing.T) {
	p := New("test")()
	var got []string
	for _, f := range p.Resources(context.Background()) {
		var resp resource.MetadataResponse
		f().Metadata(context.Background(), resource.MetadataRequest{ProviderTypeName: "cinnox"}, &resp)
		got = append(got, resp.TypeName)
	}
	want := []string{
		"cinnox_inquiry_event_subscription",
		"cinnox_call_event_subscription",
		"cinnox_staff_contact_event_subscription",
		"cinnox_inbound_sms_event_subscription",
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("resources %v, want %v", got, want)
	}
}
