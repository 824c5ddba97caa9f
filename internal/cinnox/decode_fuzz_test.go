package cinnox

import (
	"errors"
	"strings"
	"testing"
)

// FuzzDecode feeds arbitrary answers to the response decoder: it must never
// panic, and must return exactly one of a subscription or an *APIError whose
// message is short enough to show a person. The seed corpus runs with every
// go test.
func FuzzDecode(f *testing.F) {
	for _, seed := range []struct {
		status int
		body   string
	}{
		{200, `{"code":0,"result":{"enabled":true,"url":"https://h.example/x","updatedAt":"2022-11-07T00:00:00.000Z"}}`},
		{200, `{"code":0,"result":{"enabled":false,"url":"u"}}`},
		{400, `{"code":6451000,"message":"The error message from the server."}`},
		{429, `{"code":6451010,"message":"Too many requests"}`},
		{404, `{"code":6450001,"message":"Method or URL not found."}`},
		{200, ``},
		{502, `<html><body>Bad Gateway</body></html>`},
		{200, `{"code":0}`},
		{200, `{"code":0,"result":null}`},
		{200, `{"code":0,"result":[1,2,3]}`},
		{200, `{"code":0,"result":{"enabled":"yes"}}`},
		{400, `{"code":6451000,"result":"x","message":"m"}`},
		{200, `{"code":0,"result":"x","message":5}`},
		{200, `{"code":"0","result":{}}`},
		{200, `{"code":1e99}`},
		{200, `[]`},
		{200, `null`},
		{500, "\x00\xff\xfe"},
		{400, `{"code":1,"message":"` + strings.Repeat("long ", 1000) + `"}`},
	} {
		f.Add(seed.status, []byte(seed.body))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		sub, err := decode("subscribe", status, body)
		if (sub == nil) == (err == nil) {
			t.Fatalf("decode(%d, %q) = %v, %v: want exactly one", status, body, sub, err)
		}
		if err != nil {
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %v is not an *APIError", err)
			}
			if len(apiErr.Message) > maxMessage+len("…") {
				t.Fatalf("message of %d bytes", len(apiErr.Message))
			}
		}
		if sub != nil && (status < 200 || status > 299) {
			t.Fatalf("status %d decoded as success", status)
		}
	})
}
