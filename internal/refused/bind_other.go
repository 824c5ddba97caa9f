//go:build !unix

package refused

import "net"

// bind frees a port it had listened on: elsewhere than on Unix, no socket
// holds it, so another listener may take it.
func bind() (string, func(), error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	addr := l.Addr().String()
	return addr, func() {}, l.Close()
}
