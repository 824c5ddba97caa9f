package cinnoxmock

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"time"
)

// Listening is a Server serving on a loopback port.
type Listening struct {
	*Server
	// BaseURL is the server's address, e.g. http://127.0.0.1:4010: the
	// provider's base_url.
	BaseURL string

	http *http.Server
	done chan error
}

// Listen starts a Server for opts on 127.0.0.1:port (0 picks a free port).
// It listens on loopback only. Stop it with Shutdown.
func Listen(port int, opts Options) (*Listening, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return nil, err
	}
	mock := New(opts)
	l := &Listening{
		Server:  mock,
		BaseURL: "http://" + ln.Addr().String(),
		http:    &http.Server{Handler: mock, ReadHeaderTimeout: 10 * time.Second},
		done:    make(chan error, 1),
	}
	go func() {
		err := l.http.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		l.done <- err
	}()
	return l, nil
}

// Shutdown stops the server, letting requests in progress finish for up to
// five seconds, and returns the error that stopped serving, if any.
func (l *Listening) Shutdown() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = l.http.Shutdown(ctx)
	return <-l.done
}
