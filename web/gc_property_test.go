package web

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/imaging"
)

// gcModel drives the real catalog and image store through random
// sequences of import, derive, tag, promote, retire, slot changes and GC.
type gcModel struct {
	t      *testing.T
	ctx    context.Context
	cat    *catalog.Store
	blobs  *imaging.Store
	rng    *rand.Rand
	images []string
	step   int
}

// TestGCNeverLosesAReferencedBlob is DESIGN.md invariant 4 as a property:
// after every collection, every blob of a non-retired image, of a host
// slot and of a pool's promoted image and fallback is still stored.
func TestGCNeverLosesAReferencedBlob(t *testing.T) {
	for seed := range uint64(3) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			m := newGCModel(t, seed)
			for range 150 {
				m.randomOp()
			}
		})
	}
}

func newGCModel(t *testing.T, seed uint64) *gcModel {
	dir := t.TempDir()
	cat, err := catalog.Open(context.Background(), catalog.Config{Path: filepath.Join(dir, "db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cat.Close() })
	blobs, err := imaging.OpenStore(filepath.Join(dir, "images"), nil)
	if err != nil {
		t.Fatal(err)
	}
	m := &gcModel{t: t, ctx: context.Background(), cat: cat, blobs: blobs, rng: rand.New(rand.NewPCG(seed, 7))}
	cat.CreatePool(m.ctx, catalog.Pool{Name: "lab"}, "t")
	for i := range 3 {
		cat.CreateHost(m.ctx, catalog.NewHost{Name: fmt.Sprintf("h%d", i), MACs: []string{fmt.Sprintf("52:54:00:00:00:%02x", i)}, Pool: "lab"}, "t")
	}
	return m
}

func (m *gcModel) randomOp() {
	m.step++
	switch op := m.rng.IntN(8); {
	case op < 2 || len(m.images) == 0:
		m.importImage("")
	case op == 2:
		m.importImage(m.pick())
	case op == 3:
		m.cat.TagImage(m.ctx, m.pick(), "x:"+fmt.Sprint(m.rng.IntN(3)), "t")
	case op == 4:
		m.cat.PromoteImage(m.ctx, m.pick(), "lab", true, "t")
	case op == 5:
		m.cat.TransitionImage(m.ctx, m.pick(), catalog.ImageTransition{To: catalog.ImageRetired})
	case op == 6:
		m.cat.SetSlot(m.ctx, fmt.Sprintf("h%d", m.rng.IntN(3)), []string{"A", "B"}[m.rng.IntN(2)], m.pick(), "", "t")
	default:
		m.gcAndCheck()
	}
}

func (m *gcModel) pick() string { return m.images[m.rng.IntN(len(m.images))] }

// importImage stores a kernel, an initrd and a rootfs (contents drawn from
// a small set, so blobs are shared) and records the image, derived from
// parent when given.
func (m *gcModel) importImage(parent string) {
	spec := imaging.ImageSpec{Name: "img", Arch: "x86_64", By: "t", At: time.Unix(int64(m.step), 0), Parent: imaging.Digest(parent)}
	for _, role := range []imaging.Role{imaging.RoleKernel, imaging.RoleInitrd, imaging.RoleRootfs} {
		b, err := m.blobs.Ingest(m.ctx, strings.NewReader(fmt.Sprintf("%s-%d", role, m.rng.IntN(6))), "")
		if err != nil {
			m.t.Fatal(err)
		}
		spec.Artifacts = append(spec.Artifacts, imaging.ArtifactRef{Role: role, Digest: b.Digest})
	}
	man, err := m.blobs.Manifest(spec)
	if err != nil {
		m.t.Fatal(err)
	}
	n, _ := imaging.CatalogImage(man)
	if _, err := m.cat.CreateImage(m.ctx, n, "t"); err != nil {
		m.t.Fatal(err)
	}
	m.images = append(m.images, n.Digest)
}

func (m *gcModel) gcAndCheck() {
	refs := func(ctx context.Context) (map[imaging.Digest]bool, error) {
		r, err := m.cat.ReferencedBlobs(ctx)
		out := map[imaging.Digest]bool{}
		for d := range r {
			out[imaging.Digest(d)] = true
		}
		return out, err
	}
	if _, err := m.blobs.Collect(m.ctx, refs, imaging.GCOptions{}); err != nil {
		m.t.Fatal(err)
	}
	for d, why := range m.mustKeep() {
		if !m.blobs.Has(imaging.Digest(d)) {
			m.t.Fatalf("step %d: GC removed %s, which %s still references", m.step, d, why)
		}
	}
}

// mustKeep computes the referenced set independently of ReferencedBlobs:
// from every image's state, every host's slots and the pool's images.
func (m *gcModel) mustKeep() map[string]string {
	live := map[string]string{}
	ims, _ := m.cat.ListImages(m.ctx)
	for _, im := range ims {
		if im.State != catalog.ImageRetired {
			live[im.Digest] = "image " + im.Digest + " (" + im.State.String() + ")"
		}
	}
	hosts, _ := m.cat.ListHosts(m.ctx, catalog.HostFilter{})
	for _, h := range hosts {
		for _, sl := range h.Slots {
			live[sl.Image] = "slot " + h.Name + "/" + sl.Slot
		}
	}
	pis, _ := m.cat.ListPoolImages(m.ctx)
	for _, pi := range pis {
		live[pi.Promoted], live[pi.Fallback] = "pool promoted", "pool fallback"
	}
	out := map[string]string{}
	for _, im := range ims {
		if why, ok := live[im.Digest]; ok {
			for _, a := range im.Artifacts {
				out[a.Digest] = why
			}
		}
	}
	return out
}
