package dhcp

import (
	"fmt"
	"log/slog"
	"net/netip"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Mode says whether the server hands out addresses.
type Mode int

const (
	// ModeFull serves a dedicated segment: addresses, router, DNS and boot.
	ModeFull Mode = iota + 1
	// ModeProxy answers only PXE/HTTP-boot clients and never hands out an
	// address; another DHCP server on the segment does that.
	ModeProxy
)

// String returns "full" or "proxy".
func (m Mode) String() string {
	switch m {
	case ModeFull:
		return "full"
	case ModeProxy:
		return "proxy"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// ParseMode parses "full" or "proxy".
func ParseMode(s string) (Mode, error) {
	switch s {
	case "full":
		return ModeFull, nil
	case "proxy":
		return ModeProxy, nil
	}
	return 0, fmt.Errorf("dhcp mode %q: want full or proxy", s)
}

// Default values used by [Config] when a field is left zero.
const (
	DefaultLeaseTime     = time.Hour
	DefaultBIOSBootFile  = "undionly.kpxe"
	DefaultUEFIBootFile  = "ipxe.efi"
	DefaultARM64BootFile = "ipxe-arm64.efi"
	DefaultWorkers       = 8
	DefaultQueueSize     = 256
	DefaultStaleAfter    = time.Second
)

// Config configures a [Server]. Zero fields take the defaults noted.
type Config struct {
	Mode      Mode   // required
	Interface string // interface for ListenAndServe (SO_BINDTODEVICE)

	ServerIP     netip.Addr // required: our address on the segment, the server identifier
	TFTPAddr     netip.Addr // next-server (siaddr); default ServerIP
	AdvertiseURL string     // base URL of the HTTP server; default http://ServerIP

	// Full mode only.
	Subnet    netip.Prefix  // required in full mode: the lab segment
	Gateway   netip.Addr    // option 3, omitted when zero
	DNS       []netip.Addr  // option 6, omitted when empty
	LeaseTime time.Duration // default DefaultLeaseTime

	// First-stage boot files served over TFTP; for HTTP boot (arch 16 and
	// 19) the client gets {AdvertiseURL}/boot/{file} instead.
	BIOSBootFile  string // arch 0; default DefaultBIOSBootFile
	UEFIBootFile  string // arch 7 and 9; default DefaultUEFIBootFile
	ARM64BootFile string // arch 11; default DefaultARM64BootFile

	// Workers is how many blocking backend calls run at once (a
	// synchronous Backend's Lease, every Release); default DefaultWorkers.
	// The read loop itself parses and answers; an AsyncBackend's commits
	// do not hold a worker.
	Workers int
	// QueueSize is how many blocking calls wait for a worker before more
	// are dropped; default DefaultQueueSize.
	QueueSize int
	// StaleAfter is how long a client waits for an answer: a request the
	// backend did not get to within it is dropped unanswered (default
	// DefaultStaleAfter: iPXE and perfdhcp retry or give up after about a
	// second). Answering it anyway would only make the requests queued
	// behind it stale too.
	StaleAfter time.Duration

	Backend    Backend               // required in full mode
	Observer   Observer              // optional
	Logger     *slog.Logger          // default: discard
	Registerer prometheus.Registerer // default: a private registry
	Now        func() time.Time      // default time.Now
}
