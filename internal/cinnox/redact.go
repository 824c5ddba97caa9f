package cinnox

// Redaction: what of the app token and of a webhook URL may be shown in an
// error, a warning or a log entry, and what is removed from everything a
// server answers before anything else sees it. A server, proxy or WAF may
// echo the Authorization header or the webhook URL back; CINNOX does not
// sign its notifications, so a receiver can only tell them from anyone
// else's by a secret in its URL.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
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
// they take in a URL, decoded, percent-encoded, and inside JSON or HTML,
// each with what is shown instead: the whole URL (shown as DisplayURL), its
// path ("/…") and each of its segments, and its user information, query
// (and each of its keys and values) and fragment. A receiver, or a proxy
// in front of it, may quote any of them back: "unknown hook id <last
// segment>" is what many frameworks' error pages answer.
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
		forms := []string{s, html.EscapeString(s), url.PathEscape(s), url.QueryEscape(s), strings.ReplaceAll(s, "/", `\/`)}
		if quoted, err := json.Marshal(s); err == nil {
			forms = append(forms, strings.Trim(string(quoted), `"`))
		}
		for _, f := range forms {
			if !slices.ContainsFunc(out, func(r rule) bool { return r.old == f }) {
				out = append(out, rule{f, instead})
			}
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
		for _, segment := range strings.Split(p, "/") {
			add(segment, redacted)
			if decoded, err := url.PathUnescape(segment); err == nil {
				add(decoded, redacted)
			}
		}
	}
	if u.User != nil {
		add(u.User.String(), redacted)
		add(u.User.Username(), redacted)
		if p, ok := u.User.Password(); ok {
			add(p, redacted)
		}
	}
	add(u.RawQuery, redacted)
	for key, values := range u.Query() {
		add(key, redacted)
		for _, v := range values {
			add(v, redacted)
		}
	}
	add(u.Fragment, redacted)
	add(u.EscapedFragment(), redacted)
	return out
}

// redactor removes secrets from texts: the app token (and so the
// Authorization value made of it), and what must not be shown of a webhook
// URL (see urlRedactions), each replaced by what is shown instead. A nil
// redactor removes nothing. A secret shorter than minRedacted is left
// alone: replacing every "t" of a message would make it unreadable, and
// such a string is no secret anyway.
type redactor struct {
	rules []rule // longest first
	// replacer applies the rules in one pass, made when a text first
	// holds a secret.
	once     sync.Once
	replacer *strings.Replacer
}

// rule is one text to remove, and what to show instead.
type rule struct{ old, instead string }

const (
	redacted    = "(redacted)"
	minRedacted = 6
)

func newRedactor(secrets ...string) *redactor {
	return (*redactor)(nil).with(secrets...)
}

// with returns a redactor that also removes secrets.
func (r *redactor) with(secrets ...string) *redactor {
	rules := make([]rule, len(secrets))
	for i, s := range secrets {
		rules[i] = rule{s, redacted}
	}
	return r.withRules(rules...)
}

// withRules returns a redactor that also applies rules.
func (r *redactor) withRules(rules ...rule) *redactor {
	var all []rule
	if r != nil {
		all = append(all, r.rules...)
	}
	for _, ru := range rules {
		if len(ru.old) >= minRedacted && !slices.ContainsFunc(all, func(o rule) bool { return o.old == ru.old }) {
			all = append(all, ru)
		}
	}
	if len(all) == 0 {
		return nil
	}
	slices.SortStableFunc(all, func(a, b rule) int { return len(b.old) - len(a.old) })
	return &redactor{rules: all}
}

func (r *redactor) string(s string) string {
	if r == nil || !r.holdsSecret(s) {
		return s
	}
	r.once.Do(func() {
		pairs := make([]string, 0, 2*len(r.rules))
		for _, ru := range r.rules {
			pairs = append(pairs, ru.old, ru.instead)
		}
		// One pass, longest first at each position: what one rule put
		// in is not rewritten by another.
		r.replacer = strings.NewReplacer(pairs...)
	})
	return r.replacer.Replace(s)
}

// holdsSecret reports whether s holds any text a rule removes.
func (r *redactor) holdsSecret(s string) bool {
	for _, ru := range r.rules {
		if strings.Contains(s, ru.old) {
			return true
		}
	}
	return false
}

func (r *redactor) bytes(b []byte) []byte {
	if r == nil {
		return b
	}
	for _, ru := range r.rules {
		if bytes.Contains(b, []byte(ru.old)) {
			return []byte(r.string(string(b)))
		}
	}
	return b
}

// err returns err with the secret removed from its text; errors.Is and
// errors.As still see the original.
func (r *redactor) err(err error) error {
	if err == nil || r == nil {
		return err
	}
	msg := r.string(err.Error())
	if msg == err.Error() {
		return err
	}
	return &redactedError{msg: msg, err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// headers removes the secrets from the values of h, in place.
func (r *redactor) headers(h http.Header) {
	if r == nil {
		return
	}
	for _, values := range h {
		for i, v := range values {
			values[i] = r.string(v)
		}
	}
}

// fields returns a log entry's fields with the secrets removed from every
// text value (the map is changed in place).
func (r *redactor) fields(fields map[string]any) map[string]any {
	if r == nil {
		return fields
	}
	for k, v := range fields {
		switch v := v.(type) {
		case string:
			fields[k] = r.string(v)
		case error:
			fields[k] = r.string(v.Error())
		case fmt.Stringer:
			fields[k] = r.string(v.String())
		}
	}
	return fields
}

// redactedHeaders copies h for a log, the Authorization value replaced.
func redactedHeaders(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for k, v := range h {
		if len(v) == 0 {
			continue
		}
		if http.CanonicalHeaderKey(k) == "Authorization" {
			out[k] = "Bearer (redacted)"
			continue
		}
		out[k] = v[0]
	}
	return out
}
