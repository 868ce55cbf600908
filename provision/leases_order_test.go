package provision

import (
	"context"
	"net/netip"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/provision/dhcp"
)

// gatedStore is a leaseStore whose batches wait at a gate; it notes a
// release that reaches it while a batch is still being written.
type gatedStore struct {
	started   chan struct{} // closed when the first batch began
	gate      chan struct{}
	inBatch   atomic.Bool
	released  atomic.Bool
	overlap   atomic.Bool
	startOnce sync.Once
}

func (g *gatedStore) LeaseBatch(_ context.Context, qs []catalog.LeaseQuery) ([]catalog.LeaseResult, error) {
	g.inBatch.Store(true)
	defer g.inBatch.Store(false)
	g.startOnce.Do(func() { close(g.started) })
	<-g.gate
	res := make([]catalog.LeaseResult, len(qs))
	for i, q := range qs {
		res[i].Answer = catalog.LeaseAnswer{IP: q.Requested, Host: "h"}
	}
	return res, nil
}

func (g *gatedStore) ReleaseLease(context.Context, string, netip.Addr, bool, time.Duration) error {
	g.overlap.Store(g.overlap.Load() || g.inBatch.Load())
	g.released.Store(true)
	return nil
}

func (g *gatedStore) LeaseView(context.Context) (catalog.LeaseView, error) {
	return catalog.LeaseView{}, nil
}

func (g *gatedStore) LeaseViewFor(context.Context, string, netip.Addr) (catalog.LeaseView, error) {
	return catalog.LeaseView{}, nil
}

// A RELEASE does not reach the catalog while a batch that may renew the
// same lease is being written, so the mirror takes the two outcomes in
// the order the catalog did.
func TestLeasesReleaseWaitsForTheBatchInFlight(t *testing.T) {
	st := &gatedStore{started: make(chan struct{}), gate: make(chan struct{})}
	ip := netip.MustParseAddr("10.0.0.10")
	l := &Leases{Store: st, First: ip, Last: netip.MustParseAddr("10.0.0.20")}
	ctx := context.Background()
	acked := make(chan error, 1)
	l.LeaseAsync(ctx, dhcp.LeaseRequest{MAC: hw("52:54:00:00:00:01"), Commit: true, Requested: ip,
		LeaseTime: time.Minute}, func(_ dhcp.Lease, err error) { acked <- err })
	<-st.started
	released := make(chan error, 1)
	go func() {
		released <- l.Release(ctx, dhcp.ReleaseRequest{MAC: hw("52:54:00:00:00:01"), IP: ip})
	}()
	for i := 0; i < 1000 && !st.released.Load(); i++ {
		runtime.Gosched() // give a release that does not wait every chance to overtake
	}
	close(st.gate)
	if err := <-acked; err != nil {
		t.Fatal(err)
	}
	if err := <-released; err != nil {
		t.Fatal(err)
	}
	if st.overlap.Load() {
		t.Error("the release was written while a batch was in flight")
	}
	if got, _ := l.Lease(ctx, dhcp.LeaseRequest{MAC: hw("52:54:00:00:00:02"), Requested: ip}); got.IP != ip {
		t.Errorf("after the release, another MAC was offered %s, want the released %s", got.IP, ip)
	}
}
