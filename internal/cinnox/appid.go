package cinnox

import (
	"errors"
	"strings"
	"unicode"
)

// CheckAppID reports why an App ID cannot be sent as the {app_id} segment
// of a request path, nil when it can. A path carries any other string
// intact once escaped, but not these: "." and ".." are dot-segments, which
// a server or proxy that normalises paths turns into another endpoint
// (/v1/api/apps/../call-event-sub); a slash or backslash, even escaped, is
// decoded or refused by many proxies; control characters and surrounding
// spaces are not in App IDs the CINNOX Web Dashboard shows, and come from a
// paste.
func CheckAppID(id string) error {
	switch {
	case id == "":
		return errors.New("is empty")
	case id == "." || id == "..":
		return errors.New("is a dot-segment, which a path does not carry intact: a server or proxy would send " +
			"the request to another endpoint")
	case strings.ContainsAny(id, `/\`):
		return errors.New("contains a slash, which a path does not carry intact (an App ID is one path segment; " +
			"an import ID is the App ID alone)")
	case strings.TrimSpace(id) != id:
		return errors.New("starts or ends with a space")
	case strings.IndexFunc(id, unicode.IsControl) >= 0:
		return errors.New("contains a control character")
	}
	return nil
}
