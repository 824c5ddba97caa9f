package cinnoxmock

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

const token = "tok"

type answer struct {
	Code    int64 `json:"code"`
	Message string
	Result  map[string]any
}

func do(t *testing.T, srv *httptest.Server, method, path, auth, body string) (int, answer) {
	t.Helper()
	req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	raw, _ := io.ReadAll(resp.Body)
	var a answer
	if err := json.Unmarshal(raw, &a); err != nil {
		t.Fatalf("answer %s is not JSON", raw)
	}
	return resp.StatusCode, a
}

func TestServer(t *testing.T) {
	mock := New(Options{Token: token})
	api := httptest.NewServer(mock)
	defer api.Close()
	hook := httptest.NewServer(&Receiver{})
	defer hook.Close()
	wrongEcho := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"code":0,"result":{"challenge":"not-it"}}`)
	}))
	defer wrongEcho.Close()
	bearer := "Bearer " + token
	good := `{"enabled":true,"url":"` + hook.URL + `/h"}`

	for _, tc := range []struct {
		name, method, path, auth, body string
		wantStatus                     int
		wantCode                       int64
		wantMsg                        string
	}{
		{"subscribe", "PATCH", "/v1/api/apps/a1/call-event-sub", bearer, good, 200, 0, ""},
		{"unsubscribe needs no challenge", "PATCH", "/v1/api/apps/a1/inquiry-event-sub", bearer, `{"enabled":false,"url":"https://unreachable.invalid/"}`, 200, 0, ""},
		{"wrong token", "PATCH", "/v1/api/apps/a1/call-event-sub", "Bearer nope", good, 401, CodeBadParameter, "Unauthorized"},
		{"no token", "PATCH", "/v1/api/apps/a1/call-event-sub", "", good, 401, CodeBadParameter, "Unauthorized"},
		{"unknown event", "PATCH", "/v1/api/apps/a1/chat-event-sub", bearer, good, 404, CodeNotFound, "not found"},
		{"wrong method", "POST", "/v1/api/apps/a1/call-event-sub", bearer, good, 404, CodeNotFound, "not found"},
		{"missing url", "PATCH", "/v1/api/apps/a1/call-event-sub", bearer, `{"enabled":true}`, 400, CodeBadParameter, "url is required"},
		{"missing enabled", "PATCH", "/v1/api/apps/a1/call-event-sub", bearer, `{"url":"https://x.example"}`, 400, CodeBadParameter, "enabled is required"},
		{"enabled as string", "PATCH", "/v1/api/apps/a1/call-event-sub", bearer, `{"enabled":"true","url":"https://x.example"}`, 400, CodeBadParameter, "enabled must be a boolean"},
		{"extra field", "PATCH", "/v1/api/apps/a1/call-event-sub", bearer, `{"enabled":true,"url":"https://x.example","x":1}`, 400, CodeBadParameter, "unknown field"},
		{"relative url", "PATCH", "/v1/api/apps/a1/call-event-sub", bearer, `{"enabled":true,"url":"/h"}`, 400, CodeBadParameter, "absolute"},
		{"wrong echo", "PATCH", "/v1/api/apps/a1/call-event-sub", bearer, `{"enabled":true,"url":"` + wrongEcho.URL + `"}`, 400, CodeBadParameter, "verification failed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, a := do(t, api, tc.method, tc.path, tc.auth, tc.body)
			if status != tc.wantStatus || a.Code != tc.wantCode || !strings.Contains(a.Message, tc.wantMsg) {
				t.Errorf("got %d %+v, want %d code %d message ~%q", status, a, tc.wantStatus, tc.wantCode, tc.wantMsg)
			}
		})
	}

	// The failed challenge did not change the subscription; the first call
	// made it, and the answer had updatedAt.
	sub, ok := mock.Subscription("a1", "call")
	if !ok || !sub.Enabled || sub.URL != hook.URL+"/h" {
		t.Errorf("call subscription %+v, %v", sub, ok)
	}
	reqs := mock.Requests()
	if len(reqs) != 12 {
		t.Fatalf("recorded %d requests, want 12", len(reqs))
	}
	if reqs[0].Header.Get("Authorization") != "" || !reqs[0].Authorized {
		t.Errorf("first request recorded as %+v", reqs[0])
	}
	if !strings.Contains(reqs[11].Note, `echoed challenge "not-it"`) {
		t.Errorf("failed challenge note %q", reqs[11].Note)
	}
}

func TestUpdatedAtOnlyWhereDocumented(t *testing.T) {
	api := httptest.NewServer(New(Options{Token: token, SkipVerification: true}))
	defer api.Close()
	for event, want := range DocumentedEvents {
		_, a := do(t, api, "PATCH", "/v1/api/apps/a/"+event+"-event-sub", "Bearer "+token, `{"enabled":true,"url":"https://x.example"}`)
		if _, has := a.Result["updatedAt"]; has != want {
			t.Errorf("%s: updatedAt present = %v, want %v", event, has, want)
		}
	}
}

func TestRejectAsDisabled(t *testing.T) {
	bad := httptest.NewServer(http.NotFoundHandler())
	defer bad.Close()
	api := httptest.NewServer(New(Options{Token: token, RejectAsDisabled: true}))
	defer api.Close()
	status, a := do(t, api, "PATCH", "/v1/api/apps/a/call-event-sub", "Bearer "+token, `{"enabled":true,"url":"`+bad.URL+`"}`)
	if status != 200 || a.Code != 0 || a.Result["enabled"] != false {
		t.Errorf("got %d %+v", status, a)
	}
}

func TestFaultsAndRateLimit(t *testing.T) {
	mock := New(Options{Token: token, SkipVerification: true, Faults: Faults{Rate: 0.5, Seed: 7, Kinds: []Fault{FaultTooMany429, FaultBadGateway}}})
	api := httptest.NewServer(mock)
	defer api.Close()
	statuses := map[int]int{}
	for range 200 {
		req, _ := http.NewRequest("PATCH", api.URL+"/v1/api/apps/a/call-event-sub", strings.NewReader(`{"enabled":true,"url":"https://x.example"}`))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		statuses[resp.StatusCode]++
	}
	if statuses[200] < 70 || statuses[429] < 30 || statuses[502] < 30 || len(statuses) != 3 {
		t.Errorf("statuses %v, want about half failing as 429 or 502", statuses)
	}

	limited := New(Options{Token: token, SkipVerification: true, RateLimit: RateLimit{Requests: 3, Window: time.Minute}})
	api2 := httptest.NewServer(limited)
	defer api2.Close()
	var codes []int64
	for range 5 {
		_, a := do(t, api2, "PATCH", "/v1/api/apps/a/call-event-sub", "Bearer "+token, `{"enabled":true,"url":"https://x.example"}`)
		codes = append(codes, a.Code)
	}
	if fmt.Sprint(codes) != "[0 0 0 6451010 6451010]" {
		t.Errorf("codes %v", codes)
	}
}

func TestDroppedConnection(t *testing.T) {
	mock := New(Options{Token: token, SkipVerification: true, Faults: Faults{Rate: 1, Kinds: []Fault{FaultDropAfter}}})
	api := httptest.NewServer(mock)
	defer api.Close()
	req, _ := http.NewRequest("PATCH", api.URL+"/v1/api/apps/a/call-event-sub", strings.NewReader(`{"enabled":true,"url":"https://x.example"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	if _, err := http.DefaultClient.Do(req); err == nil {
		t.Fatal("got an answer from a dropped connection")
	}
	if sub, ok := mock.Subscription("a", "call"); !ok || !sub.Enabled {
		t.Errorf("drop-after did not apply the request: %+v", sub)
	}
}
