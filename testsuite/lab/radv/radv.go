// Package radv sends minimal IPv6 router advertisements on the lab
// segment. iPXE waits for one (about 13 s) before it fetches its boot
// script; an advertisement that announces no router, no prefix and no
// DHCPv6 ends that wait at once without giving anyone an IPv6 route.
package radv

import (
	"context"
	"fmt"
	"net"
	"syscall"
	"time"
)

// advert is an ICMPv6 router advertisement (type 134): hop limit 64, no
// flags, router lifetime 0, no options. The kernel fills the checksum.
var advert = []byte{134, 0, 0, 0, 64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}

// Run sends an advertisement to all nodes on iface every interval until
// ctx ends. Sends fail while iface has no link-local address (a bridge
// without a running VM has no carrier); those are retried at the next tick.
func Run(ctx context.Context, iface string, interval time.Duration) error {
	conn, err := net.ListenPacket("ip6:ipv6-icmp", "::")
	if err != nil {
		return fmt.Errorf("radv: %w", err)
	}
	defer conn.Close()
	if err := hopLimit255(conn.(*net.IPConn)); err != nil {
		return err
	}
	dst := &net.IPAddr{IP: net.ParseIP("ff02::1"), Zone: iface}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		conn.WriteTo(advert, dst) //nolint:errcheck // retried at the next tick
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// hopLimit255: hosts ignore an advertisement with another hop limit.
func hopLimit255(c *net.IPConn) error {
	raw, err := c.SyscallConn()
	if err != nil {
		return fmt.Errorf("radv: %w", err)
	}
	var serr error
	err = raw.Control(func(fd uintptr) {
		serr = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_IPV6, syscall.IPV6_MULTICAST_HOPS, 255)
	})
	if err == nil {
		err = serr
	}
	if err != nil {
		return fmt.Errorf("radv: hop limit: %w", err)
	}
	return nil
}
