package cinnoxmock

import (
	"encoding/json"
	"net/http"
	"strings"
)

// Paths of the mock's own endpoints, next to the CINNOX API.
const (
	// StatePath answers GET with a read-only JSON view of the server.
	StatePath = "/mock/state"
	// NotifyPath + "{event}" answers POST by sending a sample notification
	// of that event type to every enabled subscription of it.
	NotifyPath = "/mock/notify/"
	// WebhookPath and anything below it is the built-in demo webhook
	// receiver, which answers the challenge and records notifications.
	WebhookPath = "/mock/webhook/"
)

// State is the read-only view of the server served at StatePath.
type State struct {
	Subscriptions []Subscription `json:"subscriptions"`
	// Requests counts the API requests received, by HTTP status.
	Requests map[int]int `json:"requests"`
	// Deliveries are the sample notifications sent so far.
	Deliveries []Delivery `json:"deliveries"`
	// Receiver is what the built-in webhook receiver has seen.
	Receiver ReceiverState `json:"receiver"`
}

// ReceiverState is what the built-in webhook receiver has seen.
type ReceiverState struct {
	Challenges    int               `json:"challenges"`
	Notifications []json.RawMessage `json:"notifications"`
}

// State returns the read-only view of the server.
func (s *Server) State() State {
	st := State{
		Subscriptions: s.Subscriptions(),
		Requests:      map[int]int{},
		Receiver: ReceiverState{
			Challenges:    s.receiver.Challenges(),
			Notifications: s.receiver.Notifications(),
		},
	}
	s.mu.Lock()
	for _, r := range s.requests {
		st.Requests[r.Status]++
	}
	st.Deliveries = append([]Delivery{}, s.deliveries...)
	s.mu.Unlock()
	return st
}

// Receiver returns the built-in webhook receiver served under WebhookPath.
func (s *Server) Receiver() *Receiver { return s.receiver }

// serveControl serves the mock's own endpoints; it reports false for any
// other path.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) bool {
	switch {
	case strings.HasPrefix(r.URL.Path, WebhookPath):
		s.receiver.ServeHTTP(w, r)
	case r.URL.Path == StatePath:
		if r.Method != http.MethodGet {
			http.Error(w, "GET only", http.StatusMethodNotAllowed)
			return true
		}
		writeJSON(w, http.StatusOK, s.State())
	case strings.HasPrefix(r.URL.Path, NotifyPath):
		if r.Method != http.MethodPost {
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return true
		}
		deliveries, err := s.Notify(r.Context(), strings.TrimPrefix(r.URL.Path, NotifyPath))
		if err != nil {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": err.Error()})
			return true
		}
		writeJSON(w, http.StatusOK, map[string]any{"deliveries": deliveries})
	default:
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
