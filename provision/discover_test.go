package provision

import (
	"context"
	"errors"
	"net/netip"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

// hostStates lists the catalog's hosts by name and state.
func hostStates(t *testing.T, s *catalog.Store) map[string]catalog.HostState {
	t.Helper()
	hosts, err := s.ListHosts(context.Background(), catalog.HostFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]catalog.HostState{}
	for _, h := range hosts {
		out[h.Name] = h.State
	}
	return out
}

// An unknown MAC's ACK does not wait for its host: the host is recorded by
// the next flush, once, however often the MAC renews meanwhile.
func TestLeasesDiscoverAfterTheLease(t *testing.T) {
	lab := newLeaseLab(t, "10.0.0.10", "10.0.0.20")
	ctx := context.Background()
	for range 3 {
		if _, err := lab.lease("52:54:00:00:00:01", true, netip.Addr{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := lab.lease("52:54:00:00:00:02", false, netip.Addr{}); err != nil { // an offer: no lease, no host
		t.Fatal(err)
	}
	if hosts := hostStates(t, lab.store); len(hosts) != 0 {
		t.Fatalf("hosts before the flush: %v, want none", hosts)
	}
	if err := lab.l.FlushDiscoveries(ctx); err != nil {
		t.Fatal(err)
	}
	if hosts := hostStates(t, lab.store); len(hosts) != 1 || hosts["mac-525400000001"] != catalog.HostNew {
		t.Errorf("hosts after the flush: %v, want mac-525400000001 new", hosts)
	}
	evs, _ := lab.store.ListEvents(ctx, catalog.EventFilter{Kind: "host.discovered"})
	if len(evs) != 1 {
		t.Errorf("%d host.discovered events, want 1", len(evs))
	}
}

// A stop between a lease and its discovery loses nothing: the next start
// finds the lease without a host and records it.
func TestLeasesDiscoverAfterRestart(t *testing.T) {
	lab := newLeaseLab(t, "10.0.0.10", "10.0.0.20")
	if _, err := lab.lease("52:54:00:00:00:01", true, netip.Addr{}); err != nil {
		t.Fatal(err)
	}
	lab.open(t, "10.0.0.10", "10.0.0.20") // a restart before any flush
	if err := lab.l.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := lab.l.FlushDiscoveries(context.Background()); err != nil {
		t.Fatal(err)
	}
	if hosts := hostStates(t, lab.store); hosts["mac-525400000001"] != catalog.HostNew {
		t.Errorf("hosts after the restart's flush: %v, want mac-525400000001 new", hosts)
	}
}

// failingDiscover fails Discover while fail is set.
type failingDiscover struct {
	*catalog.Store
	fail atomic.Bool
}

func (f *failingDiscover) Discover(ctx context.Context, macs []string) (catalog.DiscoverReport, error) {
	if f.fail.Load() {
		return catalog.DiscoverReport{}, errors.New("disk full")
	}
	return f.Store.Discover(ctx, macs)
}

// A flush the catalog refuses keeps its MACs for the next one.
func TestLeasesDiscoverRetriesAFailedFlush(t *testing.T) {
	lab := newLeaseLab(t, "10.0.0.10", "10.0.0.20")
	st := &failingDiscover{Store: lab.store}
	st.fail.Store(true)
	lab.l.Store = st
	if _, err := lab.lease("52:54:00:00:00:01", true, netip.Addr{}); err != nil {
		t.Fatal(err)
	}
	if err := lab.l.FlushDiscoveries(context.Background()); err == nil || err.Error() != "disk full" {
		t.Fatalf("flush = %v, want the catalog's error", err)
	}
	st.fail.Store(false)
	if err := lab.l.FlushDiscoveries(context.Background()); err != nil {
		t.Fatal(err)
	}
	if hosts := hostStates(t, lab.store); hosts["mac-525400000001"] != catalog.HostNew {
		t.Errorf("hosts after the second flush: %v, want mac-525400000001 new", hosts)
	}
}

// RunDiscovery flushes on its own until its context ends.
func TestLeasesRunDiscovery(t *testing.T) {
	lab := newLeaseLab(t, "10.0.0.10", "10.0.0.20")
	lab.l.DiscoverEvery = time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { lab.l.RunDiscovery(ctx); close(done) }()
	if _, err := lab.lease("52:54:00:00:00:01", true, netip.Addr{}); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); hostStates(t, lab.store)["mac-525400000001"] != catalog.HostNew; {
		if time.Now().After(deadline) {
			t.Fatal("the leased MAC was not recorded as a host within 30 s")
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	<-done
}
