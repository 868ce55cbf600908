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
// for a REQUEST: each MAC becomes a discovered `new` host (with its event)
// holding an address picked from the range, one transaction per lease,
// exactly as if n clients had completed a DORA. The MACs (02:01:…) never
// collide with the new clients of a trial (02:02:…).
// The known hosts (-known) are enrolled first, so the leases steer clear
// of their addresses.
func prefillLeases(ctx context.Context, path string, n, known int) error {
	st, err := catalog.Open(ctx, catalog.Config{Path: path})
	if err != nil {
		return fmt.Errorf("prefill: %w", err)
	}
	if err := enrolKnown(ctx, st, known); err != nil {
		st.Close()
		return fmt.Errorf("prefill: %w", err)
	}
	for i := range n {
		mac := macString(uint64(prefillMAC + i))
		_, err := st.Lease(ctx, catalog.LeaseQuery{MAC: mac, Commit: true, Duration: time.Hour, Hold: time.Minute,
			First: labFirst, Last: labLast, Requested: netip.Addr{}})
		if err != nil {
			st.Close()
			return fmt.Errorf("prefill lease %d (%s): %w", i, mac, err)
		}
	}
	return st.Close() // checkpoints the WAL: the .db file alone is the template
}
