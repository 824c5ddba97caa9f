package provider

// The schema of the subscription resources, written for the Registry.

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

//nolint:funlen // a declarative schema
func (r *subscriptionResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	updatedAt := "When CINNOX last changed the subscription, as reported by the API (RFC 3339)."
	if !r.event.ReturnsUpdatedAt {
		updatedAt = "Always null: the CINNOX " + r.event.Title + " endpoint does not report when a subscription changed."
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: fmt.Sprintf("Subscribes a webhook to CINNOX %[1]s events (`%[2]s-event-sub`). %[3]s\n\n"+
			"There is one %[1]s subscription per app: creating this resource subscribes the webhook (replacing any "+
			"earlier %[1]s subscription of the app), changing `url` (or `url_wo`) moves the subscription, and destroying the "+
			"resource unsubscribes.\n\n"+
			"Before it accepts a URL, CINNOX verifies the webhook: it POSTs `{\"challenge\": \"<random>\"}` and the "+
			"endpoint must answer HTTP 200 with `{\"code\": 0, \"result\": {\"challenge\": \"<the same string>\"}}`.\n\n"+
			"~> The CINNOX API has no call that reads a subscription back, so Terraform cannot detect changes made "+
			"outside Terraform (for example in the CINNOX Web Dashboard). `terraform plan` sends no request to CINNOX; "+
			"`terraform apply` re-asserts the configured URL when the configuration changes.\n\n"+
			"To pause the subscription without destroying it, set `enabled = false`: CINNOX stops sending "+
			"notifications and the resource stays managed; `enabled = true` (the default) resumes it, with a "+
			"new webhook verification.\n\n"+
			"## Notification payload\n\nCINNOX POSTs JSON with these fields to the webhook:\n\n%[4]s",
			r.event.Title, r.event.Segment, r.event.Description, r.event.Notification),
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The app ID: an app has at most one " + r.event.Title + " subscription.",
			},
			"app_id": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "The App ID of the CINNOX app to subscribe. Defaults to the provider's `app_id` " +
					"(or `" + EnvAppID + "`); one of the two must be set. Changing it unsubscribes the old app " +
					"and subscribes the new one.",
				Validators: []validator.String{appIDValidator{}},
				// The provider's app_id, when the resource has none, is
				// planned by ModifyPlan: a plan modifier has no provider.
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
			},
			"url": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "The webhook URL CINNOX sends " + r.event.Title + " notifications to: an absolute " +
					"`https://` (or `http://`) URL. It must answer CINNOX's verification challenge, or the " +
					"subscription fails. Changing it updates the subscription in place. Sensitive: CINNOX does not sign " +
					"its notifications, so a secret in the URL (a path segment, a query parameter, credentials) is how a " +
					"receiver tells CINNOX's from anyone else's; plans show `(sensitive value)`, and errors and logs " +
					"show only its scheme and host. The state keeps it in full: on Terraform 1.11+ and OpenTofu 1.11+ " +
					"prefer `url_wo`. Exactly one of `url` and `url_wo` must be set.",
				Validators: []validator.String{webhookURLValidator{}},
			},
			// Not marked sensitive: Terraform shows a write-only value
			// nowhere, and the mark costs every plan (BENCHMARKS.md).
			"url_wo": schema.StringAttribute{
				Optional:  true,
				WriteOnly: true,
				MarkdownDescription: "The webhook URL, as for `url`, as a write-only argument (Terraform 1.11+, OpenTofu " +
					"1.11+): Terraform keeps it in neither the plan nor the state, so that nobody who can read them can " +
					"forge notifications to the receiver. The provider keeps a copy sealed under a key derived from the " +
					"app token, which is never in state (`url_wo_seal`), to unsubscribe with on destroy. A changed value " +
					"plans an update (`url_wo_seal` changes); an unchanged one plans nothing, with no version to bump. " +
					"Set it from an ephemeral variable or an ephemeral resource so that the plan file does not hold it " +
					"either (see the guide \"Secrets in webhook URLs\"). Exactly one of `url` and `url_wo` must be set.",
				Validators: []validator.String{webhookURLValidator{}},
			},
			// Ciphertext, not marked sensitive: the mark hid nothing a
			// reader may not see, and cost every plan (BENCHMARKS.md).
			"url_wo_seal": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The provider's sealed copy of `url_wo`, to unsubscribe with; null with `url`. It is " +
					"sealed with AES-256-GCM under a key derived (HKDF-SHA256) from the app token, which is never in " +
					"state. Without the app token it reveals nothing of the URL but its length rounded up to 64 bytes, and " +
					"a guess of the URL cannot be tested against it. A plan shows it changing to `(known after apply)` when the " +
					"webhook URL to send changes: a new `url_wo`, one not known until apply, or a copy sealed under another app " +
					"token (the next apply subscribes again and seals it under the current one).",
			},
			"enabled": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				MarkdownDescription: "Set to `false` to pause the subscription while keeping it managed: CINNOX stops " +
					"sending notifications until it is `true` again (the default). Pausing sends no webhook challenge; " +
					"resuming does. The value in state is what CINNOX reported (`result.enabled`); `null` when a request's " +
					"outcome could not be known (see the guide \"Interrupted and timed-out applies\"), " +
					"so that the next apply sends it again.",
			},
			"updated_at": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: updatedAt,
				// Kept while nothing is sent; ModifyPlan plans it unknown
				// when a request will be.
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeoutsOpts),
		},
	}
}

// timeoutsOpts is the timeouts block: create, update and delete.
var timeoutsOpts = timeouts.Opts{
	Create: true, Update: true, Delete: true,
	CreateDescription: timeoutDescription("subscribing", defaultCreateTimeout),
	UpdateDescription: timeoutDescription("changing the url", defaultUpdateTimeout),
	DeleteDescription: timeoutDescription("unsubscribing", defaultDeleteTimeout),
}

func timeoutDescription(what string, def time.Duration) string {
	return fmt.Sprintf("How long %s may take, retries and rate-limit waits included, as a duration such as "+
		"`30s` or `2m`. Default `%s`.", what, duration(def))
}
