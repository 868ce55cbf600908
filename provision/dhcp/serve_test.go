package dhcp

import (
	"context"
	"net"
	"net/netip"
	"sync/atomic"
	"testing"

	"github.com/insomniacslk/dhcp/dhcpv4"
)

// startServe runs s.Serve on conns and returns a stop func that cancels
// and checks Serve's result.
func startServe(t *testing.T, s *Server, conns ...net.PacketConn) func() {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, conns...) }()
	stop := func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	}
	t.Cleanup(func() { cancel() })
	return stop
}

func TestServeAnswersAndStops(t *testing.T) {
	s, _ := newTestServer(t, ModeProxy, nil)
	c67, c4011 := newFakeConn(67), newFakeConn(4011)
	stop := startServe(t, s, c67, c4011)
	client := &net.UDPAddr{IP: ip4("10.9.0.77"), Port: 68}

	c67.in <- datagram{packet(t, "52:54:00:00:00:02", dhcpv4.MessageTypeDiscover, pxeClient(7)...), client}
	got := <-c67.out
	if got.addr.String() != "255.255.255.255:68" {
		t.Errorf("proxy offer went to %v, want broadcast", got.addr)
	}
	c4011.in <- datagram{packet(t, "52:54:00:00:00:02", dhcpv4.MessageTypeRequest, pxeClient(7)...), client}
	got = <-c4011.out
	if got.addr.String() != client.String() {
		t.Errorf("4011 answer went to %v, want %v", got.addr, client)
	}
	p, err := dhcpv4.FromBytes(got.data)
	if err != nil || p.MessageType() != dhcpv4.MessageTypeAck || p.BootFileName != "ipxe.efi" {
		t.Errorf("got %v (%v), want an ACK booting ipxe.efi", p, err)
	}
	stop()
}

// gateBackend blocks every Lease until gate is closed and records the
// most calls in flight at once.
type gateBackend struct {
	gate           chan struct{}
	inFlight, most atomic.Int32
	Backend
}

func (b *gateBackend) Lease(ctx context.Context, req LeaseRequest) (Lease, error) {
	n := b.inFlight.Add(1)
	defer b.inFlight.Add(-1)
	for {
		m := b.most.Load()
		if n <= m || b.most.CompareAndSwap(m, n) {
			break
		}
	}
	<-b.gate
	return Lease{IP: netip.MustParseAddr("10.9.0.100")}, nil
}

func TestServeBoundsWork(t *testing.T) {
	be := &gateBackend{gate: make(chan struct{})}
	s, err := New(Config{Mode: ModeFull, ServerIP: testServerIP, Subnet: netip.MustParsePrefix("10.9.0.0/24"),
		Backend: be, Workers: 1, QueueSize: 1, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	conn := newFakeConn(67)
	stop := startServe(t, s, conn)
	const storm = 20
	for range storm + 1 { // the extra send proves the first storm packets were queued or dropped
		conn.in <- datagram{packet(t, "52:54:00:00:00:02", dhcpv4.MessageTypeDiscover), nil}
	}
	if got := counterValue(t, s.metrics.drops.WithLabelValues(dropOverload)); got < storm-2 {
		t.Errorf("overload drops: got %v, want at least %d", got, storm-2)
	}
	close(be.gate)
	stop()
	if got := be.most.Load(); got != 1 {
		t.Errorf("backend calls in flight: got at most %d, want 1 (Workers=1)", got)
	}
}
