package imaging

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseManifest: whatever ParseManifest accepts re-encodes to canonical
// bytes that parse again to the same canonical bytes and the same id, and
// the canonical bytes are sorted and compact.
func FuzzParseManifest(f *testing.F) {
	golden, err := os.ReadFile(filepath.Join("testdata", "manifest.golden.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(golden)
	f.Add([]byte(`{"schema":1,"name":"a","arch":"arm64","imported_by":"me","imported_at":"2025-01-02T03:04:05+09:00",` +
		`"artifacts":[{"role":"initrd","digest":"` + string(DigestOf(nil)) + `","size":0},` +
		`{"role":"kernel","digest":"` + string(DigestOf([]byte("k"))) + `","size":1,"source":"\u00e9\u2028"}]}`))
	f.Add([]byte(`{"schema":1,"name":"a","Name":"b"}`))
	f.Add([]byte(`{"artifacts":[{"role":"kernel","role":"initrd"}]}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, in []byte) {
		m, err := ParseManifest(in)
		if err != nil {
			return
		}
		c1, err := m.Canonical()
		if err != nil {
			t.Fatalf("accepted manifest does not encode: %v", err)
		}
		m2, err := ParseManifest(c1)
		if err != nil {
			t.Fatalf("canonical form %s not accepted: %v", c1, err)
		}
		c2, _ := m2.Canonical()
		id1, _ := m.ID()
		id2, _ := m2.ID()
		if !bytes.Equal(c1, c2) || id1 != id2 || id1 != DigestOf(c1) {
			t.Fatalf("not stable:\n%s\n%s", c1, c2)
		}
		assertSortedCompact(t, c1)
	})
}
