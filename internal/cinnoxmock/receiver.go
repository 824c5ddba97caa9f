package cinnoxmock

import (
	"encoding/json"
	"io"
	"net/http"
	"sync"
)

// Receiver is a webhook endpoint that answers the CINNOX challenge correctly
// and records every other notification it is sent. It is an http.Handler.
type Receiver struct {
	mu            sync.Mutex
	challenges    int
	notifications []json.RawMessage
}

// ServeHTTP answers a challenge with {"code":0,"result":{"challenge":...}}
// and records anything else as a notification.
func (rv *Receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
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
