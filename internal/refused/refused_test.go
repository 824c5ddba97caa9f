//go:build unix

package refused

import (
	"errors"
	"net"
	"syscall"
	"testing"
	"time"
)

// Every connection is refused, and the port stays held: listening on it
// fails while the test runs.
func TestAddrRefuses(t *testing.T) {
	addr := Addr(t)
	for range 3 {
		_, err := net.DialTimeout("tcp", addr, time.Second)
		if !errors.Is(err, syscall.ECONNREFUSED) {
			t.Fatalf("dial %s: %v, want connection refused", addr, err)
		}
	}
	if l, err := net.Listen("tcp", addr); err == nil {
		_ = l.Close()
		t.Errorf("another listener could take %s", addr)
	}
}
