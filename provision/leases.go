package provision

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"time"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/provision/dhcp"
)

// leaseStore is the part of the catalog the DHCP backend needs.
type leaseStore interface {
	Lease(ctx context.Context, q catalog.LeaseQuery) (catalog.LeaseAnswer, error)
	ReleaseLease(ctx context.Context, mac string, ip netip.Addr, declined bool, hold time.Duration) error
}

// Leases is the catalog-backed dhcp.Backend: enrolled hosts keep a fixed
// address, unknown MACs are discovered as `new` hosts with expiring leases,
// and everything persists across restarts.
type Leases struct {
	Store       leaseStore
	First, Last netip.Addr    // the dynamic range
	OfferHold   time.Duration // how long an offer reserves an address; default 1m
	DeclineHold time.Duration // how long a declined address rests; default 10m
}

var _ dhcp.Backend = (*Leases)(nil)

// Lease implements dhcp.Backend.
func (l *Leases) Lease(ctx context.Context, req dhcp.LeaseRequest) (dhcp.Lease, error) {
	mac, err := catalog.ParseMAC(req.MAC.String())
	if err != nil {
		return dhcp.Lease{}, err
	}
	ans, err := l.Store.Lease(ctx, catalog.LeaseQuery{MAC: mac, Requested: req.Requested, Commit: req.Commit,
		Duration: req.LeaseTime, Hold: or(l.OfferHold, time.Minute), First: l.First, Last: l.Last})
	switch {
	case errors.Is(err, catalog.ErrRangeFull):
		return dhcp.Lease{}, fmt.Errorf("%w: %v", dhcp.ErrNoAddress, err)
	case errors.Is(err, catalog.ErrNotYours):
		return dhcp.Lease{}, fmt.Errorf("%w: %v", dhcp.ErrAddressUnavailable, err)
	case err != nil:
		return dhcp.Lease{}, err
	}
	return dhcp.Lease{IP: ans.IP, HostID: ans.Host}, nil
}

// Release implements dhcp.Backend.
func (l *Leases) Release(ctx context.Context, rel dhcp.ReleaseRequest) error {
	mac, err := catalog.ParseMAC(rel.MAC.String())
	if err != nil {
		return err
	}
	return l.Store.ReleaseLease(ctx, mac, rel.IP, rel.Declined, or(l.DeclineHold, 10*time.Minute))
}

func or(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}
