package provider

// One owner per subscription. CINNOX holds one subscription per app and
// event type, and Terraform does not know that: two addresses can claim the
// same one, and a rename without a moved block destroys the old address and
// creates the new one in parallel. claims is one provider process's
// bookkeeping of both. A provider process serves one provider configuration
// for one Terraform walk (plan, or apply), and Configure makes a new claims
// for each.
//
//   - At plan time every planned subscription claims its app and event; a
//     second claimant gets an error before anything is sent. A resource is
//     told apart from another by a random owner token kept in its private
//     state (the plan makes one for a new resource, and the apply saves the
//     one its plan claimed with), so that planning one resource twice
//     (Terraform plans a replaced resource again, as a create) is not taken
//     for two claimants.
//   - At apply time the requests for one app and event are sent one at a
//     time, and an unsubscribe is not sent once a subscribe of the same app
//     and event succeeded in the same apply: it would undo it.
//   - A rename can take more than one apply (a targeted apply of the new
//     address first, a failed or interrupted destroy of the old one): the
//     new address then holds the subscription in its state while the old
//     one is destroyed, and nothing at apply time would stop the old one's
//     unsubscribe. Whichever of the two is planned second acts, with what
//     Terraform guarantees to carry from the plan to the apply: the old
//     address's planned destroy is marked (private state, which Terraform
//     hands to its delete) to be forgotten without unsubscribing; or the
//     new address is replaced, its delete half skipped (the mark reaches it
//     through the replace's planned private state) and its create
//     subscribing again, after the old one's unsubscribe or instead of it.
//     (An update would not do: Terraform plans it again at apply, where
//     nothing of the old address is known, and an update whose final plan
//     is empty is not applied.)

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The private state marks of ownership: a resource's owner token, a
// planned destroy to forget without unsubscribing, and a replace whose
// delete half is skipped because its create subscribes again.
const (
	ownerKey       = "owner"
	forgetKey      = "forget"
	resubscribeKey = "resubscribe"
)

// subscriptionKey names one subscription at CINNOX.
type subscriptionKey struct {
	appID   string
	segment string
}

type claims struct {
	mu sync.Mutex
	// owners maps each subscription claimed at plan time to its claim;
	// leaving maps each planned to be destroyed to true.
	owners  map[subscriptionKey]claim
	leaving map[subscriptionKey]bool
	// turns serialise the requests of each subscription: a channel of one,
	// held while a request is in flight, kept while anyone holds or waits
	// for it.
	turns map[subscriptionKey]*turn
	// subscribed is whether a subscribe of each succeeded in this process.
	subscribed map[subscriptionKey]bool
	// contended counts the turns that had to wait for another request of
	// the same subscription, and overtaken the unsubscribes not sent
	// because a subscribe of the same subscription succeeded first: for
	// tests, which need to know the race happened.
	contended, overtaken int
}

// claim is one resource's claim of a subscription: its owner token, and
// whether its state holds the subscription already (it is not new, and its
// app is unchanged).
type claim struct {
	owner string
	holds bool
}

// move says what a plan must do when one address gives up a subscription
// that another claims (a rename without a moved block, in one apply or
// over several).
type move int

const (
	// noMove: no other address is involved.
	noMove move = iota
	// moveToNew: the claimant is new. The apply orders the two requests:
	// the unsubscribe is skipped once the subscribe succeeded.
	moveToNew
	// moveForget: the claimant's state holds the subscription already;
	// the leaver, planned second, is forgotten without unsubscribing.
	moveForget
	// moveResubscribe: the claimant's state holds it already and the
	// leaver was planned first, with no word of it: the claimant, planned
	// second, must subscribe again in this apply, after the unsubscribe.
	moveResubscribe
)

func newClaims() *claims {
	return &claims{
		owners:     map[subscriptionKey]claim{},
		leaving:    map[subscriptionKey]bool{},
		turns:      map[subscriptionKey]*turn{},
		subscribed: map[subscriptionKey]bool{},
	}
}

