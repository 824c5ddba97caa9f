package noop

// The bare-PATCH floor: the do-nothing provider sending exactly the one
// PATCH per create, update and delete that any provider of these resources
// must send, with a bare net/http client and nothing else (no retries, no
// pacing, no claims, no logging, no redaction).

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// NewPATCH returns the bare-PATCH floor provider. It reads the base URL
// and the token from CINNOX_BASE_URL and CINNOX_APP_TOKEN.
func NewPATCH() provider.Provider {
	return patchProvider{noopProvider: newNoop(), base: strings.TrimRight(os.Getenv("CINNOX_BASE_URL"), "/"),
		token: os.Getenv("CINNOX_APP_TOKEN")}
}

type patchProvider struct {
	noopProvider
	base, token string
}

func (p patchProvider) Resources(ctx context.Context) []func() resource.Resource {
	return wrap(p.Provider.Resources(ctx), func(r resource.Resource) resource.Resource {
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "cinnox"}, &md)
		segment := strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(md.TypeName, "cinnox_"), "_event_subscription"), "_", "-")
		return patchResource{noopResource: noopResource{r}, p: p, segment: segment}
	})
}

// patchResource is a noopResource that sends its PATCH.
type patchResource struct {
	noopResource
	p       patchProvider
	segment string
}

func (r patchResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if r.send(ctx, req.Plan, false, &resp.Diagnostics) {
		r.noopResource.Create(ctx, req, resp)
	}
}

func (r patchResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if r.send(ctx, req.Plan, false, &resp.Diagnostics) {
		r.noopResource.Update(ctx, req, resp)
	}
}

func (r patchResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	r.send(ctx, req.State, true, &resp.Diagnostics)
}

// values are a plan's or a state's.
type values interface {
	GetAttribute(ctx context.Context, p path.Path, target any) diag.Diagnostics
}

// send PATCHes the subscription v holds (enabled as v says, false to
// unsubscribe) and reports whether CINNOX answered 200.
func (r patchResource) send(ctx context.Context, v values, unsubscribe bool, diags *diag.Diagnostics) bool {
	var appID, url types.String
	var enabled types.Bool
	v.GetAttribute(ctx, path.Root("app_id"), &appID)
	v.GetAttribute(ctx, path.Root("url"), &url)
	v.GetAttribute(ctx, path.Root("enabled"), &enabled)
	body, _ := json.Marshal(map[string]any{"enabled": enabled.ValueBool() && !unsubscribe, "url": url.ValueString()})
	endpoint := fmt.Sprintf("%s/v1/api/apps/%s/%s-event-sub", r.p.base, appID.ValueString(), r.segment)
	req, err := http.NewRequestWithContext(ctx, http.MethodPatch, endpoint, bytes.NewReader(body))
	if err != nil {
		diags.AddError("PATCH failed", err.Error())
		return false
	}
	req.Header.Set("Authorization", "Bearer "+r.p.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		diags.AddError("PATCH failed", err.Error())
		return false
	}
	defer func() { _ = resp.Body.Close() }()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		diags.AddError("PATCH failed", fmt.Sprintf("HTTP %d", resp.StatusCode))
		return false
	}
	return true
}
