package catalog

import (
	"context"
	"crypto/sha256"
	"fmt"
	"testing"
)

func fakeDigest(s string) string { return fmt.Sprintf("sha256:%x", sha256.Sum256([]byte(s))) }

func mustImage(t testing.TB, s testStore, name, seed string) Image {
	t.Helper()
	im, err := s.CreateImage(context.Background(), NewImage{Digest: fakeDigest(seed), Name: name, Arch: "x86_64",
		Manifest: []byte(`{"name":"` + name + `"}`), Artifacts: []Artifact{
			{Role: "kernel", Digest: fakeDigest(seed + "k"), Size: 10},
			{Role: "initrd", Digest: fakeDigest(seed + "i"), Size: 20},
			{Role: "layer", Position: 1, Digest: fakeDigest("shared-layer"), Size: 30},
		}}, "test")
	if err != nil {
		t.Fatalf("CreateImage: %v", err)
	}
	return im
}

func TestCreateImageAndResolve(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	a := mustImage(t, s, "deb12", "a")
	if again := mustImage(t, s, "deb12", "a"); again.Digest != a.Digest || countRows(t, s, "images") != 1 {
		t.Fatal("recording the same digest twice made a second image")
	}
	b := mustImage(t, s, "deb12", "b")
	for ref, want := range map[string]string{
		a.Digest: a.Digest, a.Digest[:15]: a.Digest, "deb12": b.Digest, "deb12:latest": b.Digest,
	} {
		got, err := s.Image(ctx, ref)
		if err != nil || got.Digest != want {
			t.Errorf("Image(%q) = %s, %v; want %s", ref, got.Digest, err, want)
		}
	}
	if got, _ := s.Image(ctx, a.Digest); len(got.Artifacts) != 3 || got.Artifacts[0].Role != "kernel" || got.State != ImageImported {
		t.Errorf("image = %+v", got)
	}
	for _, ref := range []string{"nope", "deb12:candidate", "sha256:00000000"} {
		if _, err := s.Image(ctx, ref); !IsKind(err, KindNotFound) {
			t.Errorf("Image(%q) err = %v, want not found", ref, err)
		}
	}
}

func TestTagMovesDigestsDoNot(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	a, b := mustImage(t, s, "deb12", "a"), mustImage(t, s, "deb12", "b")
	s.TagImage(ctx, a.Digest, "deb12:candidate", "t")
	if got, _ := s.Image(ctx, "deb12:candidate"); got.Digest != a.Digest {
		t.Fatal("tag does not point at a")
	}
	s.TagImage(ctx, b.Digest, "deb12:candidate", "t")
	if got, _ := s.Image(ctx, "deb12:candidate"); got.Digest != b.Digest {
		t.Fatal("tag did not move to b")
	}
	for _, bad := range []string{"nocolon", "Deb:x", "deb12:", "deb12:BAD TAG"} {
		if _, err := s.TagImage(ctx, a.Digest, bad, "t"); !IsKind(err, KindInvalid) {
			t.Errorf("TagImage(%q) err = %v, want invalid", bad, err)
		}
	}
}

func TestForcedPromotionIsRecorded(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	im := mustImage(t, s, "deb12", "a")
	s.TransitionImage(ctx, im.Digest, ImageTransition{To: ImageCandidate})
	if _, err := s.TransitionImage(ctx, im.Digest, ImageTransition{To: ImagePromoted}); !IsKind(err, KindConflict) {
		t.Fatalf("unforced promotion of a candidate: err = %v, want conflict", err)
	}
	got, err := s.TransitionImage(ctx, im.Digest, ImageTransition{To: ImagePromoted, Force: true})
	if err != nil || got.State != ImagePromoted || !got.Forced {
		t.Fatalf("forced promotion = %+v, %v", got, err)
	}
	if _, err := s.TransitionImage(ctx, im.Digest, ImageTransition{To: ImageImported}); !IsKind(err, KindConflict) {
		t.Errorf("illegal image edge: err = %v, want conflict", err)
	}
}

func TestReferencedBlobsKeepsLiveAndPinned(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	live, gone, pinned := mustImage(t, s, "live", "l"), mustImage(t, s, "gone", "g"), mustImage(t, s, "pinned", "p")
	for _, im := range []Image{gone, pinned} {
		s.TransitionImage(ctx, im.Digest, ImageTransition{To: ImageRetired})
	}
	mustPool(t, s, "lab")
	if _, err := s.w.Exec(`INSERT INTO pool_images (pool_id, arch, fallback_id) VALUES (1, 'x86_64', ?)`, pinned.ID); err != nil {
		t.Fatal(err)
	}
	refs, err := s.ReferencedBlobs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range live.Artifacts {
		if !refs[a.Digest] {
			t.Errorf("live image blob %s not referenced", a.Role)
		}
	}
	if !refs[pinned.Artifacts[0].Digest] {
		t.Error("a retired image pinned as a pool fallback lost its blobs")
	}
	if refs[gone.Artifacts[0].Digest] || !refs[fakeDigest("shared-layer")] {
		t.Error("a retired image's own blob is kept, or a shared blob is lost")
	}
}
