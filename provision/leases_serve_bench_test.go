package provision

import (
	"context"
	"encoding/binary"
	"net"
	"net/netip"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/insomniacslk/dhcp/dhcpv4"
	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/provision/dhcp"
	"golang.org/x/net/ipv4"
)

// BenchmarkServeDORA runs whole DORAs for new MACs over loopback against
// the real server (sockets, recvmmsg/sendmmsg, offers from the mirror,
// group commit into a catalog on disk with fsync), a relay client keeping
// a window of exchanges in flight. cpu-ns/op is the process's CPU (server
// and client) per completed DORA: less noisy than wall time on a shared
// machine. The relay side binds 127.0.0.2:67 (replies to a relay go to
// port 67), so it needs root and a free port.
func BenchmarkServeDORA(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	relay, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 2), Port: 67})
	if err != nil {
		b.Skipf("relay socket on 127.0.0.2:67: %v", err)
	}
	defer relay.Close()
	_ = relay.SetReadBuffer(4 << 20)
	srvAddr := serveLoopback(b, ctx)
	c := &doraClient{conn: relay, pc: ipv4.NewPacketConn(relay), server: srvAddr}
	b.ResetTimer()
	cpu0 := benchCPU()
	c.run(b, b.N, 256)
	b.ReportMetric(float64(benchCPU()-cpu0)/float64(b.N), "cpu-ns/op")
}

// serveLoopback starts a full-mode server over a fresh catalog on a
// loopback socket and returns its address.
func serveLoopback(b *testing.B, ctx context.Context) *net.UDPAddr {
	st, err := catalog.Open(ctx, catalog.Config{Path: filepath.Join(b.TempDir(), "catalog.db")})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	l := &Leases{Store: st, First: netip.MustParseAddr("10.64.1.0"), Last: netip.MustParseAddr("10.67.255.254")}
	if err := l.Load(ctx); err != nil {
		b.Fatal(err)
	}
	srv, err := dhcp.New(dhcp.Config{Mode: dhcp.ModeFull, ServerIP: netip.MustParseAddr("10.64.0.1"),
		Subnet: netip.MustParsePrefix("10.64.0.0/14"), Backend: l})
	if err != nil {
		b.Fatal(err)
	}
	sc, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		b.Fatal(err)
	}
	_ = sc.SetReadBuffer(4 << 20)
	done := make(chan struct{})
	go func() { defer close(done); _ = srv.Serve(ctx, sc) }()
	b.Cleanup(func() { sc.Close(); <-done })
	return sc.LocalAddr().(*net.UDPAddr)
}

// doraClient is a relay (giaddr 127.0.0.2) running DORAs for new MACs.
type doraClient struct {
	conn   *net.UDPConn
	pc     *ipv4.PacketConn
	server *net.UDPAddr
	next   uint32 // MAC and xid counter
}

// run completes n DORAs with at most window exchanges in flight; an
// exchange lost for 2 s is started again with a new MAC.
func (c *doraClient) run(b *testing.B, n, window int) {
	inflight := map[uint32]time.Time{}
	done := 0
	ms := make([]ipv4.Message, 64)
	for i := range ms {
		ms[i].Buffers = [][]byte{make([]byte, 1500)}
	}
	for done < n {
		for len(inflight) < min(window, n-done) {
			c.next++
			inflight[c.next] = time.Now()
			c.send(b, c.next, dhcpv4.MessageTypeDiscover, nil)
		}
		_ = c.conn.SetReadDeadline(time.Now().Add(2 * time.Second))
		k, err := c.pc.ReadBatch(ms, 0)
		if err != nil {
			clear(inflight) // lost: start others
			continue
		}
		for _, m := range ms[:k] {
			done += c.handle(b, m.Buffers[0][:m.N], inflight)
		}
	}
}

// handle answers an OFFER with a REQUEST; an ACK completes a DORA.
func (c *doraClient) handle(b *testing.B, p []byte, inflight map[uint32]time.Time) int {
	if len(p) < 240 {
		return 0
	}
	xid := binary.BigEndian.Uint32(p[4:8])
	if _, ok := inflight[xid]; !ok {
		return 0
	}
	switch msgTypeOf(p) {
	case dhcpv4.MessageTypeOffer:
		c.send(b, xid, dhcpv4.MessageTypeRequest, p[16:20])
	case dhcpv4.MessageTypeAck:
		delete(inflight, xid)
		return 1
	default:
		delete(inflight, xid)
	}
	return 0
}

func (c *doraClient) send(b *testing.B, id uint32, mt dhcpv4.MessageType, yiaddr net.IP) {
	mac := net.HardwareAddr{2, 2, byte(id >> 24), byte(id >> 16), byte(id >> 8), byte(id)}
	mods := []dhcpv4.Modifier{dhcpv4.WithMessageType(mt), dhcpv4.WithGatewayIP(net.IPv4(127, 0, 0, 2)),
		dhcpv4.WithTransactionID(dhcpv4.TransactionID(binary.BigEndian.AppendUint32(nil, id)))}
	if yiaddr != nil {
		mods = append(mods, dhcpv4.WithOption(dhcpv4.OptRequestedIPAddress(yiaddr)),
			dhcpv4.WithOption(dhcpv4.OptServerIdentifier(net.IPv4(10, 64, 0, 1))))
	}
	p, err := dhcpv4.New(append([]dhcpv4.Modifier{dhcpv4.WithHwAddr(mac)}, mods...)...)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := c.conn.WriteTo(p.ToBytes(), c.server); err != nil {
		b.Fatal(err)
	}
}

// msgTypeOf finds option 53 in a well-formed reply.
func msgTypeOf(p []byte) dhcpv4.MessageType {
	for i := 240; i+2 < len(p) && p[i] != 255; i += 2 + int(p[i+1]) {
		if p[i] == 53 {
			return dhcpv4.MessageType(p[i+2])
		}
	}
	return dhcpv4.MessageTypeNone
}

func benchCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
