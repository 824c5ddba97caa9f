package cinnoxmock

import (
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"time"
)

// Receiver is a webhook endpoint that answers the CINNOX challenge correctly
// and records every other notification it is sent. It is an http.Handler.
type Receiver struct {
	// NotReadyFor makes the receiver behave like an endpoint still being
	// deployed: it answers NotReadyStatus (503 when 0) to every request
	// until this long after the first one it got.
	NotReadyFor    time.Duration
	NotReadyStatus int

	mu            sync.Mutex
	first         time.Time
	refused       int
	challenges    int
	notifications []json.RawMessage
}

// ServeHTTP answers a challenge with {"code":0,"result":{"challenge":...}}
// and records anything else as a notification.
func (rv *Receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if rv.notReady() {
		status := rv.NotReadyStatus
		if status == 0 {
			status = http.StatusServiceUnavailable
		}
		http.Error(w, "not ready yet", status)
		return
	}
	if r.Method != http.MethodPost {
		http.Error(w, "webhook accepts POST only", http.StatusMethodNotAllowed)
		return
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil || !json.Valid(raw) {
		http.Error(w, "body must be JSON", http.StatusBadRequest)
		return
	}
	var probe struct {
		Challenge *string `json:"challenge"`
		Type      string  `json:"type"`
	}
	_ = json.Unmarshal(raw, &probe)
	w.Header().Set("Content-Type", "application/json")
	// A challenge is a body with a challenge and nothing that makes it a
	// notification (staff contact notifications carry an internal
	// "challenge" field next to "type").
	if probe.Challenge != nil && probe.Type == "" {
		rv.mu.Lock()
		rv.challenges++
		rv.mu.Unlock()
		_ = json.NewEncoder(w).Encode(map[string]any{
			"code":   0,
			"result": map[string]string{"challenge": *probe.Challenge},
		})
		return
	}
	rv.mu.Lock()
	rv.notifications = append(rv.notifications, json.RawMessage(raw))
	rv.mu.Unlock()
	_ = json.NewEncoder(w).Encode(map[string]any{"code": 0, "result": map[string]any{}})
}

// Challenges is how many challenges the receiver has answered.
func (rv *Receiver) Challenges() int {
	rv.mu.Lock()
	defer rv.mu.Unlock()
	return rv.challenges
}

// Notifications returns the notifications received so far.
func (rv *Receiver) Notifications() []json.RawMessage {
	rv.mu.Lock()
	defer rv.mu.Unlock()
	return append([]json.RawMessage(nil), rv.notifications...)
}

// notReady reports whether the receiver is still "being deployed", and
// counts the requests it refuses.
func (rv *Receiver) notReady() bool {
	rv.mu.Lock()
	defer rv.mu.Unlock()
	now := time.Now()
	if rv.first.IsZero() {
		rv.first = now
	}
	if now.Sub(rv.first) < rv.NotReadyFor {
		rv.refused++
		return true
	}
	return false
}

// Refused is how many requests the receiver refused while not ready.
func (rv *Receiver) Refused() int {
	rv.mu.Lock()
	defer rv.mu.Unlock()
	return rv.refused
}
