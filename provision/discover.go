package provision

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

// Defaults for discovery: a batch of new hosts costs less than half per
// host at 1,024 than at 64 (BenchmarkDiscover), and a few hundred
// milliseconds before a new MAC shows up as a host is nothing to an admin.
const (
	DefaultDiscoverEvery = 250 * time.Millisecond
	DefaultMaxDiscover   = 4096
)

// discoveries holds the MACs the catalog leased an address to without a
// host, until they are recorded as `new` hosts. Each holds a lease, so
// there are never more than the dynamic range has addresses.
type discoveries struct {
	mu      sync.Mutex
	pending []string
	queued  map[string]bool
}

func (d *discoveries) add(macs ...string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.queued == nil {
		d.queued = map[string]bool{}
	}
	for _, m := range macs {
		if !d.queued[m] {
			d.queued[m] = true
			d.pending = append(d.pending, m)
		}
	}
}

// take removes up to max MACs, oldest first.
func (d *discoveries) take(max int) []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := min(max, len(d.pending))
	out := append([]string(nil), d.pending[:n]...)
	d.pending = append(d.pending[:0], d.pending[n:]...)
	for _, m := range out {
		delete(d.queued, m)
	}
	return out
}

// RunDiscovery records the MACs leased without a host as `new` hosts,
// every DiscoverEvery, until ctx ends. Unknown MACs get their leases
// without it, but only become hosts while it runs. What is still pending
// at a stop or a crash is found again by the next start (the catalog's
// leases without a host).
func (l *Leases) RunDiscovery(ctx context.Context) {
	t := time.NewTicker(or(l.DiscoverEvery, DefaultDiscoverEvery))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := l.FlushDiscoveries(ctx); err != nil && ctx.Err() == nil {
			l.logger().Warn("dhcp: record discovered hosts", "err", err)
		}
	}
}

// FlushDiscoveries records the MACs pending discovery now, in batches of
// at most DefaultMaxDiscover. On an error the batch that failed stays
// pending for the next flush.
func (l *Leases) FlushDiscoveries(ctx context.Context) error {
	for {
		macs := l.disc.take(DefaultMaxDiscover)
		if len(macs) == 0 {
			return nil
		}
		rep, err := l.Store.Discover(ctx, macs)
		if err != nil {
			l.disc.add(macs...)
			return err
		}
		for _, err := range rep.Refused {
			l.logger().Warn("dhcp: a leased MAC cannot be recorded as a host", "err", err)
		}
		if len(rep.Hosts) > 0 {
			l.logger().Info("dhcp: discovered new hosts", "count", len(rep.Hosts), "first", rep.Hosts[0])
		}
	}
}

// queueUndiscovered picks up the leases whose discovery a stop cut short.
func (l *Leases) queueUndiscovered(ctx context.Context) error {
	macs, err := l.Store.Undiscovered(ctx)
	if err != nil {
		return err
	}
	l.disc.add(macs...)
	return nil
}

func (l *Leases) logger() *slog.Logger {
	if l.Logger != nil {
		return l.Logger
	}
	return slog.Default()
}

// discoverStore is the part of the catalog that records discovered hosts.
type discoverStore interface {
	Discover(ctx context.Context, macs []string) (catalog.DiscoverReport, error)
	Undiscovered(ctx context.Context) ([]string, error)
}
