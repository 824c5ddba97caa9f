package provider

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnox"
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

func TestHints(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&cinnox.RequestError{Operation: "subscribe", Err: errors.New("connection refused")}, "Check that base_url"},
		{&cinnox.APIError{StatusCode: 429, Code: cinnox.CodeTooManyRequests}, "rate limit"},
		{&cinnox.APIError{StatusCode: 200, Code: cinnox.CodeTooManyRequests}, "rate limit"},
		{&cinnox.APIError{StatusCode: 404, Code: cinnox.CodeNotFound}, "Check base_url"},
		{&cinnox.APIError{StatusCode: 403}, "Check app_token"},
		{&cinnox.APIError{StatusCode: 502}, "problem of its own"},
		{&cinnox.APIError{StatusCode: 200, Code: cinnox.CodeInternalResponse}, "problem of its own"},
		{&cinnox.APIError{Operation: "subscribe", StatusCode: 400, Code: cinnox.CodeBadParameter}, "fails verification"},
		{&cinnox.APIError{Operation: "unsubscribe", StatusCode: 400, Code: cinnox.CodeBadParameter}, "refused to disable the subscription"},
		{&cinnox.APIError{StatusCode: 200, NotEnabled: true}, "did not enable"},
		{&cinnox.APIError{StatusCode: 200, Message: "response is not a CINNOX JSON answer"}, "points at the CINNOX Open API"},
	} {
		if got := hint(tc.err); !strings.Contains(got, tc.want) {
			t.Errorf("hint(%v) = %q, want it to contain %q", tc.err, got, tc.want)
		}
	}
}
