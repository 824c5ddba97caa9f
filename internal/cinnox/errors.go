package cinnox

import (
	"fmt"
	"strings"
)

// Codes documented by the CINNOX Open API.
const (
	CodeOK               int64 = 0
	CodeBadParameter     int64 = 6451000 // wrong request parameter
	CodeInternalResponse int64 = 6451001 // bad response from an internal service
	CodeTooManyRequests  int64 = 6451010 // rate limit exceeded
	CodeNotFound         int64 = 6450001 // method or URL not found
)

// APIError is an answer from CINNOX that is not a success: a non-2xx status,
// a non-zero code, a body that cannot be decoded, or a subscription that was
// not enabled. It never contains the app token.
type APIError struct {
	// Operation is "subscribe" or "unsubscribe".
	Operation string
	// StatusCode is the HTTP status of the answer.
	StatusCode int
	// Code is the CINNOX code from the body; 0 when the body had none.
	Code int64
	// Message is the server's message, or a description of what was wrong
	// with the answer.
	Message string
	// NotEnabled is set when CINNOX answered 200 but reported the
	// subscription as not enabled.
	NotEnabled bool
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "CINNOX %s failed: HTTP %d", e.Operation, e.StatusCode)
	if e.Code != 0 {
		fmt.Fprintf(&b, ", code %d", e.Code)
	}
	fmt.Fprintf(&b, ": %s", e.Message)
	return b.String()
}

// RequestError is a request that got no answer: the connection failed, timed
// out, or was cancelled.
type RequestError struct {
	Operation string
	Err       error
}

func (e *RequestError) Error() string {
	return fmt.Sprintf("CINNOX %s failed: no answer from the server: %v", e.Operation, e.Err)
}

func (e *RequestError) Unwrap() error { return e.Err }
