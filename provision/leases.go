package provision

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"sync"
	"time"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/provision/dhcp"
)

// leaseStore is the part of the catalog the DHCP backend needs.
type leaseStore interface {
	LeaseBatch(ctx context.Context, qs []catalog.LeaseQuery) ([]catalog.LeaseResult, error)
	LeaseView(ctx context.Context) (catalog.LeaseView, error)
	LeaseViewFor(ctx context.Context, mac string, ip netip.Addr) (catalog.LeaseView, error)
	ReleaseLease(ctx context.Context, mac string, ip netip.Addr, declined bool, hold time.Duration) error
}

// Defaults for Leases. A batch is bounded so that its replies leave in
// bursts a relay's socket buffer takes: at 64, a batch's ACKs overflowed
// perfdhcp's socket twice as often as at 32, for the same CPU per DORA
// (docs/benchmarks.md, session 7). The queue is bounded so that a storm
// is refused early rather than answered late. Under load, commits begin
// at most every DefaultCommitPace: a few milliseconds on an answer a
// client waits seconds for, which let a batch gather 8 times as many
// leases at 8,000 DORA/s and cost a fifth less CPU per DORA
// (docs/design.md).
const (
	DefaultMaxBatch   = 32
	DefaultMaxQueue   = 4096
	DefaultCommitPace = 5 * time.Millisecond
)

// Leases is the catalog-backed dhcp.Backend: enrolled hosts keep a fixed
// address, unknown MACs are discovered as `new` hosts with expiring leases,
// and everything persists across restarts.
//
// Offers (DISCOVER) are answered from an in-memory mirror of the catalog's
// addresses, loaded on first use, without a database write: an offer is no
// commitment, and the mirror holds an offered address for OfferHold so no
// other MAC is offered it. A REQUEST from an enrolled host for its fixed
// address is answered from the mirror too: the catalog would write
// nothing, and a fixed address never changes (leaseCache.fixedAck).
// Other commits (REQUEST) go to the catalog, which
// decides them inside its write transaction (so no address is ever bound
// to two MACs, whatever the mirror believes), many requests per transaction
// (group commit); a caller gets its answer once its lease is durable.
type Leases struct {
	Store       leaseStore
	First, Last netip.Addr       // the dynamic range
	OfferHold   time.Duration    // how long an offer reserves an address; default 1m
	DeclineHold time.Duration    // how long a declined address rests; default 10m
	MaxBatch    int              // commits per transaction at most; default DefaultMaxBatch
	MaxQueue    int              // commits waiting at most, then refused; default DefaultMaxQueue
	CommitPace  time.Duration    // under load, commits begin at most this often; default DefaultCommitPace, negative: no pacing
	Now         func() time.Time // the mirror's clock; default time.Now

	mu      sync.Mutex // guards the lazy start below
	cache   *leaseCache
	commits *groupCommit
	// writing is held from a catalog lease write until the mirror has
	// taken its outcome in, so the mirror sees writes in the catalog's
	// order (a RELEASE racing a renewal of the same lease).
	writing sync.Mutex
}

var _ dhcp.Backend = (*Leases)(nil)

// Load reads the catalog's addresses into the mirror now, so that the
// first packet does not wait for it and a bad range or an unreadable
// catalog fails the start. Without it the first request loads them.
func (l *Leases) Load(ctx context.Context) error {
	_, err := l.start(ctx)
	return err
}

// start loads the mirror from the catalog once; a failed load is retried
// by the next call.
func (l *Leases) start(ctx context.Context) (*leaseCache, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cache != nil {
		return l.cache, nil
	}
	if !l.First.Is4() || !l.Last.Is4() || l.Last.Less(l.First) {
		return nil, fmt.Errorf("dhcp leases: range %v-%v: want two IPv4 addresses, first ≤ last", l.First, l.Last)
	}
	v, err := l.Store.LeaseView(ctx)
	if err != nil {
		return nil, fmt.Errorf("dhcp leases: load: %w", err)
	}
	c := newLeaseCache(l.First, l.Last)
	c.load(v)
	l.commits = &groupCommit{commit: l.commitBatch, max: orInt(l.MaxBatch, DefaultMaxBatch),
		maxQueue: orInt(l.MaxQueue, DefaultMaxQueue), pace: or(l.CommitPace, DefaultCommitPace), now: l.now}
	l.cache = c
	return c, nil
}

// Lease implements dhcp.Backend.
func (l *Leases) Lease(ctx context.Context, req dhcp.LeaseRequest) (dhcp.Lease, error) {
	ch := make(chan leaseOutcome, 1)
	l.LeaseAsync(ctx, req, func(lease dhcp.Lease, err error) { ch <- leaseOutcome{lease, err} })
	select {
	case o := <-ch:
		return o.lease, o.err
	case <-ctx.Done():
		return dhcp.Lease{}, ctx.Err()
	}
}

