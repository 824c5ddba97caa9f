package provider

import (
	"strings"
	"testing"
)

func TestValidateBaseURL(t *testing.T) {
	for raw, wantErr := range map[string]string{
		"https://examplebaseURL.com":         "",
		"https://examplebaseURL.com/":        "",
		"https://cinnox.example.com:8443/x/": "",
		"http://localhost:8080":              "",
		"http://127.0.0.1:4010":              "",
		"http://127.8.9.10":                  "",
		"http://[::1]:4010":                  "",
		"http://cinnox.example.com":          "plain http://",
		"http://10.0.0.1":                    "plain http://",
		"http://localhost.example.com":       "plain http://",
		"examplebaseURL.com":                 "absolute https:// URL",
		"ftp://examplebaseURL.com":           "absolute https:// URL",
		"https://":                           "absolute https:// URL",
		"https://user:pw@examplebaseURL.com": "must not carry credentials",
		"https://examplebaseURL.com/?a=b":    "must not carry credentials, a query",
		"://bad":                             "is not a URL",
	} {
		err := validateBaseURL(raw)
		switch {
		case wantErr == "" && err != nil:
			t.Errorf("%q: unexpected error %v", raw, err)
		case wantErr != "" && (err == nil || !strings.Contains(err.Error(), wantErr)):
			t.Errorf("%q: got %v, want an error containing %q", raw, err, wantErr)
		}
	}
}

func TestCheckWebhookURL(t *testing.T) {
	for raw, wantErr := range map[string]string{
		"https://hooks.example.com/cinnox":  "",
		"http://hooks.example.com:8080/x?y": "",
		"hooks.example.com/cinnox":          "must start with https://",
		"/cinnox":                           "must start with https://",
		"mailto:ops@example.com":            "must start with https://",
		"https:///cinnox":                   "has no host",
		"https://:443/cinnox":               "has no host",
		"http://%zz":                        "is not a URL",
	} {
		err := checkWebhookURL(raw)
		switch {
		case wantErr == "" && err != nil:
			t.Errorf("%q: unexpected error %v", raw, err)
		case wantErr != "" && (err == nil || !strings.Contains(err.Error(), wantErr)):
			t.Errorf("%q: got %v, want an error containing %q", raw, err, wantErr)
		}
	}
}
