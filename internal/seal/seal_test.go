package seal

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

const (
	token   = "app-token-1"
	binding = "app-1\x00call"
	url     = "https://hooks:pa55@hooks.example.com/cinnox/S3CRET/calls?key=K3Y"
)

func TestSealOpens(t *testing.T) {
	sealed, err := Seal(token, binding, url)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Open(token, binding, sealed)
	if err != nil || got != url {
		t.Fatalf("Open = %q, %v; want %q", got, err, url)
	}
}

// The copy holds no part of the url, in any encoding a reader might try,
// and two seals of one url differ (a random salt and nonce), so copies
// cannot be compared to tell equal urls apart.
func TestSealRevealsNothing(t *testing.T) {
	a, _ := Seal(token, binding, url)
	b, _ := Seal(token, binding, url)
	if a == b {
		t.Error("two seals of the same url are equal")
	}
	for _, part := range []string{"S3CRET", "K3Y", "pa55", "hooks.example.com", "cinnox"} {
		for _, form := range []string{part, base64.StdEncoding.EncodeToString([]byte(part)), base64.RawURLEncoding.EncodeToString([]byte(part))} {
			if strings.Contains(a, form) {
				t.Errorf("the sealed copy holds %q (%q)", form, part)
			}
		}
	}
}

// A copy's length tells at most the url's length rounded up to 64 bytes.
func TestSealPadsTheLength(t *testing.T) {
	short, _ := Seal(token, binding, "https://a.example/1")
	long, _ := Seal(token, binding, "https://a.example/"+strings.Repeat("x", 40))
	if len(short) != len(long) {
		t.Errorf("urls of 19 and 58 bytes seal to %d and %d characters", len(short), len(long))
	}
}

func TestOpenFails(t *testing.T) {
	sealed, _ := Seal(token, binding, url)
	raw, _ := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(sealed, "v1."))
	raw[len(raw)-1] ^= 1
	tampered := "v1." + base64.RawURLEncoding.EncodeToString(raw)
	for _, tc := range []struct {
		name, secret, binding, sealed string
		want                          error
	}{
		{"wrong token", "app-token-2", binding, sealed, ErrNotOpened},
		{"another resource", token, "app-2\x00call", sealed, ErrNotOpened},
		{"tampered copy", token, binding, tampered, ErrNotOpened},
		{"another format version", token, binding, "v0." + strings.TrimPrefix(sealed, "v1."), ErrFormat},
		{"not base64", token, binding, "v1.%%%", ErrFormat},
		{"truncated", token, binding, sealed[:20], ErrFormat},
		{"empty", token, binding, "", ErrFormat},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Open(tc.secret, tc.binding, tc.sealed)
			if !errors.Is(err, tc.want) || got != "" {
				t.Errorf("Open = %q, %v; want %v", got, err, tc.want)
			}
		})
	}
}

func TestSealRefusesNUL(t *testing.T) {
	if _, err := Seal(token, binding, "https://a.example/\x00"); err == nil {
		t.Error("a plaintext with a NUL byte was sealed")
	}
}

func BenchmarkSealAndOpen(b *testing.B) {
	for b.Loop() {
		sealed, _ := Seal(token, binding, url)
		if _, err := Open(token, binding, sealed); err != nil {
			b.Fatal(err)
		}
	}
}
