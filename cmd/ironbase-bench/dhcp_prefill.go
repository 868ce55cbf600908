package main

import (
	"context"
	"fmt"
	"net/netip"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

// prefillLeases writes n committed one-hour leases into a new catalog at
// path through catalog.Store.Lease, the call ironbase's DHCP server makes
// for a REQUEST, one transaction per lease, and records their MACs as
// discovered `new` hosts (with their events) through catalog.Store.Discover,
// as the server's discovery does: exactly as if n clients had completed a
// DORA. The MACs (02:01:…) never collide with the new clients of a trial
// (02:02:…).
func prefillLeases(ctx context.Context, path string, n int) error {
	st, err := catalog.Open(ctx, catalog.Config{Path: path})
	if err != nil {
		return fmt.Errorf("prefill: %w", err)
	}
	macs := make([]string, n)
	for i := range n {
		m := uint64(prefillMAC + i)
		macs[i] = fmt.Sprintf("%02x:%02x:%02x:%02x:%02x:%02x", byte(m>>40), byte(m>>32), byte(m>>24), byte(m>>16), byte(m>>8), byte(m))
		_, err := st.Lease(ctx, catalog.LeaseQuery{MAC: macs[i], Commit: true, Duration: time.Hour, Hold: time.Minute,
			First: labFirst, Last: labLast, Requested: netip.Addr{}})
		if err != nil {
			st.Close()
			return fmt.Errorf("prefill lease %d (%s): %w", i, macs[i], err)
		}
	}
	rep, err := st.Discover(ctx, macs)
	if err == nil && len(rep.Hosts) != n {
		err = fmt.Errorf("%d of %d recorded, refused: %v", len(rep.Hosts), n, rep.Refused)
	}
	if err != nil {
		st.Close()
		return fmt.Errorf("prefill discovery: %w", err)
	}
	return st.Close() // checkpoints the WAL: the .db file alone is the template
}
