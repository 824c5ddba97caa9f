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
	// notification lists, in Markdown, the fields of the notifications
	// CINNOX POSTs to the webhook, as the API documentation gives them.
	notification string
}

// eventTypes is the table the four subscription resources are built from.
var eventTypes = []eventType{
	{
		name:             "inquiry",
		segment:          "inquiry",
		title:            "enquiry",
		description:      "CINNOX notifies the webhook when an enquiry is opened, handled, closed or missed.",
		returnsUpdatedAt: true,
		notification: "- `status`: `Opened`, `Handling`, `Closed` or `Missed`\n" +
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
	},
	{
		name:             "call",
		segment:          "call",
		title:            "call",
		description:      "CINNOX notifies the webhook when a call starts and when it ends.",
		returnsUpdatedAt: true,
		notification: "When a call starts:\n\n" +
			"- `message.id`: the call ID\n" +
			"- `message.status`: `CallStart`\n" +
			"- `message.serviceId`: the CINNOX service ID\n" +
			"- `message.caller.eid`, `message.caller.number`: the caller's staff EID and phone number\n" +
			"- `message.callees.eid`, `message.callees.number`: the callee's staff EID and phone number\n\n" +
			"When it ends: `message.status` = `CallEnd`, `message.serviceId`, `message.id`.",
	},
	{
		name:             "staff_contact",
		segment:          "staff-contact",
		title:            "staff contact",
		description:      "CINNOX notifies the webhook when a staff contact is created, edited or deleted.",
		returnsUpdatedAt: false,
		notification: "- `type`: always `message`\n" +
			"- `challenge`: for CINNOX's internal use, sent empty. It is not the verification challenge: a receiver " +
			"that echoes it answers the notification instead of handling it (see the guide \"Webhook verification and " +
			"readiness\")\n" +
			"- `message.type`: always `contact`\n" +
			"- `message.status`: `staffCreate`, `staffEdit` or `staffDelete`\n" +
			"- `message.serviceId`: the CINNOX service ID\n" +
			"- `message.fullName`: the staff member's full name\n" +
			"- `message.id`: the staff member's ID",
	},
	{
		name:             "inbound_sms",
		segment:          "inbound-sms",
		title:            "inbound SMS",
		description:      "CINNOX notifies the webhook when an SMS arrives at one of the account's numbers.",
		returnsUpdatedAt: true,
		notification: "- `id`: the record ID of the message\n" +
			"- `eventDescription`: always `Inbound SMS`\n" +
			"- `senderNumber`: the sender's number\n" +
			"- `recipientNumber`: the receiving number, country code and number, e.g. `85298765432`\n" +
			"- `receiveTime`: when it arrived, RFC 3339\n" +
			"- `contentType`: always `Text`\n" +
			"- `content`: the message text",
	},
}
