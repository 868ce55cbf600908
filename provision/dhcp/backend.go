package dhcp

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"time"
)

// Backend decides addresses in full mode. Implementations must be safe for
// concurrent use and must never give one address to two MACs at once.
type Backend interface {
	// Lease returns the address for req.MAC: the fixed address of an
	// enrolled host, or a lease from the range for an unknown MAC (which the
	// backend may record as a discovered host). A renewal keeps the address.
	// Without Commit (a DISCOVER) the address is only offered and should be
	// held briefly; with Commit (a REQUEST) it is bound for req.LeaseTime.
	// With Commit and a valid req.Requested that this MAC cannot have, Lease
	// returns an error wrapping ErrAddressUnavailable and the server NAKs.
	// ErrNoAddress means the range is exhausted; the client gets no answer.
	Lease(ctx context.Context, req LeaseRequest) (Lease, error)
	// Release gives an address back (DHCPRELEASE), or marks it unusable
	// for a while when the client reports it is in use (DHCPDECLINE).
	Release(ctx context.Context, rel ReleaseRequest) error
}

// Errors a Backend returns (wrapped) to steer the server's answer.
var (
	ErrNoAddress          = errors.New("no free address in the range")
	ErrAddressUnavailable = errors.New("requested address unavailable")
	// ErrStale: the backend did not get to the request before its
	// Deadline and dropped it; the client gets no answer.
	ErrStale = errors.New("request dropped: not handled before its deadline")
	// ErrOverload: the backend has too much queued and dropped the
	// request; the client gets no answer.
	ErrOverload = errors.New("request dropped: backend overloaded")
)

// LeaseRequest is what the server knows when it asks for an address.
type LeaseRequest struct {
	MAC       net.HardwareAddr
	Requested netip.Addr    // option 50 or ciaddr; zero when none
	Relay     netip.Addr    // giaddr of a relayed request; zero when direct
	Hostname  string        // option 12, may be empty
	Commit    bool          // false: offer (DISCOVER); true: bind (REQUEST)
	LeaseTime time.Duration // how long a committed lease lasts
	// Deadline is when the client stops waiting for this answer (the
	// request's arrival plus Config.StaleAfter). A backend that queues
	// work should drop a request it cannot start by then, with ErrStale.
	Deadline time.Time
}

// Lease is a Backend's answer.
type Lease struct {
	IP     netip.Addr
	HostID string // the enrolled host's id; empty for an unknown MAC
}

// ReleaseRequest gives an address back.
type ReleaseRequest struct {
	MAC      net.HardwareAddr
	IP       netip.Addr
	Declined bool // the client found the address in use (DHCPDECLINE)
}

// AsyncBackend is a Backend that batches commits. With one, the server
// does not hold a worker while a REQUEST's lease is committed: it hands the
// request over and answers from done. LeaseAsync calls done exactly once,
// either before it returns (an offer, a refusal) or later from another
// goroutine (a commit, once durable); done must not block for long.
type AsyncBackend interface {
	Backend
	LeaseAsync(ctx context.Context, req LeaseRequest, done func(Lease, error))
}
