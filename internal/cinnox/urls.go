package cinnox

import (
	"encoding/json"
	"net/url"
	"strings"
)

// DisplayURL is how a webhook URL is shown in errors, warnings and logs:
// its scheme, host and path, with any user information, query and fragment
// replaced by "(redacted)". CINNOX does not sign its notifications, so a
// receiver can only tell them from anyone else's by a secret in the URL,
// and such secrets live there.
func DisplayURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		// Not an absolute URL: show what stands before any query or
		// fragment, without user information.
		s, rest := raw, ""
		if i := strings.IndexAny(s, "?#"); i >= 0 {
			s, rest = s[:i], s[i:i+1]+redacted
		}
		if i := strings.LastIndex(s, "@"); i >= 0 {
			s = redacted + "@" + s[i+1:]
		}
		return s + rest
	}
	var b strings.Builder
	b.WriteString(u.Scheme + "://")
	if u.User != nil {
		b.WriteString(redacted + "@")
	}
	b.WriteString(u.Host + u.EscapedPath())
	if u.RawQuery != "" || u.ForceQuery {
		b.WriteString("?" + redacted)
	}
	if u.Fragment != "" {
		b.WriteString("#" + redacted)
	}
	return b.String()
}

// urlSecrets are the parts of a webhook URL that must not be shown, in the
// forms they take in a URL, decoded, and inside JSON: the user information,
// the query (and each of its values) and the fragment.
func urlSecrets(raw string) []string {
	u, err := url.Parse(raw)
	if err != nil {
		return []string{raw}
	}
	var out []string
	add := func(s string) {
		if s == "" {
			return
		}
		out = append(out, s)
		if quoted, err := json.Marshal(s); err == nil {
			out = append(out, strings.Trim(string(quoted), `"`))
		}
	}
	if u.User != nil {
		add(u.User.String())
		add(u.User.Username())
		if p, ok := u.User.Password(); ok {
			add(p)
		}
	}
	add(u.RawQuery)
	for _, values := range u.Query() {
		for _, v := range values {
			add(v)
			add(url.QueryEscape(v))
		}
	}
	add(u.Fragment)
	add(u.EscapedFragment())
	return out
}
