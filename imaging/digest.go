package imaging

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/ironbase/ironbase/catalog"
)

// Digest names content: "sha256:" followed by 64 lowercase hex digits. It is
// the address of a blob in the Store and the id of an image (the digest of
// its canonical manifest).
type Digest string

const digestPrefix = "sha256:"

// ParseDigest checks that s is a well-formed digest.
func ParseDigest(s string) (Digest, error) {
	d := Digest(s)
	if !d.Valid() {
		return "", catalog.Errorf(catalog.KindInvalid, "malformed digest %q: want sha256:<64 lowercase hex>", s)
	}
	return d, nil
}

// Valid reports whether d is well formed.
func (d Digest) Valid() bool {
	h, ok := strings.CutPrefix(string(d), digestPrefix)
	if !ok || len(h) != sha256.Size*2 {
		return false
	}
	for _, c := range []byte(h) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// Hex is the hex part of d, without the algorithm prefix.
func (d Digest) Hex() string { return strings.TrimPrefix(string(d), digestPrefix) }

// String returns d as written ("sha256:…").
func (d Digest) String() string { return string(d) }

// Short is the first 12 hex digits, for logs and messages.
func (d Digest) Short() string {
	h := d.Hex()
	if len(h) > 12 {
		h = h[:12]
	}
	return h
}

// UnmarshalText decodes and validates a digest.
func (d *Digest) UnmarshalText(b []byte) error {
	v, err := ParseDigest(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// DigestOf returns the digest of b.
func DigestOf(b []byte) Digest {
	sum := sha256.Sum256(b)
	return digestFromSum(sum[:])
}

func digestFromSum(sum []byte) Digest {
	return Digest(digestPrefix + hex.EncodeToString(sum))
}
