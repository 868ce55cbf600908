package catalog

import (
	"context"
	"testing"
)

func TestPromoteSupersedeRevoke(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	mustPool(t, s, "lab")
	a, b := mustImage(t, s, "deb12", "a"), mustImage(t, s, "deb12", "b")
	if _, err := s.PromoteImage(ctx, a.Digest, "lab", false, "t"); !IsKind(err, KindConflict) {
		t.Fatalf("promoting an imported image without force: err = %v, want conflict", err)
	}
	pi, err := s.PromoteImage(ctx, a.Digest, "lab", true, "t")
	if err != nil || pi.Promoted != a.Digest || pi.Fallback != "" {
		t.Fatalf("forced promotion = %+v, %v", pi, err)
	}
	s.TransitionImage(ctx, b.Digest, ImageTransition{To: ImageCandidate})
	s.TransitionImage(ctx, b.Digest, ImageTransition{To: ImageVerified})
	pi, err = s.PromoteImage(ctx, b.Digest, "lab", false, "t")
	if err != nil || pi.Promoted != b.Digest || pi.Fallback != a.Digest {
		t.Fatalf("promotion of a verified image = %+v, %v", pi, err)
	}
	if got, _ := s.Image(ctx, a.Digest); got.State != ImageSuperseded || !got.Forced {
		t.Errorf("old known-good is %s (forced=%v), want superseded and still marked forced", got.State, got.Forced)
	}
	if _, err := s.RevokeImage(ctx, a.Digest, "lab", "x", "t"); !IsKind(err, KindConflict) {
		t.Errorf("revoking a non-promoted image: err = %v, want conflict", err)
	}
	pi, err = s.RevokeImage(ctx, b.Digest, "lab", "broke the NIC driver", "t")
	if err != nil || pi.Promoted != a.Digest || pi.Fallback != "" {
		t.Fatalf("revoke = %+v, %v; want the fallback promoted again", pi, err)
	}
	if got, _ := s.Image(ctx, b.Digest); got.State != ImageRevoked {
		t.Errorf("revoked image is %s", got.State)
	}
}

func TestMarkCorrupt(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	mustPool(t, s, "lab")
	a, b := mustImage(t, s, "deb12", "a"), mustImage(t, s, "deb12", "b")
	bad := map[string]string{fakeDigest("shared-layer"): "sha256 mismatch"}
	if n, err := s.MarkCorrupt(ctx, bad); err != nil || n != 2 {
		t.Fatalf("MarkCorrupt = %d, %v; want both images (they share the layer)", n, err)
	}
	if _, err := s.PromoteImage(ctx, a.Digest, "lab", true, "t"); !IsKind(err, KindConflict) {
		t.Errorf("promoting a corrupt image: err = %v, want conflict", err)
	}
	if n, _ := s.MarkCorrupt(ctx, map[string]string{}); n != 2 {
		t.Errorf("repair cleared %d images, want 2", n)
	}
	if got, _ := s.Image(ctx, b.Digest); got.Corrupt {
		t.Error("image still corrupt after a clean verify")
	}
}
