package dhcp

import (
	"context"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/insomniacslk/dhcp/dhcpv4"
)

// countingBackend blocks each Lease until gate is closed and counts calls.
type countingBackend struct {
	gate    chan struct{}
	entered chan struct{} // gets a value when a call starts
	mu      sync.Mutex
	calls   int
	Backend
}

func (b *countingBackend) Lease(ctx context.Context, req LeaseRequest) (Lease, error) {
	b.mu.Lock()
	b.calls++
	b.mu.Unlock()
	b.entered <- struct{}{}
	<-b.gate
	return Lease{IP: netip.MustParseAddr("10.9.0.100")}, nil
}

func TestServeDropsStaleRequests(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
	be := &countingBackend{gate: make(chan struct{}), entered: make(chan struct{}, 8)}
	s, err := New(Config{Mode: ModeFull, ServerIP: testServerIP, Subnet: netip.MustParsePrefix("10.9.0.0/24"),
		Backend: be, Workers: 1, QueueSize: 4, StaleAfter: time.Second, Logger: testLogger(t), Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	conn := newFakeConn(67)
	stop := startServe(t, s, conn)
	for _, mac := range []string{"52:54:00:00:00:01", "52:54:00:00:00:02", "52:54:00:00:00:03"} {
		conn.in <- datagram{packet(t, mac, dhcpv4.MessageTypeDiscover), nil}
	}
	// The read loop takes the next packet only once it queued the one
	// before: …:01 is with the backend, …:02 and …:03 are queued.
	conn.in <- datagram{[]byte("x"), nil}
	<-be.entered
	clock.Advance(2 * time.Second) // the queued ones are now older than StaleAfter
	close(be.gate)
	if got := <-conn.out; got.data == nil {
		t.Error("the request being handled was not answered")
	}
	stop()
	if be.calls != 1 {
		t.Errorf("backend called %d times, want 1: stale requests must not reach it", be.calls)
	}
	if got := counterValue(t, s.metrics.drops.WithLabelValues(dropStale)); got != 2 {
		t.Errorf("stale drops = %v, want 2", got)
	}
	if len(conn.out) != 0 {
		t.Errorf("%d stale requests were answered", len(conn.out))
	}
}

// laterBackend is an AsyncBackend that answers commits only when told.
type laterBackend struct {
	*MemoryBackend
	mu      sync.Mutex
	pending []func()
	queued  chan struct{}
}

func (b *laterBackend) LeaseAsync(ctx context.Context, req LeaseRequest, done func(Lease, error)) {
	if !req.Commit {
		done(b.Lease(ctx, req))
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pending = append(b.pending, func() { done(b.Lease(ctx, req)) })
	b.queued <- struct{}{}
}

func TestServeAnswersAsyncCommitsLater(t *testing.T) {
	s, mem := newTestServer(t, ModeFull, nil)
	be := &laterBackend{MemoryBackend: mem, queued: make(chan struct{}, 4)}
	s.cfg.Backend = be
	conn := newFakeConn(67)
	stop := startServe(t, s, conn)
	conn.in <- datagram{packet(t, "52:54:00:00:00:05", dhcpv4.MessageTypeDiscover), nil}
	offer, err := dhcpv4.FromBytes((<-conn.out).data)
	if err != nil || offer.MessageType() != dhcpv4.MessageTypeOffer {
		t.Fatalf("offer: %v, %v", offer, err)
	}
	conn.in <- datagram{packet(t, "52:54:00:00:00:05", dhcpv4.MessageTypeRequest,
		dhcpv4.WithOption(dhcpv4.OptRequestedIPAddress(offer.YourIPAddr))), nil}
	<-be.queued
	// The read loop is free while the commit is pending: a DISCOVER from
	// someone else is answered first.
	conn.in <- datagram{packet(t, "52:54:00:00:00:06", dhcpv4.MessageTypeDiscover), nil}
	if p, _ := dhcpv4.FromBytes((<-conn.out).data); p == nil || p.MessageType() != dhcpv4.MessageTypeOffer {
		t.Fatalf("while a commit was pending: got %v, want an OFFER", p)
	}
	be.mu.Lock()
	commit := be.pending[0]
	be.mu.Unlock()
	go commit()
	ack, err := dhcpv4.FromBytes((<-conn.out).data)
	if err != nil || ack.MessageType() != dhcpv4.MessageTypeAck || !ack.YourIPAddr.Equal(offer.YourIPAddr) {
		t.Fatalf("ack: %v, %v", ack, err)
	}
	stop()
}

func TestLeaseRequestCarriesDeadline(t *testing.T) {
	s, _ := newTestServer(t, ModeFull, nil)
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	req, _ := dhcpv4.FromBytes(packet(t, "52:54:00:00:00:05", dhcpv4.MessageTypeDiscover))
	if got, want := s.leaseRequest(req, false, at).Deadline, at.Add(DefaultStaleAfter); !got.Equal(want) {
		t.Errorf("deadline %v, want arrival + StaleAfter = %v", got, want)
	}
}
