package imaging

import (
	"fmt"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

// ImageSpec is an import whose blobs are already in the store: what the
// API receives after the client has uploaded the artifacts.
type ImageSpec struct {
	Name, Version, Arch, Cmdline string
	Parent                       Digest
	Artifacts                    []ArtifactRef
	By                           string    // who imports (a token name)
	At                           time.Time // when
}

// ArtifactRef names a stored blob and what it is for.
type ArtifactRef struct {
	Role   Role
	Digest Digest
	Source string // provenance, e.g. "file:///srv/vmlinuz"
}

// Manifest builds and validates the manifest for spec, reading each blob's
// size from the store; an artifact whose blob is not stored is refused.
func (s *Store) Manifest(spec ImageSpec) (*Manifest, error) {
	m := &Manifest{Schema: ManifestSchema, Name: spec.Name, Version: spec.Version, Arch: spec.Arch,
		Cmdline: spec.Cmdline, Parent: spec.Parent, ImportedBy: spec.By, ImportedAt: spec.At.UTC()}
	for _, a := range spec.Artifacts {
		if !a.Digest.Valid() {
			return nil, catalog.Errorf(catalog.KindInvalid, "artifact %s: invalid digest %q", a.Role, a.Digest)
		}
		b, err := s.Stat(a.Digest)
		if err != nil {
			return nil, catalog.Errorf(catalog.KindInvalid, "artifact %s: blob %s is not uploaded", a.Role, a.Digest)
		}
		m.Artifacts = append(m.Artifacts, Artifact{Digest: a.Digest, Role: a.Role, Size: b.Size, Source: a.Source})
	}
	m.normalize()
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return m, nil
}

// CatalogImage turns a valid manifest into the catalog's record of it: its
// id, canonical bytes and artifacts (layers numbered bottom first).
func CatalogImage(m *Manifest) (catalog.NewImage, error) {
	canon, err := m.Canonical()
	if err != nil {
		return catalog.NewImage{}, fmt.Errorf("imaging: canonical manifest: %w", err)
	}
	id, err := m.ID()
	if err != nil {
		return catalog.NewImage{}, err
	}
	n := catalog.NewImage{Digest: id.String(), Name: m.Name, Version: m.Version, Arch: m.Arch,
		Parent: m.Parent.String(), Manifest: canon}
	layer := 0
	for _, a := range m.Artifacts {
		pos := 0
		if a.Role == RoleLayer {
			layer++
			pos = layer
		}
		n.Artifacts = append(n.Artifacts, catalog.Artifact{Role: string(a.Role), Position: pos,
			Digest: a.Digest.String(), Size: a.Size, Source: a.Source})
	}
	return n, nil
}
