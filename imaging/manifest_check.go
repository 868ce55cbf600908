package imaging

import (
	"github.com/ironbase/ironbase/catalog"
)

// Validate checks every field of m; the error says which one is wrong.
func (m *Manifest) Validate() error {
	if m.Schema != ManifestSchema {
		return catalog.Errorf(catalog.KindInvalid, "schema %d: want %d", m.Schema, ManifestSchema)
	}
	checks := []error{
		ValidateName(m.Name),
		m.checkVersion(),
		checkArch(m.Arch),
		m.checkArtifacts(),
		checkCmdline(m.Cmdline),
		m.checkParent(),
		checkText("imported_by", m.ImportedBy, maxWho, false),
		m.checkImportedAt(),
	}
	for _, err := range checks {
		if err != nil {
			return err
		}
	}
	return nil
}

func (m *Manifest) checkVersion() error {
	if m.Version == "" {
		return nil
	}
	return checkIdent("version", m.Version, maxVersionLen, alnumAnyCase)
}

func (m *Manifest) checkParent() error {
	if m.Parent != "" && !m.Parent.Valid() {
		return catalog.Errorf(catalog.KindInvalid, "parent: malformed digest %q", m.Parent)
	}
	return nil
}

func (m *Manifest) checkImportedAt() error {
	if y := m.ImportedAt.UTC().Year(); y < 1970 || y > 9999 {
		return catalog.Errorf(catalog.KindInvalid, "imported_at: year %d out of range 1970-9999", y)
	}
	return nil
}

// checkArtifacts: each artifact well formed, exactly one kernel and one
// initrd, at most one rootfs and checks, layers only over a rootfs.
func (m *Manifest) checkArtifacts() error {
	if len(m.Artifacts) > maxArtifacts {
		return catalog.Errorf(catalog.KindInvalid, "artifacts: more than %d", maxArtifacts)
	}
	count := map[Role]int{}
	for i, a := range m.Artifacts {
		if err := checkArtifact(i, a); err != nil {
			return err
		}
		count[a.Role]++
	}
	switch {
	case count[RoleKernel] != 1 || count[RoleInitrd] != 1:
		return catalog.Errorf(catalog.KindInvalid, "artifacts: want exactly one kernel and one initrd, have %d and %d", count[RoleKernel], count[RoleInitrd])
	case count[RoleRootfs] > 1 || count[RoleChecks] > 1:
		return catalog.Errorf(catalog.KindInvalid, "artifacts: at most one rootfs and one checks")
	case count[RoleLayer] > 0 && count[RoleRootfs] == 0:
		return catalog.Errorf(catalog.KindInvalid, "artifacts: a layer needs a rootfs to sit on")
	}
	return nil
}
