package receivercheck

import (
	"sort"
	"testing"
	"time"

	"github.com/cinnox/terraform-provider-cinnox/internal/cinnoxmock"
)

// Events, in the order the check sends them, are the event types the mock
// serves as documented, each with a sample notification: they cannot
// drift apart.
func TestEventsAreTheDocumentedOnes(t *testing.T) {
	var documented []string
	for event := range cinnoxmock.DocumentedEvents {
		documented = append(documented, event)
	}
	got := append([]string(nil), Events...)
	sort.Strings(got)
	sort.Strings(documented)
	if len(got) != len(documented) {
		t.Fatalf("Events %v, documented %v", got, documented)
	}
	for i := range got {
		if got[i] != documented[i] {
			t.Fatalf("Events %v, documented %v", got, documented)
		}
	}
	for _, event := range Events {
		if _, err := cinnoxmock.SampleNotification(event, time.Now()); err != nil {
			t.Error(err)
		}
	}
}