// newOwnerToken returns a token no other resource has.
func newOwnerToken() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// claim records that the resource with owner token owner plans to hold k
// (holds: its state holds k already). It reports whether another resource
// claimed k before (a conflict), and what a move from another address that
// is planned to give k up asks of this plan. A resource planned again (a
// replace is planned again as a create) keeps its first claim, and is no
// move: its first plan acted.
func (c *claims) claim(k subscriptionKey, owner string, holds bool) (conflict bool, m move) {
	c.mu.Lock()
	defer c.mu.Unlock()
	prev, ok := c.owners[k]
	switch {
	case ok && prev.owner != owner:
		return true, noMove
	case ok:
		return false, noMove
	}
	c.owners[k] = claim{owner, holds}
	switch {
	case !c.leaving[k]:
		return false, noMove
	case holds:
		return false, moveResubscribe
	}
	return false, moveToNew
}

// leave records that the resource with owner token owner plans to give up
// k (it is destroyed), and reports what a claim of k by another address
// asks of this plan. A claim of its own is released.
func (c *claims) leave(k subscriptionKey, owner string) move {
	c.mu.Lock()
	defer c.mu.Unlock()
	prev, claimed := c.owners[k]
	if claimed && prev.owner == owner {
		delete(c.owners, k)
		return noMove
	}
	c.leaving[k] = true
	switch {
	case !claimed:
		return noMove
	case prev.holds:
		return moveForget
	}
	return moveToNew
}

// ownerOf returns the owner token that claims k, "" when none does.
func (c *claims) ownerOf(k subscriptionKey) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.owners[k].owner
}

// turn is the turn of one subscription's requests.
type turn struct {
	ch    chan struct{}
	users int // holding or waiting; guarded by claims.mu
}

// turn waits until no other request for k is in flight and returns the
// function that ends this one's turn; an error when ctx ends first.
func (c *claims) turn(ctx context.Context, k subscriptionKey) (func(), error) {
	c.mu.Lock()
	t, ok := c.turns[k]
	if !ok {
		t = &turn{ch: make(chan struct{}, 1)}
		c.turns[k] = t
	}
	t.users++
	if t.users > 1 {
		c.contended++
	}
	c.mu.Unlock()
	leave := func() {
		c.mu.Lock()
		if t.users--; t.users == 0 {
			delete(c.turns, k)
		}
		c.mu.Unlock()
	}
	select {
	case t.ch <- struct{}{}:
		return func() { <-t.ch; leave() }, nil
	case <-ctx.Done():
		leave()
		return nil, ctx.Err()
	}
}

// setSubscribed records whether CINNOX holds k enabled after a request of
// this process; call it during the request's turn.
func (c *claims) setSubscribed(k subscriptionKey, enabled bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if enabled {
		c.subscribed[k] = true
	} else {
		delete(c.subscribed, k)
	}
}

// unsubscribeWouldUndo reports whether a subscribe of k succeeded in this
// process (and no pause or unsubscribe followed it), which an unsubscribe of
// k now would undo; a true answer is counted as one unsubscribe overtaken.
// Ask it only for an unsubscribe about to be sent.
func (c *claims) unsubscribeWouldUndo(k subscriptionKey) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.subscribed[k] {
		c.overtaken++
	}
	return c.subscribed[k]
}

// contention is how many turns had to wait for another request of the same
// subscription, and how many unsubscribes were not sent because a
// subscribe of the same subscription had succeeded first.
func (c *claims) contention() (waited, overtaken int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.contended, c.overtaken
}

// What the resource's plan, apply and delete ask of the claims, with the
// private state marks that carry a decision from the plan to the apply.

// claimPlan records that this resource plans to hold the subscription of
// appID (holds: its prior state holds it already, the app unchanged), and
// fails the plan when another resource of this provider configuration
// holds it too. It returns what a move from another address asks of this
// plan.
func (r *subscriptionResource) claimPlan(ctx context.Context, appID types.String, holds bool, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) move {
	if r.data == nil || appID.IsUnknown() {
		return noMove // not known yet: the apply's final plan claims it
	}
	owner := ownerToken(ctx, req.Private)
	if owner == "" {
		owner = `"` + newOwnerToken() + `"`
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, ownerKey, []byte(owner))...)
	}
	conflict, m := r.data.claims.claim(subscriptionKey{appID.ValueString(), r.event.Segment}, owner, holds)
	switch {
	case conflict:
		resp.Diagnostics.Append(duplicateClaim(r.typeName(), r.event.Title, appID.ValueString()))
	case m == moveToNew:
		resp.Diagnostics.Append(movedWithoutBlock(r.typeName(), r.event.Title, appID.ValueString()))
	}
	return m
}

