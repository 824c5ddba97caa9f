package cinnoxmock

import (
	"math/rand/v2"
	"net/http"
	"time"
)

// Fault is a kind of transient failure the mock can inject.
type Fault string

const (
	// FaultTooMany429 answers HTTP 429 with code 6451010.
	FaultTooMany429 Fault = "429"
	// FaultTooMany400 answers HTTP 400 with code 6451010.
	FaultTooMany400 Fault = "6451010"
	// FaultBadGateway answers HTTP 502 with an HTML page, as a proxy does.
	FaultBadGateway Fault = "502"
	// FaultUnavailable answers HTTP 503 with Retry-After: 1.
	FaultUnavailable Fault = "503"
	// FaultDrop closes the connection without an answer, before the
	// request has any effect.
	FaultDrop Fault = "drop"
	// FaultDropAfter applies the request, then closes the connection
	// without an answer.
	FaultDropAfter Fault = "drop-after"
)

// AllFaults are every kind of fault, the default for Faults.Kinds.
var AllFaults = []Fault{FaultTooMany429, FaultTooMany400, FaultBadGateway, FaultUnavailable, FaultDrop, FaultDropAfter}

// Faults inject transient failures into a share of the API requests.
type Faults struct {
	// Rate is the share of requests that fail, from 0 to 1.
	Rate float64
	// Kinds are the faults drawn from, evenly; nil means AllFaults.
	Kinds []Fault
	// Seed makes the draws repeatable.
	Seed uint64
}

// RateLimit makes the mock answer 429 with code 6451010 once Requests
// requests arrived within any Window, as CINNOX does past 500 a minute.
type RateLimit struct {
	Requests int
	Window   time.Duration
}

// pickFault draws the fault for one request, or "".
func (s *Server) pickFault(f Faults) Fault {
	if f.Rate <= 0 {
		return ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rng == nil {
		s.rng = rand.New(rand.NewPCG(f.Seed, f.Seed^0x9e3779b97f4a7c15))
	}
	if s.rng.Float64() >= f.Rate {
		return ""
	}
	kinds := f.Kinds
	if len(kinds) == 0 {
		kinds = AllFaults
	}
	return kinds[s.rng.IntN(len(kinds))]
}

// overLimit records an arrival and reports whether it exceeds the rate
// limit.
func (s *Server) overLimit(now time.Time) bool {
	rl := s.opts.RateLimit
	if rl.Requests <= 0 {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cut := 0
	for cut < len(s.arrivals) && now.Sub(s.arrivals[cut]) >= rl.Window {
		cut++
	}
	s.arrivals = append(s.arrivals[:0], s.arrivals[cut:]...)
	if len(s.arrivals) >= rl.Requests {
		return true
	}
	s.arrivals = append(s.arrivals, now)
	return false
}

// injectBefore answers a request with a fault before it has any effect,
// and reports whether it did.
func (s *Server) injectBefore(w http.ResponseWriter, fault Fault, rec *Request) bool {
	rec.Note = "injected fault: " + string(fault)
	switch fault {
	case FaultTooMany429:
		rec.Status, rec.Code = http.StatusTooManyRequests, CodeTooManyRequests
		writeJSON(w, rec.Status, failure(CodeTooManyRequests, "Too many requests"))
	case FaultTooMany400:
		rec.Status, rec.Code = http.StatusBadRequest, CodeTooManyRequests
		writeJSON(w, rec.Status, failure(CodeTooManyRequests, "Too many requests"))
	case FaultBadGateway:
		rec.Status = http.StatusBadGateway
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(rec.Status)
		_, _ = w.Write([]byte("<html><head><title>502 Bad Gateway</title></head><body>502 Bad Gateway</body></html>"))
	case FaultUnavailable:
		rec.Status = http.StatusServiceUnavailable
		w.Header().Set("Retry-After", "1")
		writeJSON(w, rec.Status, failure(6451001, "Service unavailable"))
	case FaultDrop:
		drop(w)
	default:
		rec.Note = ""
		return false
	}
	return true
}

// drop closes the connection without an answer.
func drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}
