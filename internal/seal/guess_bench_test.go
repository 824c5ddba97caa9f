package seal

import (
	"crypto/hkdf"
	"crypto/sha256"
	"testing"

	"golang.org/x/crypto/argon2"
)

// BenchmarkOpen_wrongToken is what a reader of a state file spends on one
// guess of the app token against a url_wo_seal: one Open that fails. Its
// inverse is the guesses a second per core (the secrets guide quotes it).
func BenchmarkOpen_wrongToken(b *testing.B) {
	sealed, err := Seal("the-real-app-token-0123456789abcdef", "app-1\x00call", "https://hooks.example.com/cinnox/calls?key=s3cret")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Open("a-guess-of-the-app-token", "app-1\x00call", sealed); err != ErrNotOpened {
			b.Fatalf("Open with a wrong token: %v", err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "guesses/s")
}

// BenchmarkKeyDerivation compares the key derivation the seal uses (HKDF,
// for a random secret) with a memory-hard one (Argon2id at RFC 9106's
// second recommended parameters, 64 MiB and 3 passes): what each seal and
// each open, and so each plan of every url_wo subscription, would cost.
func BenchmarkKeyDerivation(b *testing.B) {
	secret, salt := []byte("the-real-app-token-0123456789abcdef"), make([]byte, saltSize)
	b.Run("hkdf-sha256", func(b *testing.B) {
		for b.Loop() {
			if _, err := hkdf.Key(sha256.New, secret, salt, info, keySize); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("argon2id-64MiB-3-passes", func(b *testing.B) {
		for b.Loop() {
			_ = argon2.IDKey(secret, salt, 3, 64*1024, 4, keySize)
		}
	})
}
