package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
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
		_, err := checkWebhookURL(raw)
		switch {
		case wantErr == "" && err != nil:
			t.Errorf("%q: unexpected error %v", raw, err)
		case wantErr != "" && (err == nil || !strings.Contains(err.Error(), wantErr)):
			t.Errorf("%q: got %v, want an error containing %q", raw, err, wantErr)
		}
	}
}

func TestWebhookURLWarnings(t *testing.T) {
	for raw, want := range map[string]string{
		"https://hooks.example.com/cinnox": "",
		"http://127.0.0.1:8080/hook":       "",
		"http://hooks.example.com/cinnox":  "Webhook URL is not encrypted",
		// Credentials in a URL are how a receiver tells CINNOX's
		// notifications from others': url is sensitive, and no warning
		// prints the source line that holds them.
		"https://user:secret@hooks.example.com/x": "",
	} {
		req := validator.StringRequest{Path: path.Root("url"), ConfigValue: types.StringValue(raw)}
		var resp validator.StringResponse
		webhookURLValidator{}.ValidateString(context.Background(), req, &resp)
		if resp.Diagnostics.HasError() {
			t.Errorf("%q: unexpected error %v", raw, resp.Diagnostics)
			continue
		}
		warnings := resp.Diagnostics.Warnings()
		switch {
		case want == "" && len(warnings) != 0:
			t.Errorf("%q: unexpected warning %q", raw, warnings[0].Summary())
		case want != "" && (len(warnings) != 1 || warnings[0].Summary() != want):
			t.Errorf("%q: warnings %v, want %q", raw, warnings, want)
		}
	}
}
