package main

import (
	"context"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/insomniacslk/dhcp/dhcpv4"
)

// fakeDHCPNet is the shared client socket with a server behind it: every
// request is answered at once with the right reply, preceded by a reply
// to another MAC with the same xid and one to an xid nobody uses; both
// must be ignored.
type fakeDHCPNet struct {
	replies chan []byte
	closed  chan struct{}
	once    sync.Once
}

func newFakeDHCPNet() *fakeDHCPNet {
	return &fakeDHCPNet{replies: make(chan []byte, 1024), closed: make(chan struct{})}
}

func (f *fakeDHCPNet) ReadFrom(b []byte) (int, net.Addr, error) {
	select {
	case p := <-f.replies:
		return copy(b, p), &net.UDPAddr{Port: 67}, nil
	case <-f.closed:
		return 0, nil, net.ErrClosed
	}
}

func (f *fakeDHCPNet) WriteTo(p []byte, _ net.Addr) (int, error) {
	req, err := dhcpv4.FromBytes(p)
	if err != nil {
		return 0, err
	}
	typ := map[dhcpv4.MessageType]dhcpv4.MessageType{
		dhcpv4.MessageTypeDiscover: dhcpv4.MessageTypeOffer, dhcpv4.MessageTypeRequest: dhcpv4.MessageTypeAck}[req.MessageType()]
	mac := req.ClientHWAddr
	yiaddr := net.IPv4(10, mac[3], mac[4], mac[5])
	other := *req
	other.ClientHWAddr = net.HardwareAddr{2, 0, 0, 0, 0, 0}
	stranger := *req
	stranger.TransactionID = dhcpv4.TransactionID{0xff, 0xff, 0xff, 0xff}
	for _, r := range []*dhcpv4.DHCPv4{&other, &stranger, req} {
		reply, err := dhcpv4.NewReplyFromRequest(r, dhcpv4.WithMessageType(typ), dhcpv4.WithYourIP(yiaddr),
			dhcpv4.WithServerIP(net.IPv4(10, 0, 0, 1)),
			dhcpv4.WithOption(dhcpv4.OptServerIdentifier(net.IPv4(10, 0, 0, 1))))
		if err != nil {
			return 0, err
		}
		f.replies <- reply.ToBytes()
	}
	return len(p), nil
}

func (f *fakeDHCPNet) Close() error                     { f.once.Do(func() { close(f.closed) }); return nil }
func (f *fakeDHCPNet) LocalAddr() net.Addr              { return &net.UDPAddr{Port: 68} }
func (f *fakeDHCPNet) SetDeadline(time.Time) error      { return nil }
func (f *fakeDHCPNet) SetReadDeadline(time.Time) error  { return nil }
func (f *fakeDHCPNet) SetWriteDeadline(time.Time) error { return nil }

// TestDHCPDemux runs 200 hosts' DORAs at once over one shared socket:
// each must get its own offer and ack, without a retransmission.
func TestDHCPDemux(t *testing.T) {
	f := newFakeDHCPNet()
	d := newStormDHCP(f)
	defer f.Close()
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Go(func() {
			h := &stormHost{index: i, mac: mustMAC(t, stormMAC(i))}
			ack, retries, err := d.dora(context.Background(), h.mac, h.xid(1), stormPXEOptions(h.guid(), false),
				[]time.Duration{time.Minute})
			if err != nil {
				t.Errorf("host %d: %v", i, err)
				return
			}
			want := net.IPv4(10, h.mac[3], h.mac[4], h.mac[5])
			if !ack.YourIPAddr.Equal(want) || ack.ClientHWAddr.String() != h.mac.String() || retries != 0 {
				t.Errorf("host %d: got ack for %s with %s after %d retries, want %s, 0 retries",
					i, ack.ClientHWAddr, ack.YourIPAddr, retries, want)
			}
		})
	}
	wg.Wait()
	d.mu.Lock()
	defer d.mu.Unlock()
	if n := len(d.waiting); n != 0 {
		t.Errorf("%d xids still registered after every DORA ended", n)
	}
}

func TestPXEOptions(t *testing.T) {
	m, err := dhcpv4.NewDiscovery(mustMAC(t, stormMAC(1)), optionsAsModifiers(stormPXEOptions([16]byte{}, true))...)
	if err != nil {
		t.Fatal(err)
	}
	if m.ClassIdentifier() != "PXEClient:Arch:00000:UNDI:002001" || len(m.ClientArch()) != 1 ||
		len(m.UserClass()) != 1 || m.UserClass()[0] != "iPXE" || !m.Options.Has(dhcpv4.GenericOptionCode(175)) {
		t.Errorf("iPXE discover: class %q, arch %v, user class %q, 175 %v", m.ClassIdentifier(), m.ClientArch(),
			m.UserClass(), m.Options.Has(dhcpv4.GenericOptionCode(175)))
	}
}

func optionsAsModifiers(opts []dhcpv4.Option) []dhcpv4.Modifier {
	var mods []dhcpv4.Modifier
	for _, o := range opts {
		mods = append(mods, dhcpv4.WithOption(o))
	}
	return mods
}

func mustMAC(t *testing.T, s string) net.HardwareAddr {
	t.Helper()
	m, err := net.ParseMAC(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
