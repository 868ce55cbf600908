package main

import (
	"encoding/binary"
	"net"
	"syscall"
	"time"
)

// stormTFTPStats splits one transfer's time by who was waited for, from
// the kernel's receive timestamp (SO_TIMESTAMPNS) of each packet taken
// from the server's side of the exchange:
//
//   - Server: from handing a packet (RRQ or ACK) to the kernel until the
//     answer arrived in this namespace's kernel — the server's turnaround
//     plus the veth, both ways;
//   - Client: from that arrival until this client read the packet — the
//     simulator's own scheduling delay, which real firmware, one host per
//     CPU, does not have.
//
// Without kernel timestamps (Kernel false) all of it counts as Server.
// Duplicates from the server's TID count too; packets from another TID
// do not.
type stormTFTPStats struct {
	Retries        int
	Exchanges      int // packets received
	Server, Client time.Duration
	Kernel         bool
}

type stormTFTPClock struct {
	kernel   bool
	lastSent time.Time
	st       stormTFTPStats
}

func (c *stormTFTPClock) sent(now time.Time) { c.lastSent = now }

// received accounts for one packet: rx is the kernel's receive time (zero
// when unknown), read when this client got it.
func (c *stormTFTPClock) received(rx, read time.Time) {
	c.st.Exchanges++
	if rx.IsZero() || rx.After(read) {
		rx = read // no timestamp, or a clock step: no split
	}
	if !c.lastSent.IsZero() && rx.After(c.lastSent) {
		c.st.Server += rx.Sub(c.lastSent)
	}
	c.st.Client += read.Sub(rx)
	c.lastSent = read // later packets without a send of ours in between
}

func (c *stormTFTPClock) stats(retries int) stormTFTPStats {
	st := c.st
	st.Retries, st.Kernel = retries, c.kernel
	return st
}

// stormEnableRxTimestamps asks the kernel to stamp each datagram c
// receives with its arrival time (CLOCK_REALTIME, like time.Now).
func stormEnableRxTimestamps(c *net.UDPConn) error {
	rc, err := c.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	err = rc.Control(func(fd uintptr) {
		serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_TIMESTAMPNS, 1)
	})
	if err != nil {
		return err
	}
	return serr
}

// stormRxTime finds the SCM_TIMESTAMPNS in a datagram's control messages;
// zero when there is none.
func stormRxTime(oob []byte) time.Time {
	msgs, err := syscall.ParseSocketControlMessage(oob)
	if err != nil {
		return time.Time{}
	}
	for _, m := range msgs {
		if m.Header.Level == syscall.SOL_SOCKET && m.Header.Type == syscall.SCM_TIMESTAMPNS && len(m.Data) == 16 {
			e := binary.NativeEndian // struct timespec on a 64-bit Linux
			return time.Unix(int64(e.Uint64(m.Data)), int64(e.Uint64(m.Data[8:])))
		}
	}
	return time.Time{}
}
