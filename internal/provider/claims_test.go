package provider

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestClaims_oneOwnerPerSubscription(t *testing.T) {
	c := newClaims()
	call := subscriptionKey{"app-1", "call"}
	if conflict, _ := c.claim(call, "a", false); conflict {
		t.Error("the first claim conflicts")
	}
	if conflict, _ := c.claim(call, "a", false); conflict {
		t.Error("a resource planned twice (a replace is planned again as a create) conflicts with itself")
	}
	if conflict, _ := c.claim(call, "b", true); !conflict {
		t.Error("a second resource claiming the same app and event does not conflict")
	}
	for _, other := range []subscriptionKey{{"app-1", "inquiry"}, {"app-2", "call"}} {
		if conflict, _ := c.claim(other, "b", false); conflict {
			t.Errorf("%v conflicts, though only the app or only the event is the same", other)
		}
	}
}

// Terraform plans the destroy of the old address and the plan of the new
// one in either order; whichever comes second says what to do. A new
// address (one apply) leaves it to the apply; one whose state holds the
// subscription already (a rename over several applies) either has the old
// address forgotten (planned second: the destroy) or subscribes again
// (planned second: the claim).
func TestClaims_moveToAnotherAddress(t *testing.T) {
	k := subscriptionKey{"app-1", "call"}
	for _, tc := range []struct {
		name                  string
		holds                 bool
		leaveFirst, claimThen move // the leave planned first, then the claim
		claimFirst, leaveThen move // the claim planned first, then the leave
	}{
		{"to a new address", false, noMove, moveToNew, noMove, moveToNew},
		{"to an address that holds it", true, noMove, moveResubscribe, noMove, moveForget},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newClaims()
			if m := c.leave(k, "old"); m != tc.leaveFirst {
				t.Errorf("leave first: %v, want %v", m, tc.leaveFirst)
			}
			if conflict, m := c.claim(k, "new", tc.holds); conflict || m != tc.claimThen {
				t.Errorf("claim after leave: conflict %v, %v; want %v", conflict, m, tc.claimThen)
			}
			// The replace that moveResubscribe plans is planned again,
			// as a create: no second move.
			if _, m := c.claim(k, "new", false); m != noMove {
				t.Errorf("the same claim again: %v, want none", m)
			}

			c = newClaims()
			if _, m := c.claim(k, "new", tc.holds); m != tc.claimFirst {
				t.Errorf("claim first: %v, want %v", m, tc.claimFirst)
			}
			if m := c.leave(k, "old"); m != tc.leaveThen {
				t.Errorf("leave after claim: %v, want %v", m, tc.leaveThen)
			}
		})
	}

	// A resource that gives up its own claim is no move, and frees it.
	c := newClaims()
	c.claim(k, "same", true)
	if c.leave(k, "same") != noMove || c.ownerOf(k) != "" {
		t.Error("a resource leaving its own claim reports a move, or keeps the claim")
	}
	if conflict, _ := c.claim(k, "next", false); conflict {
		t.Error("a claim after the owner left conflicts")
	}
}

func TestClaims_turnsSerialiseOneSubscription(t *testing.T) {
	c := newClaims()
	k := subscriptionKey{"app-1", "call"}
	var inFlight, most atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			end, err := c.turn(context.Background(), k)
			if err != nil {
				t.Error(err)
				return
			}
			defer end()
			n := inFlight.Add(1)
			if n > most.Load() {
				most.Store(n)
			}
			time.Sleep(5 * time.Millisecond) // a request in flight
			inFlight.Add(-1)
		})
	}
	wg.Wait()
	if most.Load() != 1 {
		t.Errorf("%d requests of one subscription were in flight at once, want 1", most.Load())
	}

	// Another subscription does not wait.
	end, _ := c.turn(context.Background(), k)
	defer end()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	endOther, err := c.turn(ctx, subscriptionKey{"app-2", "call"})
	if err != nil {
		t.Fatalf("another subscription waited: %v", err)
	}
	endOther()

	// A wait ends with its context, and sends nothing.
	ctx, cancel = context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := c.turn(ctx, k); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("turn of a busy subscription after its deadline: %v", err)
	}
}

func TestClaims_unsubscribeWouldUndo(t *testing.T) {
	c := newClaims()
	k := subscriptionKey{"app-1", "call"}
	if c.unsubscribeWouldUndo(k) {
		t.Error("subscribed before any request")
	}
	c.setSubscribed(k, true)
	if !c.unsubscribeWouldUndo(k) {
		t.Error("not subscribed after a subscribe")
	}
	c.setSubscribed(k, false)
	if c.unsubscribeWouldUndo(k) {
		t.Error("still subscribed after a pause or unsubscribe")
	}
	// Only the one true answer is an unsubscribe overtaken.
	if waited, overtaken := c.contention(); waited != 0 || overtaken != 1 {
		t.Errorf("contention() = %d waited, %d overtaken; want 0, 1", waited, overtaken)
	}
}

func TestNewOwnerToken(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		tok := newOwnerToken()
		if len(tok) != 24 || seen[tok] {
			t.Fatalf("token %q: not 24 hex digits, or seen before", tok)
		}
		seen[tok] = true
	}
}

func TestClaims_turnsAreForgottenWhenDone(t *testing.T) {
	c := newClaims()
	for i := range 100 {
		end, err := c.turn(context.Background(), subscriptionKey{fmt.Sprint("app-", i), "call"})
		if err != nil {
			t.Fatal(err)
		}
		end()
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	busy := subscriptionKey{"busy", "call"}
	end, _ := c.turn(context.Background(), busy)
	if _, err := c.turn(ctx, busy); err == nil {
		t.Fatal("a cancelled wait got the turn")
	}
	end()
	if n := len(c.turns); n != 0 {
		t.Errorf("%d turns kept after every request ended: an apply of N subscriptions would keep N", n)
	}
}
