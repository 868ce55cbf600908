package provision

import (
	"context"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/ironbase/ironbase/provision/dhcp"
)

// dhcpNoter is the part of the catalog that records "DHCP seen".
type dhcpNoter interface {
	NoteDHCP(ctx context.Context, hosts ...string) error
}

// DHCPSeen collects the enrolled hosts the DHCP server answered and writes
// them to the catalog in batches, so a boot storm costs one transaction
// per flush, not one per packet; the controller's DHCP watchdog reads them.
type DHCPSeen struct {
	Store  dhcpNoter
	Logger *slog.Logger
	mu     sync.Mutex
	hosts  map[string]bool
}

// Add notes one answered request; it never blocks on the catalog.
func (d *DHCPSeen) Add(c dhcp.ClientSeen) {
	if c.HostID == "" {
		return
	}
	d.mu.Lock()
	if d.hosts == nil {
		d.hosts = map[string]bool{}
	}
	d.hosts[c.HostID] = true
	d.mu.Unlock()
}

// Flush writes what was collected.
func (d *DHCPSeen) Flush(ctx context.Context) error {
	d.mu.Lock()
	hosts := slices.Sorted(maps.Keys(d.hosts))
	clear(d.hosts)
	d.mu.Unlock()
	if len(hosts) == 0 {
		return nil
	}
	return d.Store.NoteDHCP(ctx, hosts...)
}

// Run flushes every interval until ctx ends.
func (d *DHCPSeen) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := d.Flush(ctx); err != nil && ctx.Err() == nil {
			d.Logger.Warn("record DHCP seen", "err", err)
		}
	}
}
