// Package seal keeps a secret in a place others can read (a resource's
// private state, which is in the state file) so that only a holder of the
// key material can read it back: the provider seals a write-only webhook
// url under a key derived from the app token, which is never in state.
//
// A sealed copy is "v1." followed by the unpadded base64url encoding of
//
//	salt (16 random bytes) || nonce (12 random bytes) || AES-256-GCM ciphertext and tag
//
// The key is HKDF-SHA256 of the secret (the app token), with the salt and
// the info string "terraform-provider-cinnox url_wo v1". The additional data
// binds the copy to what it belongs to (the app and event), so a copy moved
// to another resource does not open. The plaintext is padded with NUL bytes
// to a multiple of 64 bytes, so the copy's length tells at most the url's
// length rounded up. Without the secret, the copy reveals nothing of the
// plaintext and a guess of it cannot be tested.
package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
)

const (
	prefix   = "v1."
	info     = "terraform-provider-cinnox url_wo v1"
	saltSize = 16
	keySize  = 32
	padTo    = 64
)

var (
	// ErrNotOpened is the error of a copy that does not open with the
	// secret given: it was sealed under another secret (a rotated app
	// token), for something else, or it was altered.
	ErrNotOpened = errors.New("the sealed copy does not open with this app token: it was sealed under another " +
		"app token, or it was altered")
	// ErrFormat is the error of a copy this version cannot read: not a
	// sealed copy, or one of another format version.
	ErrFormat = errors.New("the sealed copy is not in a format this provider version reads")
)

var encoding = base64.RawURLEncoding

// Seal seals plaintext (which must hold no NUL byte) under secret, bound
// to binding.
func Seal(secret, binding, plaintext string) (string, error) {
	if strings.IndexByte(plaintext, 0) >= 0 {
		return "", errors.New("seal: the plaintext holds a NUL byte")
	}
	salt := make([]byte, saltSize)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	aead, err := newAEAD(secret, salt)
	if err != nil {
		return "", err
	}
	padded := make([]byte, (len(plaintext)/padTo+1)*padTo)
	copy(padded, plaintext)
	out := make([]byte, 0, saltSize+aead.NonceSize()+len(padded)+aead.Overhead())
	out = append(out, salt...)
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out = append(out, nonce...)
	out = aead.Seal(out, nonce, padded, []byte(binding))
	return prefix + encoding.EncodeToString(out), nil
}

// Open returns the plaintext of a copy that Seal made under secret for
// binding; ErrNotOpened or ErrFormat when it cannot.
func Open(secret, binding, sealed string) (string, error) {
	body, ok := strings.CutPrefix(sealed, prefix)
	if !ok {
		return "", ErrFormat
	}
	raw, err := encoding.DecodeString(body)
	if err != nil || len(raw) < saltSize {
		return "", ErrFormat
	}
	aead, err := newAEAD(secret, raw[:saltSize])
	if err != nil {
		return "", err
	}
	rest := raw[saltSize:]
	if len(rest) < aead.NonceSize()+aead.Overhead() {
		return "", ErrFormat
	}
	padded, err := aead.Open(nil, rest[:aead.NonceSize()], rest[aead.NonceSize():], []byte(binding))
	if err != nil {
		return "", ErrNotOpened
	}
	plaintext, _, _ := strings.Cut(string(padded), "\x00")
	return plaintext, nil
}

func newAEAD(secret string, salt []byte) (cipher.AEAD, error) {
	key, err := hkdf.Key(sha256.New, []byte(secret), salt, info, keySize)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}
