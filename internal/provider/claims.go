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

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync"
)

// subscriptionKey names one subscription at CINNOX.
type subscriptionKey struct {
	appID   string
	segment string
}

// ownerKey is the private state key of a resource's owner token.
const ownerKey = "owner"

type claims struct {
	mu sync.Mutex
	// owners maps each subscription claimed at plan time to its owner's
	// token; leaving maps each planned to be destroyed to true.
	owners  map[subscriptionKey]string
	leaving map[subscriptionKey]bool
	// turns serialise the requests of each subscription: a channel of one,
	// held while a request is in flight, kept while anyone holds or waits
	// for it.
	turns map[subscriptionKey]*turn
	// subscribed is whether a subscribe of each succeeded in this process.
	subscribed map[subscriptionKey]bool
	// contended counts the turns that had to wait for another request of
	// the same subscription, for tests.
	contended int
}

func newClaims() *claims {
	return &claims{
		owners:     map[subscriptionKey]string{},
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

// claim records that the resource with owner token owner plans to hold k.
// It reports whether another resource claimed k before (a conflict), and
// whether k is also planned to be destroyed at another address (a move).
func (c *claims) claim(k subscriptionKey, owner string) (conflict, moving bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.owners[k]; ok && prev != owner {
		return true, false
	}
	c.owners[k] = owner
	return false, c.leaving[k]
}

// leave records that the resource with owner token owner plans to give up
// k (it is destroyed), and reports whether another resource claims it (a
// move). A claim of its own is released.
func (c *claims) leave(k subscriptionKey, owner string) (moving bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	prev, claimed := c.owners[k]
	if claimed && prev == owner {
		delete(c.owners, k)
		return false
	}
	c.leaving[k] = true
	return claimed
}

// ownerOf returns the owner token that claims k, "" when none does.
func (c *claims) ownerOf(k subscriptionKey) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.owners[k]
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

// subscribedHere reports whether a subscribe of k succeeded in this process
// (and no pause or unsubscribe followed it).
func (c *claims) subscribedHere(k subscriptionKey) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.subscribed[k]
}

// contention is how many turns had to wait for another request of the same
// subscription.
func (c *claims) contention() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.contended
}
