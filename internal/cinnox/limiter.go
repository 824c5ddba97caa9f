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

	mu sync.Mutex
	// sent is a ring of the last n send times; next is the oldest.
	sent []time.Time
	next int
}

func newWindowLimiter(n int, window time.Duration) *windowLimiter {
	if n <= 0 || window <= 0 {
		return nil
	}
	return &windowLimiter{window: window, sent: make([]time.Time, n)}
}

// Wait blocks until a request may be sent, or ctx ends. It reports how long
// it waited.
func (l *windowLimiter) Wait(ctx context.Context) (time.Duration, error) {
	if l == nil {
		return 0, nil
	}
	start := time.Now()
	for {
		l.mu.Lock()
		now := time.Now()
		oldest := l.sent[l.next]
		if oldest.IsZero() || now.Sub(oldest) >= l.window {
			l.sent[l.next] = now
			l.next = (l.next + 1) % len(l.sent)
			l.mu.Unlock()
			return now.Sub(start), nil
		}
		wait := l.window - now.Sub(oldest)
		l.mu.Unlock()

		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return time.Since(start), ctx.Err()
		case <-timer.C:
		}
	}
}