// resubscribe plans the replacement of a resource whose state holds a
// subscription that another address, planned first, unsubscribes in this
// apply: its create subscribes again. updated_at (unknown) is what changes;
// the mark skips the unsubscribe of the delete half.
func (r *subscriptionResource) resubscribe(ctx context.Context, appID string, resp *resource.ModifyPlanResponse) {
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, updatedAtPath, types.StringUnknown())...)
	resp.RequiresReplace = append(resp.RequiresReplace, updatedAtPath)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, resubscribeKey, []byte("true"))...)
	resp.Diagnostics.Append(resubscribing(r.typeName(), r.event.Title, appID))
}

// planDestroy records that this resource's subscription is planned to be
// destroyed, to tell a move to another address; when that address holds
// the subscription in its state already, the destroy is marked to forget
// it without unsubscribing. A destroy that would unsubscribe a
// subscription imported and never applied, or one whose sealed url does
// not open under the current app token, fails here, before anything is
// applied: its url, which CINNOX needs, is not known.
func (r *subscriptionResource) planDestroy(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil || req.State.Raw.IsNull() {
		return
	}
	state := decidedOn(ctx, req.State, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || state.AppID.ValueString() == "" {
		return
	}
	appID := state.AppID.ValueString()
	switch r.data.claims.leave(subscriptionKey{appID, r.event.Segment}, ownerToken(ctx, req.Private)) {
	case noMove:
		if neverApplied(state) {
			resp.Diagnostics.Append(urlNotKnown(r.typeName(), r.event.Title, appID))
		} else if d := r.unsubscribeWontOpen(state); d != nil {
			resp.Diagnostics.Append(d)
		}
	case moveToNew:
		resp.Diagnostics.Append(movedWithoutBlock(r.typeName(), r.event.Title, appID))
	case moveForget:
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, forgetKey, []byte("true"))...)
		resp.Diagnostics.Append(forgottenWithoutUnsubscribing(r.typeName(), r.event.Title, appID))
	}
}

// keepOwner saves in an applied resource's private state the owner token
// its plan claimed k with, for the plans of later runs.
func (r *subscriptionResource) keepOwner(ctx context.Context, k subscriptionKey, private privateState, diags *diag.Diagnostics) {
	if owner := r.data.claims.ownerOf(k); owner != "" {
		diags.Append(private.SetKey(ctx, ownerKey, []byte(owner))...)
	}
}

// notUnsubscribing says why a delete of key sends no unsubscribe, "" when
// it sends one: another address of this configuration subscribed it in
// this apply (a rename without a moved block), and unsubscribing now would
// undo that; or the plan marked it (see claims.go) because another address
// holds it in its state, or because this is the delete half of a replace
// whose create subscribes again.
func (r *subscriptionResource) notUnsubscribing(ctx context.Context, private privateReader, key subscriptionKey) string {
	switch {
	case r.data.claims.unsubscribeWouldUndo(key):
		return "another resource subscribed it in this apply"
	case marked(ctx, private, forgetKey):
		return "another resource holds it in its state"
	case marked(ctx, private, resubscribeKey):
		return "replaced to subscribe again"
	}
	return ""
}

// neverApplied reports whether a resource in state was imported and never
// applied: Terraform does not know the url CINNOX holds for it.
func neverApplied(state subscriptionModel) bool {
	return state.URL.IsNull() && state.URLWOSeal.IsNull()
}

// marked reports whether a resource's private state carries the mark key.
func marked(ctx context.Context, private privateReader, key string) bool {
	raw, diags := private.GetKey(ctx, key)
	return !diags.HasError() && string(raw) == "true"
}

// privateReader is a resource's private state in a request.
type privateReader interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// ownerToken returns the owner token in a resource's private state (as
// JSON), "" when it has none.
func ownerToken(ctx context.Context, private privateReader) string {
	raw, diags := private.GetKey(ctx, ownerKey)
	if diags.HasError() || len(raw) <= 2 {
		return ""
	}
	return string(raw)
}