type leaseOutcome struct {
	lease dhcp.Lease
	err   error
}

var _ dhcp.AsyncBackend = (*Leases)(nil)

// LeaseAsync implements dhcp.AsyncBackend: an offer, and a commit of an
// enrolled host's fixed address, are answered at once, from memory; any
// other commit joins the next batch and done runs once it is durable, on
// the committing goroutine.
func (l *Leases) LeaseAsync(ctx context.Context, req dhcp.LeaseRequest, done func(dhcp.Lease, error)) {
	k, ok := keyOf(req.MAC)
	if !ok {
		done(dhcp.Lease{}, catalog.Errorf(catalog.KindInvalid, "invalid MAC address %v", req.MAC))
		return
	}
	c, err := l.start(ctx)
	if err != nil {
		done(dhcp.Lease{}, err)
		return
	}
	hold := or(l.OfferHold, time.Minute)
	if !req.Commit {
		done(c.offer(k, req.Requested, l.now(), hold))
		return
	}
	if lease, ok := c.fixedAck(k, req.Requested); ok {
		done(lease, nil) // an enrolled host's own fixed address: nothing to commit
		return
	}
	c.holdRequested(k, req.Requested, l.now(), hold)
	q := catalog.LeaseQuery{MAC: k.String(), Requested: req.Requested, Commit: true,
		Duration: req.LeaseTime, Hold: hold, First: l.First, Last: l.Last}
	l.commits.enqueue(ctx, q, req.Deadline, func(r catalog.LeaseResult) { done(backendAnswer(r)) })
}

// backendAnswer turns a catalog result into the dhcp package's terms.
func backendAnswer(r catalog.LeaseResult) (dhcp.Lease, error) {
	switch {
	case errors.Is(r.Err, catalog.ErrRangeFull):
		return dhcp.Lease{}, fmt.Errorf("%w: %v", dhcp.ErrNoAddress, r.Err)
	case errors.Is(r.Err, catalog.ErrNotYours):
		return dhcp.Lease{}, fmt.Errorf("%w: %v", dhcp.ErrAddressUnavailable, r.Err)
	case r.Err != nil:
		return dhcp.Lease{}, r.Err
	}
	return dhcp.Lease{IP: r.Answer.IP, HostID: enrolledHost(r.Answer)}, nil
}

// enrolledHost is the host of an answer for dhcp.Lease.HostID: only an
// enrolled host's, as the dhcp package documents, not a discovered `new`
// one's (dynamic leases). The server reports HostID to the observer, which
// notes "DHCP seen" for the lifecycle controller, whose business
// discovered hosts are not: noting them cost a catalog write per DORA.
func enrolledHost(a catalog.LeaseAnswer) string {
	if !a.Fixed {
		return ""
	}
	return a.Host
}

// commitBatch commits through the catalog and brings the mirror in step
// with each answer before any caller hears it, in commit order.
func (l *Leases) commitBatch(ctx context.Context, qs []catalog.LeaseQuery) ([]catalog.LeaseResult, error) {
	l.writing.Lock()
	defer l.writing.Unlock()
	res, err := l.Store.LeaseBatch(ctx, qs)
	if err != nil {
		return nil, err
	}
	now := l.now()
	for i, q := range qs {
		k, _ := parseKey(q.MAC)
		switch r := res[i]; {
		case r.Err == nil:
			l.cache.committed(k, r.Answer, now.Add(q.Duration))
		case errors.Is(r.Err, catalog.ErrNotYours), errors.Is(r.Err, catalog.ErrRangeFull):
			l.resync(ctx, k, q.Requested) // the mirror offered what the catalog refused
		}
	}
	return res, nil
}

// resync reloads what the catalog knows about one MAC and one address.
func (l *Leases) resync(ctx context.Context, k macKey, ip netip.Addr) {
	v, err := l.Store.LeaseViewFor(ctx, k.String(), ip)
	if err == nil {
		l.cache.refresh(k, ip, v)
	}
}

// Release implements dhcp.Backend.
func (l *Leases) Release(ctx context.Context, rel dhcp.ReleaseRequest) error {
	k, ok := keyOf(rel.MAC)
	if !ok {
		return catalog.Errorf(catalog.KindInvalid, "invalid MAC address %v", rel.MAC)
	}
	c, err := l.start(ctx)
	if err != nil {
		return err
	}
	hold := or(l.DeclineHold, 10*time.Minute)
	l.writing.Lock()
	defer l.writing.Unlock()
	if err := l.Store.ReleaseLease(ctx, k.String(), rel.IP, rel.Declined, hold); err != nil {
		return err
	}
	until := time.Time{}
	if rel.Declined {
		until = l.now().Add(hold)
	}
	c.released(k, rel.IP, until)
	return nil
}

func (l *Leases) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

func or(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}

func orInt(n, def int) int {
	if n <= 0 {
		return def
	}
	return n
}
