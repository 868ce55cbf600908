package imaging

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

// maxManifest bounds what ParseManifest reads.
const maxManifest = 1 << 20

// manifestJSON is the wire form. Fields are in sorted key order, so the
// encoder writes sorted keys; optional fields are omitted when empty.
type manifestJSON struct {
	Arch       string     `json:"arch"`
	Artifacts  []Artifact `json:"artifacts"`
	Cmdline    string     `json:"cmdline,omitempty"`
	ImportedAt string     `json:"imported_at"`
	ImportedBy string     `json:"imported_by"`
	Name       string     `json:"name"`
	Parent     Digest     `json:"parent,omitempty"`
	Schema     int        `json:"schema"`
	Version    string     `json:"version,omitempty"`
}

// Canonical returns the canonical encoding of m: JSON with sorted keys,
// no insignificant whitespace, no HTML escaping, artifacts in role order
// (layers bottom first), empty optional fields omitted and the import
// time in UTC RFC 3339. m must be valid.
func (m *Manifest) Canonical() ([]byte, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	c := *m
	c.Artifacts = slices.Clone(m.Artifacts)
	c.normalize()
	w := manifestJSON{
		Arch: c.Arch, Artifacts: c.Artifacts, Cmdline: c.Cmdline,
		ImportedAt: c.ImportedAt.UTC().Format(time.RFC3339Nano), ImportedBy: c.ImportedBy,
		Name: c.Name, Parent: c.Parent, Schema: c.Schema, Version: c.Version,
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(w); err != nil {
		return nil, fmt.Errorf("encode manifest: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// ID is the image id: the digest of the canonical encoding.
func (m *Manifest) ID() (Digest, error) {
	b, err := m.Canonical()
	if err != nil {
		return "", err
	}
	return DigestOf(b), nil
}

// ParseManifest decodes and validates a manifest strictly: unknown,
// duplicate or differently-cased keys, trailing data, malformed digests and
// invalid names are refused (KindInvalid). The input need not be canonical;
// its id is that of its canonical re-encoding.
func ParseManifest(b []byte) (*Manifest, error) {
	if len(b) > maxManifest {
		return nil, catalog.Errorf(catalog.KindTooLarge, "manifest larger than %d bytes", maxManifest)
	}
	if err := checkKeys(b); err != nil {
		return nil, kindErr(catalog.KindInvalid, "manifest", err)
	}
	var w manifestJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return nil, kindErr(catalog.KindInvalid, "manifest", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, catalog.Errorf(catalog.KindInvalid, "manifest: data after the JSON object")
	}
	return fromWire(w)
}

func fromWire(w manifestJSON) (*Manifest, error) {
	at, err := time.Parse(time.RFC3339Nano, w.ImportedAt)
	if err != nil {
		return nil, kindErr(catalog.KindInvalid, "manifest: imported_at", err)
	}
	m := &Manifest{
		Schema: w.Schema, Name: w.Name, Version: w.Version, Arch: w.Arch,
		Artifacts: w.Artifacts, Cmdline: w.Cmdline, Parent: w.Parent,
		ImportedBy: w.ImportedBy, ImportedAt: at.UTC(),
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	m.normalize()
	return m, nil
}
