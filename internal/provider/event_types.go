package provider

// eventType is one CINNOX webhook event a subscription resource manages.
// Adding an event type is one entry in eventTypes, an example under
// examples/resources, and a case in the tests (which iterate this table).
type eventType struct {
	// name is the middle of the resource type name:
	// cinnox_<name>_event_subscription.
	name string
	// segment is the API's event path segment: .../{segment}-event-sub.
	segment string
	// title is the event's name in prose, e.g. "call".
	title string
	// description says when CINNOX sends a notification of this type.
	description string
	// returnsUpdatedAt is whether the endpoint returns result.updatedAt.
	returnsUpdatedAt bool
}

// eventTypes is the table the four subscription resources are built from.
var eventTypes = []eventType{
	{
		name:             "inquiry",
		segment:          "inquiry",
		title:            "enquiry",
		description:      "CINNOX notifies the webhook when an enquiry is opened, handled, closed or missed.",
		returnsUpdatedAt: true,
	},
	{
		name:             "call",
		segment:          "call",
		title:            "call",
		description:      "CINNOX notifies the webhook when a call starts and when it ends.",
		returnsUpdatedAt: true,
	},
	{
		name:             "staff_contact",
		segment:          "staff-contact",
		title:            "staff contact",
		description:      "CINNOX notifies the webhook when a staff contact is created, edited or deleted.",
		returnsUpdatedAt: false,
	},
	{
		name:             "inbound_sms",
		segment:          "inbound-sms",
		title:            "inbound SMS",
		description:      "CINNOX notifies the webhook when an SMS arrives at one of the account's numbers.",
		returnsUpdatedAt: true,
	},
}
