package provider

import (
	"strings"

	"github.com/cinnox/terraform-provider-cinnox/internal/events"
)

// eventType is one CINNOX webhook event a subscription resource manages, an
// entry of events.All: the one list of event types, which the mock, the
// receiver check, the demo and the bench read too.
type eventType = events.Type

// eventTypes is the table the subscription resources are built from.
var eventTypes = events.All

// notifiesWhen starts every event type's description.
const notifiesWhen = "CINNOX notifies the webhook when "

// eventTable is the Markdown table of the resources and when CINNOX
// notifies each, which the provider's description (and so the docs' index
// page) shows.
func eventTable() string {
	var t strings.Builder
	t.WriteString("| resource | CINNOX sends a notification when |\n|---|---|")
	for _, et := range eventTypes {
		name := "cinnox_" + et.Name + "_event_subscription"
		t.WriteString("\n| [`" + name + "`](resources/" + et.Name + "_event_subscription) | " +
			strings.TrimSuffix(strings.TrimPrefix(et.Description, notifiesWhen), ".") + " |")
	}
	return t.String()
}
