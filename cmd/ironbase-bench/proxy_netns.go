package main

import (
	"fmt"
	"net"

	"github.com/ironbase/ironbase/testsuite/lab"
)

// listenUDPIn opens a UDP socket bound to addr inside the named network
// namespace; the socket stays in it.
func listenUDPIn(netns, addr string) (*net.UDPConn, error) {
	var c *net.UDPConn
	err := lab.InNetns(netns, func() error {
		ua, err := net.ResolveUDPAddr("udp4", addr)
		if err == nil {
			c, err = net.ListenUDP("udp4", ua)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("listen %s in %s: %w", addr, netns, err)
	}
	return c, nil
}
