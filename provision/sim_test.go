package provision

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/ironbase/ironbase/catalog"
)

// sim is one simulated lab: a pool of hosts, its images, the store, the
// controller and a log of what happened for the failure message.
type sim struct {
	t          *testing.T
	seed       uint64
	rng        *rand.Rand
	store      *catalog.Store
	clock      *fakeClock
	b          *batch
	pool       string
	hosts      map[string]*simHost // shared by the batch
	names      []string            // this sequence's hosts
	behaviour  map[string]string   // image digest → what booting it does (shared by the batch)
	mine       map[string]bool     // this sequence's images
	trialBoots map[string]int      // "host digest" → slot B boots since it was staged
	granted    map[int64]bool      // reservations already checked
	nextID     int
	canaries   int // candidate reservations granted (canary jobs)
	history    []string
}

// newSim adds one sequence to a batch: its own pool, hosts, images and
// random source, so sequences in one store do not see each other.
func newSim(b *batch, seed uint64) *sim {
	s := &sim{t: b.t, b: b, seed: seed, rng: rand.New(rand.NewPCG(seed, 0x1b)), clock: b.clock, store: b.store,
		pool: fmt.Sprintf("lab%d", seed), hosts: b.hosts, behaviour: b.behaviour, trialBoots: map[string]int{}, granted: map[int64]bool{},
		mine: map[string]bool{}}
	ctx := context.Background()
	_, err := s.store.CreatePool(ctx, catalog.Pool{Name: s.pool, CanariesPerClass: 1, MaxUnavailable: 1 + int(seed%2)}, "sim")
	s.must(err)
	base := s.newImage(behGood)
	_, err = s.store.TransitionImage(ctx, base, catalog.ImageTransition{To: catalog.ImageCandidate, Actor: "sim"})
	s.must(err)
	_, err = s.store.PromoteImage(ctx, base, s.pool, true, "sim")
	s.must(err)
	for i := range 3 + int(seed%3) {
		s.addHost(i)
	}
	return s
}

func openSimStore(t *testing.T, clock *fakeClock) *catalog.Store {
	dir := modelDir(t)
	sealer, err := catalog.LoadOrCreateKey(filepath.Join(dir, "key"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := catalog.Open(context.Background(), catalog.Config{Path: filepath.Join(dir, "db"), Sealer: sealer, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func (s *sim) must(err error) {
	if err != nil {
		s.t.Helper()
		s.t.Fatalf("seed %d: setup: %v", s.seed, err)
	}
}

func (s *sim) addHost(i int) {
	name := fmt.Sprintf("s%d-h%d", s.seed, i)
	fw := []string{"bios", "uefi"}[i%2]
	_, err := s.store.CreateHost(context.Background(), catalog.NewHost{Name: name, Pool: s.pool, Firmware: fw,
		MACs: []string{fmt.Sprintf("52:54:%02x:%02x:%02x:%02x", s.seed>>16&0xff, s.seed>>8&0xff, s.seed&0xff, i+1)},
		BMC:  &catalog.BMCCredentials{BMCInfo: catalog.BMCInfo{Address: fmt.Sprintf("127.0.0.1:%d", 7000+i), Username: "admin"}, Password: catalog.Secret("pw")},
	}, "sim")
	s.must(err)
	s.hosts[name] = &simHost{name: name}
	s.names = append(s.names, name)
}

// newImage imports an image whose boots behave as beh.
func (s *sim) newImage(beh string) string {
	s.nextID++
	sum := sha256.Sum256(fmt.Appendf(nil, "%d/%d", s.seed, s.nextID))
	digest := "sha256:" + hex.EncodeToString(sum[:])
	_, err := s.store.CreateImage(context.Background(), catalog.NewImage{Digest: digest, Name: "img-" + beh,
		Version: fmt.Sprint(s.nextID), Arch: "x86_64", Manifest: []byte(`{}`)}, "sim")
	s.must(err)
	s.behaviour[digest], s.mine[digest] = beh, true
	return digest
}

// heal ends every fault and every reservation: from here on the fleet must
// converge by itself.
func (s *sim) heal() {
	for _, n := range s.names {
		h := s.hosts[n]
		h.hung, h.noNet, h.bmcDown, h.flaky = false, false, false, 0
	}
	ctx := context.Background()
	rs, err := s.store.ListReservations(ctx, catalog.ReservationFilter{Client: s.client(), States: []string{"active", "pending"}})
	s.must(err)
	for _, r := range rs {
		_, err := s.store.ReleaseReservation(ctx, r.ID, r.Client, true)
		s.must(err)
	}
	s.note("faults healed, reservations released")
}
