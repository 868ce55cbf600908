package lab

import (
	"fmt"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
)

// Names in the host namespace carry the owning process's id, so
// concurrent runs never collide and a sweep can tell a dead run's labs.
const (
	nsPrefix   = "ironlab-" // network namespace: ironlab-PID-N
	vethPrefix = "il"       // host side of the uplink: ilPID-N (≤ 15 bytes)
)

var labCounter atomic.Int64

// names of one lab.
type names struct {
	id      string // PID-N
	netns   string
	hostIf  string
	linkIdx int // which /30 of linkNet the uplink uses
}

func newNames() names {
	n := labCounter.Add(1)
	id := fmt.Sprintf("%d-%d", os.Getpid(), n)
	return names{id: id, netns: nsPrefix + id, hostIf: vethPrefix + id, linkIdx: (os.Getpid()*31 + int(n)) % linkSlots}
}

// ownerPid parses the pid out of a namespace name (0 when it is not a lab's).
func ownerPid(netns string) int {
	rest, ok := strings.CutPrefix(netns, nsPrefix)
	if !ok {
		return 0
	}
	pid, _, _ := strings.Cut(rest, "-")
	n, err := strconv.Atoi(pid)
	if err != nil {
		return 0
	}
	return n
}

// The uplink between the host namespace and the lab is a /30 out of
// 10.253.0.0/16: .1 on the host side, .2 on the lab side.
const linkSlots = 1 << 14

func linkAddrs(idx int) (host, lab netip.Addr) {
	base := netip.AddrFrom4([4]byte{10, 253, byte(idx >> 6), byte(idx&63) << 2})
	return base.Next(), base.Next().Next()
}

// hostMAC is a host's default MAC: locally administered, unique per lab
// and host index.
func hostMAC(linkIdx, i int) string {
	return fmt.Sprintf("52:54:%02x:%02x:%02x:%02x", 0x1b, byte(linkIdx>>8), byte(linkIdx), byte(i+1))
}
