package cinnox

import (
	"encoding/json"
	"net/url"
	"strings"
)

// DisplayURL is how a webhook URL is shown in errors, warnings and logs:
// its scheme and host, and "/…" for anything after them. CINNOX does not
// sign its notifications, so a receiver can only tell them from anyone
// else's by a secret in the URL, in a path segment, a query parameter or
// user information; none of them is shown. Which resource a message
// concerns is clear from the resource address Terraform shows beside it.
func DisplayURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Scheme == "" {
		// Not an absolute URL: its start up to any path, query or
		// fragment, without user information.
		prefix, rest := "", raw
		if i := strings.Index(rest, "://"); i >= 0 {
			prefix, rest = rest[:i+3], rest[i+3:]
		}
		host, more := rest, ""
		if i := strings.IndexAny(rest, "/?#"); i >= 0 {
			host, more = rest[:i], "/…"
		}
		if i := strings.LastIndex(host, "@"); i >= 0 {
			host, more = host[i+1:], "/…"
		}
		return prefix + host + more
	}
	out := u.Scheme + "://" + u.Host
	if (u.EscapedPath() != "" && u.EscapedPath() != "/") || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || u.User != nil {
		out += "/…"
	}
	return out
}

// urlRedactions are what must not be shown of a webhook URL, in the forms
// they take in a URL, decoded, and inside JSON, each with what is shown
// instead: the whole URL (shown as DisplayURL), its path ("/…"), and its
// user information, query (and each of its values) and fragment.
func urlRedactions(raw string) []rule {
	u, err := url.Parse(raw)
	if err != nil {
		return []rule{{raw, redacted}}
	}
	var out []rule
	add := func(s, instead string) {
		if s == "" {
			return
		}
		out = append(out, rule{s, instead})
		if quoted, err := json.Marshal(s); err == nil {
			out = append(out, rule{strings.Trim(string(quoted), `"`), instead})
		}
		if slashed := strings.ReplaceAll(s, "/", `\/`); slashed != s {
			out = append(out, rule{slashed, instead})
		}
	}
	display := DisplayURL(raw)
	add(raw, display)
	if _, ok := u.User.Password(); ok {
		// As Go's HTTP client quotes it in its errors, and url.Redacted.
		add(strings.Replace(raw, u.User.String()+"@", u.User.Username()+":***@", 1), display)
		add(u.Redacted(), display)
	}
	if decoded, err := url.PathUnescape(raw); err == nil {
		add(decoded, display)
	}
	if p := u.EscapedPath(); p != "/" {
		add(p, "/…")
		add(u.Path, "/…")
	}
	if u.User != nil {
		add(u.User.String(), redacted)
		add(u.User.Username(), redacted)
		if p, ok := u.User.Password(); ok {
			add(p, redacted)
		}
	}
	add(u.RawQuery, redacted)
	for _, values := range u.Query() {
		for _, v := range values {
			add(v, redacted)
			add(url.QueryEscape(v), redacted)
		}
	}
	add(u.Fragment, redacted)
	add(u.EscapedFragment(), redacted)
	return out
}
