package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"sync"
	"syscall"
	"time"

	"github.com/insomniacslk/dhcp/dhcpv4"
	"github.com/insomniacslk/dhcp/iana"
	"golang.org/x/sys/unix"
)

// stormDHCP is the one client socket every simulated host shares. All
// hosts set the broadcast flag, so both servers broadcast their replies
// to 255.255.255.255:68; one socket bound to :68 on the client interface
// gets them all and hands each to the host waiting for its xid (and
// chaddr). One reader and a large receive buffer keep the demultiplexer
// from becoming the bottleneck that 1,000 separate NICs would not have.
type stormDHCP struct {
	conn    net.PacketConn
	mu      sync.Mutex
	waiting map[dhcpv4.TransactionID]chan *dhcpv4.DHCPv4
}

// openStormDHCP binds 0.0.0.0:68 on iface with broadcast allowed.
func openStormDHCP(ctx context.Context, iface string) (*stormDHCP, error) {
	lc := net.ListenConfig{Control: func(_, _ string, rc syscall.RawConn) error {
		var opErr error
		err := rc.Control(func(fd uintptr) {
			opErr = errors.Join(unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_BROADCAST, 1),
				unix.BindToDevice(int(fd), iface),
				unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_RCVBUFFORCE, 16<<20))
		})
		return errors.Join(err, opErr)
	}}
	c, err := lc.ListenPacket(ctx, "udp4", "0.0.0.0:68")
	if err != nil {
		return nil, fmt.Errorf("dhcp client socket on %s: %w", iface, err)
	}
	return newStormDHCP(c), nil
}

func newStormDHCP(c net.PacketConn) *stormDHCP {
	d := &stormDHCP{conn: c, waiting: map[dhcpv4.TransactionID]chan *dhcpv4.DHCPv4{}}
	go d.read()
	return d
}

// read demultiplexes replies by xid until the socket is closed. A reply
// nobody waits for (a late duplicate) is dropped.
func (d *stormDHCP) read() {
	buf := make([]byte, 4096)
	for {
		n, _, err := d.conn.ReadFrom(buf)
		if err != nil {
			return
		}
		m, err := dhcpv4.FromBytes(buf[:n])
		if err != nil || m.OpCode != dhcpv4.OpcodeBootReply {
			continue
		}
		d.mu.Lock()
		ch := d.waiting[m.TransactionID]
		d.mu.Unlock()
		select {
		case ch <- m: // a nil ch blocks: the default drops the reply
		default:
		}
	}
}

func (d *stormDHCP) register(xid dhcpv4.TransactionID) chan *dhcpv4.DHCPv4 {
	ch := make(chan *dhcpv4.DHCPv4, 8)
	d.mu.Lock()
	d.waiting[xid] = ch
	d.mu.Unlock()
	return ch
}

func (d *stormDHCP) unregister(xid dhcpv4.TransactionID) {
	d.mu.Lock()
	delete(d.waiting, xid)
	d.mu.Unlock()
}

var stormBroadcast = &net.UDPAddr{IP: net.IPv4bcast, Port: 67}

// exchange broadcasts req and waits for a reply of type want to the same
// chaddr, retransmitting after each timeout in turn; it returns the reply
// and the number of retransmissions. A NAK is an error.
func (d *stormDHCP) exchange(ctx context.Context, ch chan *dhcpv4.DHCPv4, req *dhcpv4.DHCPv4, want dhcpv4.MessageType, timeouts []time.Duration) (*dhcpv4.DHCPv4, int, error) {
	for i, to := range timeouts {
		if _, err := d.conn.WriteTo(req.ToBytes(), stormBroadcast); err != nil {
			return nil, i, fmt.Errorf("send %s: %w", req.MessageType(), err)
		}
		timer := time.NewTimer(stormJitter(to))
		for waiting := true; waiting; {
			select {
			case <-ctx.Done():
				timer.Stop()
				return nil, i, ctx.Err()
			case <-timer.C:
				waiting = false
			case m := <-ch:
				if m.ClientHWAddr.String() != req.ClientHWAddr.String() {
					continue
				}
				if m.MessageType() == dhcpv4.MessageTypeNak {
					timer.Stop()
					return nil, i, fmt.Errorf("NAK to %s: %s", req.MessageType(), m.Message())
				}
				if m.MessageType() == want {
					timer.Stop()
					return m, i, nil
				}
			}
		}
	}
	return nil, len(timeouts) - 1, fmt.Errorf("no %s after %d tries", want, len(timeouts))
}

