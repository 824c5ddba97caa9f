package provider

import (
	"context"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnox"
	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
	"github.com/cinnox/terraform-provider-cinnox/internal/receivercheck"
)

func TestEventTypesTable(t *testing.T) {
	names, segments := map[string]bool{}, map[string]bool{}
	for _, et := range eventTypes {
		if !regexp.MustCompile(`^[a-z][a-z_]*$`).MatchString(et.Name) || !regexp.MustCompile(`^[a-z][a-z-]*$`).MatchString(et.Segment) {
			t.Errorf("bad name or segment: %+v", et)
		}
		if names[et.Name] || segments[et.Segment] {
			t.Errorf("duplicate entry: %+v", et)
		}
		names[et.Name], segments[et.Segment] = true, true
		if et.Title == "" || !strings.HasPrefix(et.Description, notifiesWhen) || et.Sample == nil {
			t.Errorf("entry without a title, a description starting %q or a sample notification: %+v", notifiesWhen, et)
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

// The provider's resources, the mock's endpoints, the mock's sample
// notifications and the receiver check's events are one set of event types:
// a type added to one and not the others fails here (the released
// cinnox-mock must serve every resource the provider has).
func TestEventTypes_theProviderTheMockAndTheReceiverCheckAgree(t *testing.T) {
	var resources []string
	for _, f := range New("test")().Resources(context.Background()) {
		if r, ok := f().(*subscriptionResource); ok {
			resources = append(resources, r.event.Segment)
		}
	}
	var documented []string
	for segment := range cinnoxmock.DocumentedEvents {
		documented = append(documented, segment)
	}
	for what, got := range map[string][]string{
		"the mock's documented events":   documented,
		"the receiver check's events":    receivercheck.Events,
		"the mock's served endpoints":    servedEndpoints(t, resources),
		"the mock's sample notification": withSamples(resources),
	} {
		if !sameSet(got, resources) {
			t.Errorf("%s are %v; the provider's resources are for %v", what, got, resources)
		}
	}
}

// servedEndpoints subscribes, through the provider's API client, at the
// default mock's endpoint of each segment, and returns those it serves.
func servedEndpoints(t *testing.T, segments []string) []string {
	mock := httptest.NewServer(cinnoxmock.New(cinnoxmock.Options{Token: testToken, SkipVerification: true}))
	defer mock.Close()
	client, err := cinnox.New(cinnox.Config{BaseURL: mock.URL, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	var served []string
	for _, segment := range segments {
		if _, err := client.Subscribe(context.Background(), "app-1", segment, "https://hooks.example.com/x"); err == nil {
			served = append(served, segment)
		}
	}
	return served
}

// withSamples returns the segments the mock has a sample notification of.
func withSamples(segments []string) []string {
	var out []string
	for _, segment := range segments {
		if _, err := cinnoxmock.SampleNotification(segment, time.Now()); err == nil {
			out = append(out, segment)
		}
	}
	return out
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
