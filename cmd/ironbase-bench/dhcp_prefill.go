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
func prefillLeases(ctx context.Context, path string, n int) error {
	st, err := catalog.Open(ctx, catalog.Config{Path: path})
	if err != nil {
		return fmt.Errorf("prefill: %w", err)
	}
	for i := range n {
		m := uint64(prefillMAC + i)
		mac := fmt.Sprintf("%02x:%02x:%02x:%02x:%02x:%02x", byte(m>>40), byte(m>>32), byte(m>>24), byte(m>>16), byte(m>>8), byte(m))
		_, err := st.Lease(ctx, catalog.LeaseQuery{MAC: mac, Commit: true, Duration: time.Hour, Hold: time.Minute,
			First: labFirst, Last: labLast, Requested: netip.Addr{}})
		if err != nil {
			st.Close()
			return fmt.Errorf("prefill lease %d (%s): %w", i, mac, err)
		}
	}
	return st.Close() // checkpoints the WAL: the .db file alone is the template
}