// dora runs Discover-Offer-Request-Ack with the given client options and
// xid; retries counts retransmissions.
func (d *stormDHCP) dora(ctx context.Context, mac net.HardwareAddr, xid dhcpv4.TransactionID, opts []dhcpv4.Option, timeouts []time.Duration) (*dhcpv4.DHCPv4, int, error) {
	ch := d.register(xid)
	defer d.unregister(xid)
	mods := []dhcpv4.Modifier{dhcpv4.WithTransactionID(xid), dhcpv4.WithBroadcast(true),
		dhcpv4.WithRequestedOptions(dhcpv4.OptionTFTPServerName, dhcpv4.OptionBootfileName,
			dhcpv4.OptionVendorSpecificInformation, dhcpv4.OptionClassIdentifier)}
	for _, o := range opts {
		mods = append(mods, dhcpv4.WithOption(o))
	}
	disc, err := dhcpv4.NewDiscovery(mac, mods...)
	if err != nil {
		return nil, 0, err
	}
	offer, r1, err := d.exchange(ctx, ch, disc, dhcpv4.MessageTypeOffer, timeouts)
	if err != nil {
		return nil, r1, err
	}
	req, err := dhcpv4.NewRequestFromOffer(offer, mods[1:]...)
	if err != nil {
		return nil, r1, err
	}
	ack, r2, err := d.exchange(ctx, ch, req, dhcpv4.MessageTypeAck, timeouts)
	return ack, r1 + r2, err
}

// PXE firmware's options: vendor class PXEClient, arch 0 (BIOS), UNDI
// 2.1 (94) and the machine GUID (97). iPXE adds user class "iPXE" (77,
// as iPXE sends it: the bare string) and its feature option 175.
func stormPXEOptions(guid [16]byte, ipxe bool) []dhcpv4.Option {
	opts := []dhcpv4.Option{
		dhcpv4.OptClassIdentifier("PXEClient:Arch:00000:UNDI:002001"),
		dhcpv4.OptClientArch(iana.INTEL_X86PC),
		dhcpv4.OptGeneric(dhcpv4.OptionClientNetworkInterfaceIdentifier, []byte{1, 2, 1}),
		dhcpv4.OptGeneric(dhcpv4.OptionClientMachineIdentifier, append([]byte{0}, guid[:]...)),
		dhcpv4.OptMaxMessageSize(1260),
	}
	if ipxe {
		opts = append(opts, dhcpv4.OptUserClass("iPXE"),
			dhcpv4.OptGeneric(dhcpv4.GenericOptionCode(175), []byte{19, 1, 1, 16, 1, 2}))
	}
	return opts
}

// stormJitter randomizes a retransmission timeout by up to ±1 s (RFC 2131
// section 4.1), at most by a quarter of it, so clients that lost packets
// together do not retransmit together.
func stormJitter(to time.Duration) time.Duration {
	j := min(time.Second, to/4)
	return to - j + rand.N(2*j+1)
}

// Retransmission schedules: PXE firmware waits 4, 8, 16, 32 s (PXE 2.1);
// iPXE starts at 1 s and doubles.
var (
	stormPXETimeouts  = []time.Duration{4 * time.Second, 8 * time.Second, 16 * time.Second, 32 * time.Second}
	stormIPXETimeouts = []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second}
)
