package cinnox

import (
	"context"
	"sync"
	"time"
)

// windowLimiter allows at most n requests in any window of the given length:
// the CINNOX limit is "500 requests per minute", so requests go out at once
// while there is budget and wait only when the last n went out within the
// window. (A token bucket such as golang.org/x/time/rate either lets up to
// 2n through in one minute, which the server answers with 6451010, or paces
// requests that are well within budget.)
type windowLimiter struct {
	window time.Duration
	n      int

	mu sync.Mutex
	// sent is a ring of the last n send times; next is the oldest. A send
	// time moves to the request's completion when it completes: the server
	// counts a request when it arrives, which is between the two, so
	// counting from completion never lets n+1 requests arrive in a window.
	// The ring grows up to n as requests are sent, so a generous limit
	// costs no memory until it is used.
	sent []time.Time
	gen  []uint64 // which grant holds each slot
	next int
	seq  uint64
}

func newWindowLimiter(n int, window time.Duration) *windowLimiter {
	if n <= 0 || window <= 0 {
		return nil
	}
	return &windowLimiter{window: window, n: n}
}

// Wait blocks until a request may be sent, or ctx ends. It reports how long
// it waited, and a function to call when the request has completed.
func (l *windowLimiter) Wait(ctx context.Context) (time.Duration, func(), error) {
	if l == nil {
		return 0, func() {}, nil
	}
	start := time.Now()
	for {
		l.mu.Lock()
		now := time.Now()
		if len(l.sent) < l.n {
			l.sent = append(l.sent, time.Time{})
			l.gen = append(l.gen, 0)
			l.next = len(l.sent) - 1
		}
		oldest := l.sent[l.next]
		if oldest.IsZero() || now.Sub(oldest) >= l.window {
			slot := l.next
			l.seq++
			gen := l.seq
			l.sent[slot], l.gen[slot] = now, gen
			l.next = (l.next + 1) % len(l.sent)
			l.mu.Unlock()
			done := func() {
				l.mu.Lock()
				if l.gen[slot] == gen {
					l.sent[slot] = time.Now()
				}
				l.mu.Unlock()
			}
			return now.Sub(start), done, nil
		}
		wait := l.window - now.Sub(oldest)
		l.mu.Unlock()

		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return time.Since(start), nil, ctx.Err()
		case <-timer.C:
		}
	}
}
