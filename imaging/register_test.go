package imaging

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

func TestManifestFromStoredBlobs(t *testing.T) {
	s, err := OpenStore(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	k, _ := s.Ingest(ctx, strings.NewReader("kernel"), "")
	i, _ := s.Ingest(ctx, strings.NewReader("initrd"), "")
	spec := ImageSpec{Name: "deb12", Arch: "x86_64", By: "admin", At: time.Unix(1700000000, 0),
		Artifacts: []ArtifactRef{{Role: RoleInitrd, Digest: i.Digest}, {Role: RoleKernel, Digest: k.Digest, Source: "file:///vmlinuz"}}}
	m, err := s.Manifest(spec)
	if err != nil {
		t.Fatal(err)
	}
	n, err := CatalogImage(m)
	if err != nil || n.Artifacts[0].Role != "kernel" || n.Artifacts[0].Size != 6 || !strings.HasPrefix(n.Digest, "sha256:") {
		t.Fatalf("CatalogImage = %+v, %v", n, err)
	}
	again, _ := s.Manifest(spec)
	if n2, _ := CatalogImage(again); n2.Digest != n.Digest {
		t.Error("the same spec gave a different image id")
	}
	spec.Artifacts[0].Digest = DigestOf([]byte("never uploaded"))
	if _, err := s.Manifest(spec); !catalog.IsKind(err, catalog.KindInvalid) || !strings.Contains(err.Error(), "not uploaded") {
		t.Errorf("missing blob: err = %v, want invalid naming the blob", err)
	}
}
