package cinnox

import (
	"context"
	"sync"
	"time"
)

// windowLimiter allows at most budget requests in any window of the given
// length: the CINNOX limit is "500 requests per minute", so requests go out
// at once while there is budget and wait only when it is spent. (A token
// bucket such as golang.org/x/time/rate either lets up to 2n through in one
// minute, which the server answers with 6451010, or paces requests that are
// well within budget.)
//
// The budget starts at n and adapts to what CINNOX answers, as the AWS
// SDKs' adaptive retry mode does: other runs (other workspaces, other
// clients) spend the same account's limit, unseen. When CINNOX keeps
// refusing requests for its rate limit (more than half of the recent
// answers, weighed as a moving average: seven refusals in a row), the
// account is full, and the budget drops to the requests this limiter saw
// accepted in the last window: this process's share of the account. (A
// lone refusal among accepted answers leaves the budget alone: dropping it
// to a share while the account is not full would hold requests for a
// window for nothing.) Each accepted answer then raises it again: by one
// request while it is under 10, then by a tenth of a request, which is 10%
// of the budget per window's worth of answers; and it doubles after a
// whole window without a refusal, when whoever filled the account has
// gone; up to n.
type windowLimiter struct {
	window time.Duration
	n      int

	mu     sync.Mutex
	budget float64
	// refusing is the moving average of the answers that were refusals
	// for the rate limit (1) or not (0).
	refusing float64
	// refusedAt is when CINNOX last refused a request for its rate limit,
	// doubledAt when the budget last doubled.
	refusedAt, doubledAt time.Time
	// grants are the requests of the last window, in the order they were
	// granted, from head on. A grant's time moves to its request's
	// completion when it completes: the server counts a request when it
	// arrives, which is between the two, so counting from completion never
	// lets more than budget requests arrive in a window. (A grant leaves
	// from the head, in order, so one that completes late holds back those
	// granted after it until it leaves: never more than budget either.)
	grants []*grant
	head   int
}

// grant is one request the limiter let through.
type grant struct {
	at       time.Time
	inFlight bool
	// refused is set when CINNOX refused it for its rate limit.
	refused bool
}

// outcome is what became of a request the limiter let through.
type outcome int

const (
	// answered: CINNOX answered, other than with a rate-limit refusal.
	answered outcome = iota
	// refusedForRate: CINNOX refused it for its rate limit (429, 6451010).
	refusedForRate
	// unanswered: no answer (a dropped connection, a timeout).
	unanswered
)

// refusalWeight is the weight of the latest answer in refusing, and
// accountFull the share of refusals above which the account is taken to be
// full.
const (
	refusalWeight = 0.1
	accountFull   = 0.5
)

// minBudgetStep is what an accepted answer raises a budget of 10 or more
// by: 10% of the budget per window's worth of answers.
const minBudgetStep = 0.1

func newWindowLimiter(n int, window time.Duration) *windowLimiter {
	if n <= 0 || window <= 0 {
		return nil
	}
	return &windowLimiter{window: window, n: n, budget: float64(n)}
}

// Wait blocks until a request may be sent, or ctx ends. It reports how long
// it waited, and a function to call with the request's outcome once it has
// completed.
func (l *windowLimiter) Wait(ctx context.Context) (time.Duration, func(outcome), error) {
	if l == nil {
		return 0, func(outcome) {}, nil
	}
	start := time.Now()
	for {
		l.mu.Lock()
		now := time.Now()
		counted := l.prune(now)
		if counted < max(1, int(l.budget)) {
			g := &grant{at: now, inFlight: true}
			l.grants = append(l.grants, g)
			l.mu.Unlock()
			return now.Sub(start), func(o outcome) { l.done(g, o) }, nil
		}
		wait := l.untilFree(now, counted)
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

// prune forgets the grants older than a window and returns how many count
// against the budget: the rest, refused ones too (while the account is full,
// sending again at once would only be refused again).
func (l *windowLimiter) prune(now time.Time) int {
	for l.head < len(l.grants) && now.Sub(l.grants[l.head].at) >= l.window {
		l.grants[l.head] = nil
		l.head++
	}
	if l.head > 64 && l.head > len(l.grants)/2 {
		n := copy(l.grants, l.grants[l.head:])
		clear(l.grants[n:])
		l.grants, l.head = l.grants[:n], 0
	}
	return len(l.grants) - l.head
}

// untilFree is how long until a request may go out, given counted grants
// against the budget: until enough of them have left, in order.
func (l *windowLimiter) untilFree(now time.Time, counted int) time.Duration {
	// counted - budget + 1 grants must leave before the next may start;
	// the last of them leaves a window after the latest time among them.
	leave := counted - max(1, int(l.budget)) + 1
	var last time.Time
	for _, g := range l.grants[l.head : l.head+leave] {
		if g.at.After(last) {
			last = g.at
		}
	}
	return max(time.Millisecond, last.Add(l.window).Sub(now))
}

// done records a request's outcome and adapts the budget to it.
func (l *windowLimiter) done(g *grant, o outcome) {
	l.mu.Lock()
	defer l.mu.Unlock()
	g.at, g.inFlight = time.Now(), false
	switch o {
	case refusedForRate:
		g.refused, l.refusedAt = true, g.at
		l.refusing += refusalWeight * (1 - l.refusing)
		if l.refusing <= accountFull {
			return
		}
		accepted := 0
		for _, other := range l.grants[l.head:] {
			if !other.refused && !other.inFlight {
				accepted++
			}
		}
		l.budget = min(l.budget, float64(max(1, accepted)))
	case answered:
		l.refusing -= refusalWeight * l.refusing
		step := minBudgetStep
		if l.budget < 1/minBudgetStep {
			step = 1
		}
		l.budget = min(float64(l.n), l.budget+step)
		if l.budget < float64(l.n) && g.at.Sub(l.refusedAt) >= l.window && g.at.Sub(l.doubledAt) >= l.window {
			// A whole window without a refusal: whoever filled the
			// account has gone.
			l.budget, l.doubledAt = min(float64(l.n), 2*l.budget), g.at
		}
	}
}

// Budget is how many requests the limiter lets through in a window now.
func (l *windowLimiter) Budget() int {
	if l == nil {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return int(l.budget)
}
