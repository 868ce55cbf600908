package provision

import (
	"context"
	"encoding/json"

	"github.com/ironbase/ironbase/catalog"
)

// checkInvariants checks DESIGN.md's invariants against the store and the
// simulated hardware after every step, with one read of each kind for the
// whole batch.
func (b *batch) checkInvariants() {
	b.pw.mu.Lock()
	violations := b.pw.violations
	b.pw.violations = nil
	b.pw.mu.Unlock()
	bySim := map[string]*sim{}
	for _, s := range b.sims {
		bySim[s.pool] = s
	}
	for _, v := range violations {
		b.t.Errorf("%s", v)
	}
	ctx := context.Background()
	rs, err := b.store.ListReservations(ctx, catalog.ReservationFilter{States: []string{"active"}})
	b.must(err)
	view, err := b.store.LifecycleView(ctx)
	b.must(err)
	pis, err := b.store.ListPoolImages(ctx)
	b.must(err)
	promoted := map[string]string{}
	for _, p := range pis {
		promoted[p.Pool] = p.Promoted
	}
	b.checkReservations(bySim, rs, view, promoted)
	b.checkImages()
	for _, s := range b.sims {
		for k, n := range s.trialBoots {
			if n > 1 {
				s.failf("trial booted slot B %d times (%s): a trial boots B exactly once", n, k)
			}
		}
	}
}

func (b *batch) must(err error) {
	if err != nil {
		b.t.Helper()
		b.t.Fatal(err)
	}
}

// checkReservations: invariant 1 for every newly granted reservation, and
// reserved hosts ⇔ active reservations.
func (b *batch) checkReservations(bySim map[string]*sim, rs []catalog.Reservation, view catalog.LifeView, promoted map[string]string) {
	holders := map[string]int{}
	for _, r := range rs {
		s := bySim[r.Pool]
		if !s.granted[r.ID] {
			s.granted[r.ID] = true
			s.checkGrant(r, promoted[r.Pool])
		}
		for _, h := range r.Hosts {
			holders[h.Host]++
		}
	}
	for _, h := range view.Hosts {
		want := 0
		if h.State == catalog.HostReserved {
			want = 1
		}
		if holders[h.Name] != want {
			bySim[h.Pool].failf("host %s is %s and held by %d active reservations", h.Name, h.State, holders[h.Name])
		}
	}
}

// checkGrant is invariant 1: granted hosts run their slot A image, which is
// the pool's promoted image, and that boot passed — or they run the
// candidate the reservation asked for.
func (s *sim) checkGrant(r catalog.Reservation, promoted string) {
	for _, h := range r.Hosts {
		switch {
		case h.Suite != "pass":
			s.failf("invariant 1: reservation %d got %s whose boot %d has suite %q", r.ID, h.Host, h.Boot, h.Suite)
		case r.Image != "" && h.Image != r.Image:
			s.failf("invariant 1: reservation %d asked for %.15s and got %s on %.15s", r.ID, r.Image, h.Host, h.Image)
		case r.Image == "" && (h.Slot != "A" || h.Image != promoted):
			s.failf("invariant 1: reservation %d got %s on slot %s image %.15s; promoted is %.15s", r.ID, h.Host, h.Slot, h.Image, promoted)
		case s.behaviour[h.Image] != behGood:
			s.failf("invariant 1: reservation %d got %s on a %s image", r.ID, h.Host, s.behaviour[h.Image])
		}
	}
	if r.Image != "" {
		s.canaries++
	}
	s.note("granted reservation %d: %d host(s)", r.ID, len(r.Hosts))
}

// checkImages follows every image state change in the event log since
// the last step: no image that breaks a host is ever verified or promoted.
func (b *batch) checkImages() {
	for {
		evs, err := b.store.ListEvents(context.Background(), catalog.EventFilter{Since: b.lastEvent, Kind: "image.state", Limit: 1000})
		b.must(err)
		if len(evs) == 0 {
			return
		}
		for _, e := range evs {
			b.lastEvent = e.ID
			var d struct{ To catalog.ImageState }
			b.must(json.Unmarshal(e.Data, &d))
			b.images[e.Subject] = d.To
			if beh := b.behaviour[e.Subject]; beh != behGood && (d.To == catalog.ImageVerified || d.To == catalog.ImagePromoted) {
				b.t.Errorf("image %.15s that is %s became %s", e.Subject, beh, d.To)
			}
		}
	}
}
