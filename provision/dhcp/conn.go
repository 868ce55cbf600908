package dhcp

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"syscall"

	"golang.org/x/net/ipv4"
	"golang.org/x/sys/unix"
)

// boundConn is a UDP socket bound to one interface that also reports the
// interface each packet arrived on.
type boundConn struct {
	*net.UDPConn
	pc      *ipv4.PacketConn
	ifIndex int
}

// Listen opens 0.0.0.0:port bound to interface iface (SO_BINDTODEVICE)
// with broadcast allowed. Unlike the dhcp library's helper it does not set
// SO_REUSEADDR or SO_REUSEPORT, so a second DHCP server already bound to the
// port on that interface makes Listen fail instead of silently sharing
// traffic. Serve drops packets the kernel reports from another interface.
func Listen(ctx context.Context, iface string, port int) (net.PacketConn, error) {
	ifi, err := net.InterfaceByName(iface)
	if err != nil {
		return nil, fmt.Errorf("dhcp listen: %w", err)
	}
	lc := net.ListenConfig{Control: func(_, _ string, rc syscall.RawConn) error {
		return socketOptions(rc, iface)
	}}
	addr := net.JoinHostPort("0.0.0.0", strconv.Itoa(port))
	c, err := lc.ListenPacket(ctx, "udp4", addr)
	if err != nil {
		return nil, fmt.Errorf("dhcp listen on %s %s: %w", iface, addr, err)
	}
	uc := c.(*net.UDPConn)
	pc := ipv4.NewPacketConn(uc)
	if err := pc.SetControlMessage(ipv4.FlagInterface, true); err != nil {
		_ = uc.Close()
		return nil, fmt.Errorf("dhcp listen: enable interface control messages: %w", err)
	}
	return &boundConn{UDPConn: uc, pc: pc, ifIndex: ifi.Index}, nil
}

// receiveBuffer is the socket receive buffer asked for: a boot storm
// arrives in bursts, and a few milliseconds without the CPU (a loaded
// host) must not overflow the default of about 200 packets.
const receiveBuffer = 4 << 20

// socketOptions sets SO_BROADCAST, SO_BINDTODEVICE and a large receive
// buffer before bind. The buffer is best effort: SO_RCVBUFFORCE needs
// CAP_NET_ADMIN, plain SO_RCVBUF is capped by net.core.rmem_max.
func socketOptions(rc syscall.RawConn, iface string) error {
	var opErr error
	err := rc.Control(func(fd uintptr) {
		opErr = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_BROADCAST, 1)
		if opErr == nil {
			opErr = unix.BindToDevice(int(fd), iface)
		}
		if unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_RCVBUFFORCE, receiveBuffer) != nil {
			_ = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_RCVBUF, receiveBuffer)
		}
	})
	if err != nil {
		return fmt.Errorf("socket control: %w", err)
	}
	if opErr != nil {
		return fmt.Errorf("socket options on %s: %w", iface, opErr)
	}
	return nil
}
