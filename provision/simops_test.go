package provision

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

// randomOp does at most one thing a scheduler, an admin or the hardware
// would do, chosen at random.
func (s *sim) randomOp() {
	ops := []struct {
		weight int
		do     func()
	}{
		{12, s.opReserve}, {8, s.opRelease}, {4, s.opStage}, {4, s.opPromote}, {1, s.opRevoke},
		{3, s.opHang}, {2, s.opNoNet}, {3, s.opBMCDown}, {3, s.opFlaky}, {6, s.opHealOne}, {54, func() {}},
	}
	total := 0
	for _, o := range ops {
		total += o.weight
	}
	n := s.rng.IntN(total)
	for _, o := range ops {
		if n < o.weight {
			o.do()
			return
		}
		n -= o.weight
	}
}

// client is the sequence's scheduler: each sequence of a store has its own.
func (s *sim) client() string { return "ci-" + s.pool }

func (s *sim) randomHost() *simHost { return s.hosts[s.names[s.rng.IntN(len(s.names))]] }

func (s *sim) opReserve() {
	image := ""
	if s.rng.IntN(6) == 0 { // an early-warning job asks for a candidate
		image = s.imageIn(catalog.ImageCandidate, catalog.ImageVerified)
	}
	s.reserve(1+s.rng.IntN(2), image)
}

func (s *sim) reserve(count int, image string) {
	s.nextID++
	req := catalog.ReserveRequest{RequestID: fmt.Sprintf("req-%d", s.nextID), Pool: s.pool, Count: count, Image: image,
		Duration: catalog.Duration(time.Duration(2+s.rng.IntN(8)) * time.Minute)}
	r, err := s.store.Reserve(context.Background(), s.client(), req)
	s.note("reserve %d host(s) image=%.15s: %v %s", req.Count, req.Image, err, r.State)
}

func (s *sim) opRelease() {
	rs, err := s.store.ListReservations(context.Background(), catalog.ReservationFilter{Client: s.client(), States: []string{"active", "pending"}})
	s.must(err)
	if len(rs) == 0 {
		return
	}
	r := rs[s.rng.IntN(len(rs))]
	_, err = s.store.ReleaseReservation(context.Background(), r.ID, r.Client, false)
	s.note("release %d (%s): %v", r.ID, r.State, err)
}

func (s *sim) opStage() {
	beh := []string{behGood, behGood, behPanic, behNoNIC, behBadBase}[s.rng.IntN(5)]
	digest := s.newImage(beh)
	staged, err := s.store.StageImage(context.Background(), digest, catalog.StageRequest{Pool: s.pool}, "admin")
	for _, h := range staged {
		delete(s.trialBoots, h+" "+digest)
	}
	s.note("stage %s image %.15s on %v: %v", beh, digest, staged, err)
	if len(staged) > 0 && s.rng.IntN(2) == 0 { // an early-warning job queues for it at once
		s.reserve(1, digest)
	}
}

func (s *sim) opPromote() {
	if v := s.imageIn(catalog.ImageVerified); v != "" {
		_, err := s.store.PromoteImage(context.Background(), v, s.pool, false, "admin")
		s.note("promote %.15s: %v", v, err)
	}
}

func (s *sim) opRevoke() {
	pis, err := s.store.ListPoolImages(context.Background())
	s.must(err)
	for _, p := range pis {
		if p.Pool == s.pool && p.Promoted != "" && p.Fallback != "" {
			_, err := s.store.RevokeImage(context.Background(), p.Promoted, s.pool, "sim revoke", "admin")
			s.note("revoke %.15s: %v", p.Promoted, err)
		}
	}
}

func (s *sim) imageIn(states ...catalog.ImageState) string {
	for _, d := range sortedKeys(s.mine) {
		for _, st := range states {
			if s.b.images[d] == st {
				return d
			}
		}
	}
	return ""
}

func (s *sim) opHang() {
	h := s.randomHost()
	h.hung = true
	s.note("fault: %s hangs", h.name)
}

func (s *sim) opNoNet() {
	h := s.randomHost()
	h.noNet = true
	s.note("fault: %s loses its network", h.name)
}

func (s *sim) opBMCDown() {
	h := s.randomHost()
	h.bmcDown = true
	s.note("fault: BMC of %s vanishes", h.name)
}

func (s *sim) opFlaky() {
	h := s.randomHost()
	h.flaky++
	s.note("fault: the next suite of %s errors (infra)", h.name)
}

func (s *sim) opHealOne() {
	h := s.randomHost()
	h.hung, h.noNet, h.bmcDown = false, false, false
	s.note("heal %s", h.name)
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
