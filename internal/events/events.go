// Package events is the one list of the CINNOX webhook event types. The
// provider makes a subscription resource of each, and cinnox-mock serves
// each's endpoint and sample notification, which cinnox-mock check-receiver
// sends; the demo and the bench subscribe to each. Adding an event type is
// one entry in All, its example folder under examples/resources, and its
// documented fields in cinnoxmock's notification test (CONTRIBUTING.md).
package events

// Type is one CINNOX webhook event type.
type Type struct {
	// Name is the middle of the resource type name:
	// cinnox_<Name>_event_subscription.
	Name string
	// Segment is the API's event path segment: .../{Segment}-event-sub, and
	// cinnox-mock's name for the event.
	Segment string
	// Title is the event's name in prose, e.g. "call".
	Title string
	// Description says when CINNOX sends a notification of this type:
	// "CINNOX notifies the webhook when ...".
	Description string
	// ReturnsUpdatedAt is whether the endpoint returns result.updatedAt.
	ReturnsUpdatedAt bool
	// Notification lists, in Markdown, the fields of the notifications
	// CINNOX POSTs to the webhook, as the API documentation gives them.
	Notification string
	// Sample is a notification of this type with every field the
	// documentation lists, filled with realistic values; date is the time
	// fields' value, RFC 3339.
	Sample func(date string) map[string]any
}

// All is the table of event types, in the order the documentation gives
// them.
var All = []Type{
	{
		Name:             "inquiry",
		Segment:          "inquiry",
		Title:            "enquiry",
		Description:      "CINNOX notifies the webhook when an enquiry is opened, handled, closed or missed.",
		ReturnsUpdatedAt: true,
		Notification: "- `status`: `Opened`, `Handling`, `Closed` or `Missed`\n" +
			"- `serviceId`: the CINNOX service ID\n" +
			"- `displayCaseNumber`: the enquiry ID shown in the CINNOX Dashboard\n" +
			"- `eid`: the record ID of the enquiry\n" +
			"- `type`: always `inquiry`\n" +
			"- `channel`: where the enquiry arrived: `CINNOX`, `FACEBOOK`, `LINE`, `WECHAT`, `WHATSAPP`, `THIRDPARTY`, `CHATBOT`, `EMAIL`, `WOZTELL` or `INSTAGRAM`\n" +
			"- `channelOri`: the enquiry's origin, e.g. `CINNOX`, `VirtualNumber`, `Directory`, `Weblink`, `Campaign`, `Unknown`; `Channel` when `channel` is not `CINNOX`\n" +
			"- `socialId`: the social channel's ID, empty for other origins\n" +
			"- `date`: when, RFC 3339\n" +
			"- `destination`: the service group, chatbot or IVR it was routed to\n" +
			"- `destinationTypes`: `STAFF`, `PHONE` or `SIP`",
		Sample: func(date string) map[string]any {
			return map[string]any{
				"status":            "Opened",
				"serviceId":         "svc-0001",
				"displayCaseNumber": "E000123",
				"eid":               "enq-7f3a9c",
				"type":              "inquiry",
				"channel":           "CINNOX",
				"channelOri":        "Weblink",
				"socialId":          "",
				"date":              date,
				"destination":       "service-group-sales",
				"destinationTypes":  "STAFF",
			}
		},
	},
	{
		Name:             "call",
		Segment:          "call",
		Title:            "call",
		Description:      "CINNOX notifies the webhook when a call starts or ends.",
		ReturnsUpdatedAt: true,
		Notification: "When a call starts:\n\n" +
			"- `message.id`: the call ID\n" +
			"- `message.status`: `CallStart`\n" +
			"- `message.serviceId`: the CINNOX service ID\n" +
			"- `message.caller.eid`, `message.caller.number`: the caller's staff EID and phone number\n" +
			"- `message.callees.eid`, `message.callees.number`: the callee's staff EID and phone number\n\n" +
			"When it ends: `message.status` = `CallEnd`, `message.serviceId`, `message.id`.",
		Sample: func(date string) map[string]any {
			return map[string]any{
				"message": map[string]any{
					"id":        "call-5d2e81",
					"status":    "CallStart",
					"serviceId": "svc-0001",
					"caller":    map[string]any{"eid": "staff-eid-001", "number": int64(85291234567)},
					"callees":   map[string]any{"eid": "staff-eid-002", "number": int64(85298765432)},
				},
			}
		},
	},
	{
		Name:             "staff_contact",
		Segment:          "staff-contact",
		Title:            "staff contact",
		Description:      "CINNOX notifies the webhook when a staff contact is created, edited or deleted.",
		ReturnsUpdatedAt: false,
		Notification: "- `type`: always `message`\n" +
			"- `challenge`: for CINNOX's internal use, sent empty. It is not the verification challenge: a receiver " +
			"that echoes it answers the notification instead of handling it (see the guide \"Webhook verification and " +
			"readiness\")\n" +
			"- `message.type`: always `contact`\n" +
			"- `message.status`: `staffCreate`, `staffEdit` or `staffDelete`\n" +
			"- `message.serviceId`: the CINNOX service ID\n" +
			"- `message.fullName`: the staff member's full name\n" +
			"- `message.id`: the staff member's ID",
		Sample: func(date string) map[string]any {
			return map[string]any{
				"type":      "message",
				"challenge": "",
				"message": map[string]any{
					"type":      "contact",
					"status":    "staffCreate",
					"serviceId": "svc-0001",
					"fullName":  "Chan Tai Man",
					"id":        "staff-0042",
				},
			}
		},
	},
	{
		Name:             "inbound_sms",
		Segment:          "inbound-sms",
		Title:            "inbound SMS",
		Description:      "CINNOX notifies the webhook when an SMS arrives at one of the account's numbers.",
		ReturnsUpdatedAt: true,
		Notification: "- `id`: the record ID of the message\n" +
			"- `eventDescription`: always `Inbound SMS`\n" +
			"- `senderNumber`: the sender's number\n" +
			"- `recipientNumber`: the receiving number, country code and number, e.g. `85298765432`\n" +
			"- `receiveTime`: when it arrived, RFC 3339\n" +
			"- `contentType`: always `Text`\n" +
			"- `content`: the message text",
		Sample: func(date string) map[string]any {
			return map[string]any{
				"id":               "sms-9b41c0",
				"eventDescription": "Inbound SMS",
				"senderNumber":     int64(85291234567),
				"recipientNumber":  int64(85298765432),
				"receiveTime":      date,
				"contentType":      "Text",
				"content":          "Hello from the CINNOX mock",
			}
		},
	},
}

// BySegment returns the event type whose path segment is segment.
func BySegment(segment string) (Type, bool) {
	for _, t := range All {
		if t.Segment == segment {
			return t, true
		}
	}
	return Type{}, false
}

// Segments returns every event type's path segment, in the table's order.
func Segments() []string {
	out := make([]string, len(All))
	for i, t := range All {
		out[i] = t.Segment
	}
	return out
}
