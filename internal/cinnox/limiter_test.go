package cinnox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

func TestWindowLimiter(t *testing.T) {
	l := newWindowLimiter(5, 300*time.Millisecond)
	start := time.Now()
	for range 5 {
		if waited, _, err := l.Wait(context.Background()); err != nil || waited > 50*time.Millisecond {
			t.Fatalf("a request within budget waited %v (%v)", waited, err)
		}
	}
	if _, _, err := l.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 290*time.Millisecond {
		t.Errorf("the 6th request went out after %v, want a full window", d)
	}

	// A slot counts from its request's completion.
	slow := newWindowLimiter(1, 100*time.Millisecond)
	_, done, _ := slow.Wait(context.Background())
	time.Sleep(150 * time.Millisecond) // the request takes longer than the window
	done(answered)
	if waited, _, _ := slow.Wait(context.Background()); waited < 90*time.Millisecond {
		t.Errorf("the next request waited %v after a completion; want a window", waited)
	}
	full := newWindowLimiter(5, time.Minute)
	for range 5 {
		_, _, _ = full.Wait(context.Background())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, _, err := full.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("got %v, want the context's error", err)
	}
	var none *windowLimiter
	if waited, done, err := none.Wait(context.Background()); waited != 0 || err != nil || done == nil {
		t.Error("no limiter waited")
	}
}

func TestLimiterIsSharedAndPaces(t *testing.T) {
	var mu sync.Mutex
	var times []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		times = append(times, time.Now())
		mu.Unlock()
		_, _ = io.WriteString(w, `{"code":0,"result":{"enabled":true,"url":"u"}}`)
	}))
	defer srv.Close()
	c := fastClient(t, srv.URL, Config{RateLimit: 10, RateWindow: 200 * time.Millisecond})
	var wg sync.WaitGroup
	for i := range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Subscribe(context.Background(), fmt.Sprint(i), "call", "u"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	// No window of 200ms saw more than 10 requests.
	for i := 10; i < len(times); i++ {
		if d := times[i].Sub(times[i-10]); d < 190*time.Millisecond {
			t.Fatalf("requests %d and %d were %v apart; more than 10 in a window", i-10, i, d)
		}
	}
}

func TestLimiterLearnsItsShareFromARefusal(t *testing.T) {
	l := newWindowLimiter(20, 300*time.Millisecond)
	for i := range 11 {
		_, done, _ := l.Wait(context.Background())
		switch {
		case i < 4:
			done(answered)
		case i < 10:
			done(refusedForRate) // the account is full: others spent the rest
			if b := l.Budget(); b != 20 {
				t.Fatalf("budget after %d refusals in a row: %d; want 20 until 7 in a row", i-3, b)
			}
		default:
			done(refusedForRate)
		}
	}
	if b := l.Budget(); b != 4 {
		t.Fatalf("budget after 4 accepted and 7 refused in a window: %d, want 4", b)
	}
	start := time.Now()
	_, done, _ := l.Wait(context.Background())
	done(answered)
	if d := time.Since(start); d < 250*time.Millisecond {
		t.Errorf("the next request went out after %v: the 4 accepted are the share, wait for the window", d)
	}
	if b := l.Budget(); b != 10 {
		// An accepted answer raises a small budget by one request, and
		// a whole window without a refusal doubles it.
		t.Errorf("budget after an accepted answer a window after the refusals: %d, want (4+1)*2", b)
	}
}

func TestLimiterBudgetClimbsBackToTheLimit(t *testing.T) {
	l := newWindowLimiter(100, time.Hour)
	for range 7 {
		_, done, _ := l.Wait(context.Background())
		done(refusedForRate) // nothing accepted: the least budget, 1
	}
	if b := l.Budget(); b != 1 {
		t.Fatalf("budget %d, want 1", b)
	}
	g := &grant{}
	answers := 0
	for l.Budget() < 100 {
		l.done(g, answered)
		answers++
	}
	// One request per answer up to 10 (9 answers), then a tenth of one
	// (900 answers: 10% of the budget per window's worth), and never past
	// the limit.
	if answers < 905 || answers > 912 {
		t.Errorf("%d accepted answers took the budget from 1 to 100", answers)
	}
	l.done(g, answered)
	if b := l.Budget(); b != 100 {
		t.Errorf("budget %d, want at most the limit 100", b)
	}
	l.done(g, unanswered)
	if b := l.Budget(); b != 100 {
		t.Errorf("an unanswered request changed the budget to %d", b)
	}
}

func TestLimiterIgnoresALoneRefusal(t *testing.T) {
	// 1 refusal in 10, as from a CINNOX that is not full: the budget stays.
	l := newWindowLimiter(50, time.Hour)
	for i := range 40 {
		_, done, _ := l.Wait(context.Background())
		if i%10 == 9 {
			done(refusedForRate)
		} else {
			done(answered)
		}
	}
	if b := l.Budget(); b != 50 {
		t.Errorf("budget %d after sporadic refusals, want 50", b)
	}
}
