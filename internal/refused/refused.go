// Package refused gives tests an address that refuses connections, and
// keeps refusing them for as long as the test runs.
//
// The usual trick, a server started and closed at once, frees its port: a
// listener started later by another test (or another package's tests, run
// at the same time) may take it, and the "refused" address then answers.
// A socket that is bound but never listens holds the port, and every
// connection to it is refused.
package refused

import "testing"

// URL returns http://127.0.0.1:<port>, whose connections are refused until
// the test and its subtests end.
func URL(t testing.TB) string {
	t.Helper()
	return "http://" + Addr(t)
}

// Addr returns 127.0.0.1:<port>, whose connections are refused until the
// test and its subtests end.
func Addr(t testing.TB) string {
	t.Helper()
	addr, release, err := bind()
	if err != nil {
		t.Fatalf("cannot hold a port that refuses connections: %v", err)
	}
	t.Cleanup(release)
	return addr
}
