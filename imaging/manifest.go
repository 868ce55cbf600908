package imaging

import (
	"slices"
	"time"
)

// ManifestSchema is the manifest format version this package writes and
// accepts.
const ManifestSchema = 1

// Role says what an artifact of an image is for.
type Role string

// The artifact roles, in canonical order.
const (
	RoleKernel Role = "kernel" // exactly one
	RoleInitrd Role = "initrd" // exactly one
	RoleRootfs Role = "rootfs" // at most one: a squashfs root file system
	// RoleLayer: squashfs layers the agent mounts over the rootfs with
	// overlayfs, bottom first. A derived image adds one to its parent's.
	RoleLayer Role = "layer"
	// RoleChecks: the acceptance checks file (JSON, parsed by testsuite),
	// stored as a blob like any artifact so the manifest stays small and
	// its encoding canonical. At most one.
	RoleChecks Role = "checks"
)

var roleRank = map[Role]int{RoleKernel: 0, RoleInitrd: 1, RoleRootfs: 2, RoleLayer: 3, RoleChecks: 4}

// Artifact is one blob an image uses. Fields are in JSON key order.
type Artifact struct {
	Digest Digest `json:"digest"`
	Role   Role   `json:"role"`
	Size   int64  `json:"size"`
	// Source is provenance: where the bytes came from ("file:///…",
	// "https://…", "dir:/…", "derived:sha256:…"). Free text, not
	// interpreted.
	Source string `json:"source,omitempty"`
}

// Manifest describes an image. Its id is the sha256 of its canonical JSON
// encoding (see Canonical and ID); names and tags are kept elsewhere and
// point at ids.
type Manifest struct {
	Schema    int    // ManifestSchema
	Name      string // see ValidateName
	Version   string // optional, free form ("2024.06", "12.5-lab3")
	Arch      string // x86_64 or arm64 (as catalog hosts name them)
	Artifacts []Artifact
	Cmdline   string // kernel command line
	// Parent is the id of the image this one was derived from, if any.
	Parent     Digest
	ImportedBy string    // who imported or derived it
	ImportedAt time.Time // encoded in UTC
}

// Artifact returns the first artifact with the role.
func (m *Manifest) Artifact(r Role) (Artifact, bool) {
	for _, a := range m.Artifacts {
		if a.Role == r {
			return a, true
		}
	}
	return Artifact{}, false
}

// Layers returns the layer artifacts, bottom first.
func (m *Manifest) Layers() []Artifact {
	var out []Artifact
	for _, a := range m.Artifacts {
		if a.Role == RoleLayer {
			out = append(out, a)
		}
	}
	return out
}

// Blobs returns the digests of every blob the image references, without
// duplicates: what garbage collection must keep while the image lives.
// Parent is an image id, not a blob: a derived image lists its parent's
// blobs itself.
func (m *Manifest) Blobs() []Digest {
	var out []Digest
	for _, a := range m.Artifacts {
		if !slices.Contains(out, a.Digest) {
			out = append(out, a.Digest)
		}
	}
	return out
}

// normalize puts artifacts in canonical order: by role rank, layers
// keeping their relative (bottom-first) order.
func (m *Manifest) normalize() {
	slices.SortStableFunc(m.Artifacts, func(a, b Artifact) int { return roleRank[a.Role] - roleRank[b.Role] })
}
