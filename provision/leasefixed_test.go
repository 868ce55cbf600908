package provision

import (
	"context"
	"errors"
	"net/netip"
	"sync/atomic"
	"testing"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/provision/dhcp"
)

// countingStore counts the lease transactions that reach the catalog.
type countingStore struct {
	*catalog.Store
	batches atomic.Int64
}

func (c *countingStore) LeaseBatch(ctx context.Context, qs []catalog.LeaseQuery) ([]catalog.LeaseResult, error) {
	c.batches.Add(1)
	return c.Store.LeaseBatch(ctx, qs)
}

// An enrolled host's REQUEST for its fixed address is ACKed from the
// mirror once the catalog has fixed the address, before and after a
// restart; a REQUEST for another address still goes to the catalog and
// is refused there.
func TestLeasesFixedAddressAckedFromMemory(t *testing.T) {
	lab := newLeaseLab(t, "10.0.0.10", "10.0.0.20")
	ctx := context.Background()
	if _, err := lab.store.CreateHost(ctx, catalog.NewHost{Name: "n1", MACs: []string{"52:54:00:00:00:01"}}, "t"); err != nil {
		t.Fatal(err)
	}
	for restart := range 2 {
		st := &countingStore{Store: lab.store}
		lab.l.Store = st
		first, err := lab.lease("52:54:00:00:00:01", true, netip.Addr{})
		if err != nil || first.HostID != "n1" {
			t.Fatalf("restart %d: first ACK = %+v, %v", restart, first, err)
		}
		fixed := st.batches.Load()
		for _, req := range []netip.Addr{{}, first.IP} {
			ack, err := lab.lease("52:54:00:00:00:01", true, req)
			if err != nil || ack.IP != first.IP || ack.HostID != "n1" {
				t.Errorf("restart %d: renewal asking for %v = %+v, %v; want %s for n1", restart, req, ack, err, first.IP)
			}
		}
		if n := st.batches.Load() - fixed; n != 0 {
			t.Errorf("restart %d: renewals of a fixed address took %d catalog transactions, want none", restart, n)
		}
		other := netip.MustParseAddr("10.0.0.20")
		if other == first.IP {
			other = netip.MustParseAddr("10.0.0.19")
		}
		if _, err := lab.lease("52:54:00:00:00:01", true, other); !errors.Is(err, dhcp.ErrAddressUnavailable) {
			t.Errorf("restart %d: asking for %s instead = %v, want a NAK", restart, other, err)
		}
		if st.batches.Load() == fixed {
			t.Errorf("restart %d: a REQUEST for another address did not reach the catalog", restart)
		}
		lab.open(t, "10.0.0.10", "10.0.0.20")
	}
}
