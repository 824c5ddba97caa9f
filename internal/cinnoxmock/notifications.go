package cinnoxmock

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/cinnox/terraform-provider-cinnox/internal/events"
)

// SampleNotification returns a notification of the given event type with
// every field the CINNOX documentation lists, filled with realistic values
// (events.All holds them, beside each event type).
func SampleNotification(event string, at time.Time) (map[string]any, error) {
	t, ok := events.BySegment(event)
	if !ok {
		return nil, fmt.Errorf("no sample notification for event %q", event)
	}
	return t.Sample(at.UTC().Format("2006-01-02T15:04:05.000Z07:00")), nil
}

// Delivery is one notification the server sent to a webhook.
type Delivery struct {
	AppID  string `json:"app_id"`
	Event  string `json:"event"`
	URL    string `json:"url"`
	Status int    `json:"status"`
	Error  string `json:"error,omitempty"`
}

// Notify POSTs a sample notification of event to every enabled subscription
// of that event type and reports each delivery.
func (s *Server) Notify(ctx context.Context, event string) ([]Delivery, error) {
	payload, err := SampleNotification(event, time.Now())
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(payload)
	if err != nil {
		return nil, err
	}
	var out []Delivery
	for _, sub := range s.Subscriptions() {
		if sub.Event != event || !sub.Enabled {
			continue
		}
		d := Delivery{AppID: sub.AppID, Event: event, URL: sub.URL}
		var err error
		if d.Status, _, err = Deliver(ctx, s.client, sub.URL, body); err != nil {
			d.Error = err.Error()
		}
		out = append(out, d)
	}
	s.mu.Lock()
	s.deliveries = append(s.deliveries, out...)
	s.mu.Unlock()
	return out, nil
}

// Deliver POSTs a notification's JSON body to url and returns the status
// and the start of the answer.
func Deliver(ctx context.Context, client *http.Client, url string, body []byte) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil && !errors.Is(err, io.EOF) {
		return resp.StatusCode, nil, err
	}
	return resp.StatusCode, answer, nil
}
