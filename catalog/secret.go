package catalog

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
)

// Secret is a string that never shows itself: not in fmt, not in JSON, not
// in slog. Use Reveal where the clear text is really needed (the BMC login).
type Secret string

const redacted = "[redacted]"

func (Secret) String() string                  { return redacted }
func (Secret) GoString() string                { return redacted }
func (Secret) LogValue() slog.Value            { return slog.StringValue(redacted) }
func (Secret) MarshalJSON() ([]byte, error)    { return []byte(`"` + redacted + `"`), nil }
func (Secret) MarshalText() ([]byte, error)    { return []byte(redacted), nil }
func (s Secret) Reveal() string                { return string(s) }
func (s *Secret) UnmarshalText(b []byte) error { *s = Secret(b); return nil }

// keySize is AES-256.
const keySize = 32

// Sealer encrypts small secrets (BMC passwords) with AES-256-GCM under a key
// kept in a file of its own, outside the database.
type Sealer struct{ aead cipher.AEAD }

// LoadOrCreateKey reads the key file at path, creating it (mode 0600, 32
// random bytes) when it does not exist. A key file readable by group or
// others, or of the wrong size, is refused.
func LoadOrCreateKey(path string) (*Sealer, error) {
	key, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		key, err = createKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("catalog: key file %s: %w", path, err)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		return nil, Errorf(KindInvalid, "key file %s has mode %v; want 0600", path, fi.Mode().Perm())
	}
	return NewSealer(key)
}

// createKey writes a new key through a temp file and a hard link, so a
// crash never leaves a short key file behind and two racing starts agree.
func createKey(path string) ([]byte, error) {
	key := make([]byte, keySize)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	tmp := fmt.Sprintf("%s.%d.tmp", path, os.Getpid())
	defer os.Remove(tmp)
	if err := writeFileSync(tmp, key, 0o600); err != nil {
		return nil, err
	}
	if err := os.Link(tmp, path); errors.Is(err, fs.ErrExist) {
		return os.ReadFile(path)
	} else if err != nil {
		return nil, err
	}
	return key, nil
}

// NewSealer makes a Sealer from a 32-byte key.
func NewSealer(key []byte) (*Sealer, error) {
	if len(key) != keySize {
		return nil, Errorf(KindInvalid, "encryption key is %d bytes; want %d", len(key), keySize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Sealer{aead: aead}, nil
}

// Seal encrypts s, binding it to context (e.g. the host name) so a
// ciphertext copied to another row does not decrypt.
func (k *Sealer) Seal(s Secret, context string) ([]byte, error) {
	nonce := make([]byte, k.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return k.aead.Seal(nonce, nonce, []byte(s), []byte(context)), nil
}

// Open decrypts what Seal produced for the same context.
func (k *Sealer) Open(b []byte, context string) (Secret, error) {
	n := k.aead.NonceSize()
	if len(b) < n {
		return "", errors.New("catalog: sealed secret too short")
	}
	pt, err := k.aead.Open(nil, b[:n], b[n:], []byte(context))
	if err != nil {
		return "", fmt.Errorf("catalog: decrypt secret (wrong key file?): %w", err)
	}
	return Secret(pt), nil
}
