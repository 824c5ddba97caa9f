package cinnoxmock

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"
)

// documentedFields are the notification fields of each event type as the
// CINNOX documentation lists them (../shared/cinnox-api.md, Notifications),
// with their JSON types.
var documentedFields = map[string]map[string]string{
	"inquiry": {
		"status": "string", "serviceId": "string", "displayCaseNumber": "string", "eid": "string",
		"type": "string", "channel": "string", "channelOri": "string", "socialId": "string",
		"date": "string", "destination": "string", "destinationTypes": "string",
	},
	"call": {
		"message.id": "string", "message.status": "string", "message.serviceId": "string",
		"message.caller.eid": "string", "message.caller.number": "number",
		"message.callees.eid": "string", "message.callees.number": "number",
	},
	"staff-contact": {
		"type": "string", "challenge": "string", "message.type": "string", "message.status": "string",
		"message.serviceId": "string", "message.fullName": "string", "message.id": "string",
	},
	"inbound-sms": {
		"id": "string", "eventDescription": "string", "senderNumber": "number", "recipientNumber": "number",
		"receiveTime": "string", "contentType": "string", "content": "string",
	},
}

// leaves flattens a decoded JSON object into dotted paths and JSON types.
func leaves(prefix string, v any, out map[string]string) {
	switch v := v.(type) {
	case map[string]any:
		for k, child := range v {
			leaves(strings.TrimPrefix(prefix+"."+k, "."), child, out)
		}
	case string:
		out[prefix] = "string"
	case float64:
		out[prefix] = "number"
	default:
		out[prefix] = "other"
	}
}

func TestSampleNotificationsHaveTheDocumentedFields(t *testing.T) {
	at := time.Date(2022, 11, 7, 0, 0, 0, 0, time.UTC)
	for event, want := range documentedFields {
		sample, err := SampleNotification(event, at)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := json.Marshal(sample)
		var decoded map[string]any
		_ = json.Unmarshal(raw, &decoded)
		got := map[string]string{}
		leaves("", decoded, got)
		var diffs []string
		for path, typ := range want {
			if got[path] != typ {
				diffs = append(diffs, path+": got "+got[path]+", want "+typ)
			}
		}
		for path := range got {
			if _, ok := want[path]; !ok {
				diffs = append(diffs, path+": not documented")
			}
		}
		sort.Strings(diffs)
		if len(diffs) > 0 {
			t.Errorf("%s notification: %s", event, strings.Join(diffs, "; "))
		}
	}
	// Values fixed by the documentation.
	inq, _ := SampleNotification("inquiry", at)
	sms, _ := SampleNotification("inbound-sms", at)
	if inq["type"] != "inquiry" || inq["date"] != "2022-11-07T00:00:00.000Z" ||
		sms["eventDescription"] != "Inbound SMS" || sms["contentType"] != "Text" {
		t.Errorf("fixed values wrong: %v %v", inq, sms)
	}
	if _, err := SampleNotification("chat", at); err == nil {
		t.Error("an undocumented event has a sample")
	}
}

func TestNotifyDeliversToEnabledSubscriptionsOfTheEvent(t *testing.T) {
	mock := New(Options{Token: token})
	api := httptest.NewServer(mock)
	defer api.Close()
	hook := api.URL + WebhookPath
	mock.Seed(Subscription{AppID: "a", Event: "call", Enabled: true, URL: hook + "a"})
	mock.Seed(Subscription{AppID: "b", Event: "call", Enabled: false, URL: hook + "b"})
	mock.Seed(Subscription{AppID: "a", Event: "inquiry", Enabled: true, URL: hook + "c"})

	resp, err := http.Post(api.URL+NotifyPath+"call", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	var answer struct{ Deliveries []Delivery }
	_ = json.NewDecoder(resp.Body).Decode(&answer)
	_ = resp.Body.Close()
	if len(answer.Deliveries) != 1 || answer.Deliveries[0].AppID != "a" || answer.Deliveries[0].Status != 200 {
		t.Fatalf("deliveries %+v", answer.Deliveries)
	}

	resp, err = http.Get(api.URL + StatePath)
	if err != nil {
		t.Fatal(err)
	}
	var st State
	_ = json.NewDecoder(resp.Body).Decode(&st)
	_ = resp.Body.Close()
	if len(st.Subscriptions) != 3 || len(st.Deliveries) != 1 || len(st.Receiver.Notifications) != 1 ||
		!strings.Contains(string(st.Receiver.Notifications[0]), "CallStart") {
		t.Errorf("state %+v", st)
	}
	if _, err := mock.Notify(context.Background(), "chat"); err == nil {
		t.Error("notify of an unknown event succeeded")
	}
	if r, _ := http.Post(api.URL+StatePath, "application/json", nil); r.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST %s answered %d; the state view is read-only", StatePath, r.StatusCode)
	}
}
