package provision

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/netip"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/provision/dhcp"
)

func hw(s string) net.HardwareAddr { m, _ := net.ParseMAC(s); return m }

// leaseLab is a catalog on disk, its clock, and a Leases backend over it.
type leaseLab struct {
	path  string
	clock *fakeClock
	store *catalog.Store
	l     *Leases
}

func newLeaseLab(t *testing.T, first, last string) *leaseLab {
	t.Helper()
	lab := &leaseLab{path: filepath.Join(t.TempDir(), "db"), clock: &fakeClock{now: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)}}
	lab.open(t, first, last)
	return lab
}

// open (re)opens the catalog and starts a fresh backend over it, as a
// restart of ironbase does.
func (lab *leaseLab) open(t *testing.T, first, last string) {
	t.Helper()
	if lab.store != nil {
		lab.store.Close()
	}
	s, err := catalog.Open(context.Background(), catalog.Config{Path: lab.path, Now: lab.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	lab.store = s
	lab.l = &Leases{Store: s, First: netip.MustParseAddr(first), Last: netip.MustParseAddr(last),
		OfferHold: 10 * time.Second, DeclineHold: time.Minute, Now: lab.clock.Now}
}

func (lab *leaseLab) lease(mac string, commit bool, requested netip.Addr) (dhcp.Lease, error) {
	return lab.l.Lease(context.Background(), dhcp.LeaseRequest{MAC: hw(mac), Commit: commit, Requested: requested,
		LeaseTime: time.Minute})
}

func TestLeasesOfferWritesNothingAndAckIsDurable(t *testing.T) {
	lab := newLeaseLab(t, "10.0.0.10", "10.0.0.20")
	ctx := context.Background()
	offer, err := lab.lease("52:54:00:00:00:01", false, netip.Addr{})
	if err != nil {
		t.Fatal(err)
	}
	if hosts, _ := lab.store.ListHosts(ctx, catalog.HostFilter{}); len(hosts) != 0 {
		t.Errorf("an offer wrote %d hosts, want none: offers live in memory", len(hosts))
	}
	if again, _ := lab.lease("52:54:00:00:00:01", false, netip.Addr{}); again.IP != offer.IP {
		t.Errorf("second offer %s, want the held %s", again.IP, offer.IP)
	}
	other, _ := lab.lease("52:54:00:00:00:02", false, offer.IP)
	if other.IP == offer.IP {
		t.Errorf("an address offered to one MAC was offered to another")
	}
	ack, err := lab.lease("52:54:00:00:00:01", true, offer.IP)
	if err != nil || ack.IP != offer.IP || ack.HostID != "" { // a discovered host is not enrolled
		t.Fatalf("ACK = %+v, %v; want %s and no enrolled host", ack, err, offer.IP)
	}
	lab.open(t, "10.0.0.10", "10.0.0.20") // restart: memory is gone, the catalog is not
	if got, _ := lab.lease("52:54:00:00:00:01", false, netip.Addr{}); got.IP != ack.IP {
		t.Errorf("after restart the client was offered %s, want its lease %s", got.IP, ack.IP)
	}
	if _, err := lab.lease("52:54:00:00:00:03", true, ack.IP); !errors.Is(err, dhcp.ErrAddressUnavailable) {
		t.Errorf("after restart another MAC requested the leased address: err = %v, want a NAK", err)
	}
}

func TestLeasesEnrolledAfterStart(t *testing.T) {
	lab := newLeaseLab(t, "10.0.0.10", "10.0.0.20")
	ctx := context.Background()
	if _, err := lab.lease("52:54:00:00:00:09", false, netip.Addr{}); err != nil { // loads the mirror
		t.Fatal(err)
	}
	if _, err := lab.store.CreateHost(ctx, catalog.NewHost{Name: "n1", MACs: []string{"52:54:00:00:00:01"}}, "t"); err != nil {
		t.Fatal(err)
	}
	offer, _ := lab.lease("52:54:00:00:00:01", false, netip.Addr{})
	ack, err := lab.lease("52:54:00:00:00:01", true, offer.IP)
	if err != nil || ack.HostID != "n1" || ack.IP != offer.IP {
		t.Fatalf("ACK = %+v, %v; want %s for n1", ack, err, offer.IP)
	}
	h, _ := lab.store.Host(ctx, "n1")
	if h.IP != ack.IP.String() {
		t.Errorf("n1's fixed address = %q, want %s", h.IP, ack.IP)
	}
	lab.clock.advance(48 * time.Hour)
	if got, _ := lab.lease("52:54:00:00:00:02", false, ack.IP); got.IP == ack.IP {
		t.Errorf("n1's fixed address was offered to another MAC")
	}
}

// TestLeasesNeverHandOneAddressToTwoMACs drives the backend with random
// DISCOVERs, REQUESTs (for the offered address or a random one), RELEASEs
// and DECLINEs from concurrent clients over a range smaller than the
// clients, with time passing and restarts between rounds. At no moment may
// an address be offered or ACKed to one MAC while another holds an ACK for
// it that has neither expired nor been given back.
func TestLeasesNeverHandOneAddressToTwoMACs(t *testing.T) {
	lab := newLeaseLab(t, "10.0.0.10", "10.0.0.21") // 12 addresses
	ctx := context.Background()
	const clients = 20
	mac := func(i int) string { return fmt.Sprintf("52:54:00:00:03:%02x", i) }
	for i := 0; i < clients; i += 5 {
		lab.store.CreateHost(ctx, catalog.NewHost{Name: fmt.Sprintf("h%d", i), MACs: []string{mac(i)}}, "t")
	}
	b := &ackBook{held: map[netip.Addr]ackHold{}}
	for round := range 8 {
		var wg sync.WaitGroup
		for c := range clients {
			wg.Go(func() {
				rng := rand.New(rand.NewPCG(uint64(round), uint64(c)))
				for range 6 {
					b.step(t, lab, mac(c), rng)
				}
			})
		}
		wg.Wait()
		lab.clock.advance(time.Duration(round%4) * 20 * time.Second)
		if round%3 == 2 {
			lab.open(t, "10.0.0.10", "10.0.0.21")
		}
	}
	if b.acks == 0 || b.naks == 0 {
		t.Errorf("%d ACKs and %d NAKs: the test exercised too little", b.acks, b.naks)
	}
}

// ackBook is what clients were told: who holds which address, until when.
type ackBook struct {
	mu         sync.Mutex
	held       map[netip.Addr]ackHold
	acks, naks int
}

type ackHold struct {
	mac   string
	until time.Time
}

// check fails the test if ip is held by a MAC other than mac.
func (b *ackBook) check(t *testing.T, what, mac string, ip netip.Addr, now time.Time) {
	if h, ok := b.held[ip]; ok && h.mac != mac && now.Before(h.until) {
		t.Errorf("%s %s to %s while %s holds an ACK for it until %v", what, ip, mac, h.mac, h.until)
	}
}

func (b *ackBook) step(t *testing.T, lab *leaseLab, mac string, rng *rand.Rand) {
	offer, err := lab.lease(mac, false, netip.Addr{})
	if err != nil {
		if !errors.Is(err, dhcp.ErrNoAddress) {
			t.Errorf("offer to %s: %v", mac, err)
		}
		return
	}
	b.mu.Lock()
	b.check(t, "offered", mac, offer.IP, lab.clock.Now())
	b.mu.Unlock()
	want := offer.IP
	if rng.IntN(4) == 0 {
		want = netip.AddrFrom4([4]byte{10, 0, 0, byte(10 + rng.IntN(13))})
	}
	ack, err := lab.lease(mac, true, want)
	switch {
	case errors.Is(err, dhcp.ErrAddressUnavailable), errors.Is(err, dhcp.ErrNoAddress), err == nil && ack.IP != want:
		b.mu.Lock()
		b.naks++
		b.mu.Unlock()
		return
	case err != nil:
		t.Errorf("request from %s: %v", mac, err)
		return
	}
	b.mu.Lock()
	now := lab.clock.Now()
	b.check(t, "ACKed", mac, ack.IP, now)
	b.acks++
	until := now.Add(time.Minute)
	if ack.HostID != "" && !strings.HasPrefix(ack.HostID, "mac-") {
		until = now.Add(100 * 365 * 24 * time.Hour) // an enrolled host's fixed address
	}
	b.held[ack.IP] = ackHold{mac: mac, until: until}
	give := rng.IntN(5)
	if give < 2 && until.Before(now.Add(time.Hour)) { // RELEASE or DECLINE: booked before it happens
		delete(b.held, ack.IP)
		if give == 1 {
			b.held[ack.IP] = ackHold{mac: "declined", until: now.Add(time.Minute)}
		}
	}
	b.mu.Unlock()
	if give < 2 {
		if err := lab.l.Release(context.Background(), dhcp.ReleaseRequest{MAC: hw(mac), IP: ack.IP, Declined: give == 1}); err != nil {
			t.Errorf("release from %s: %v", mac, err)
		}
	}
}
