package catalog

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"
)

// BenchmarkReserveRelease is one reserve + release cycle on a fleet of
// verified hosts (for profiling; the figures to quote come from
// `ironbase-bench reserve`, which compares against raw commits).
func BenchmarkReserveRelease(b *testing.B) {
	for _, n := range []int{200, 10000} {
		b.Run(fmt.Sprintf("hosts=%d", n), func(b *testing.B) { benchReserveRelease(b, n) })
	}
}

func benchReserveRelease(b *testing.B, n int) {
	s := newTestStore(b)
	readyFleet(b, s, 1)
	cloneReadyHost(b, s, "h00", n-1)
	ctx := context.Background()
	b.ResetTimer()
	for i := range b.N {
		if i%n == n-1 {
			b.StopTimer()
			reverifyCleaning(b, s)
			b.StartTimer()
		}
		r, err := s.Reserve(ctx, "bench", ReserveRequest{RequestID: fmt.Sprint(i), Pool: "lab", Count: 1, Duration: Duration(time.Hour)})
		if err != nil || r.State != ResActive {
			b.Fatalf("reserve %d: %+v %v", i, r.State, err)
		}
		if _, err := s.ReleaseReservation(ctx, r.ID, "bench", false); err != nil {
			b.Fatal(err)
		}
	}
}

// reverifyCleaning walks every cleaning host back to a verified ready.
func reverifyCleaning(b testing.TB, s testStore) {
	ctx := context.Background()
	hs, err := s.ListHosts(ctx, HostFilter{State: HostCleaning})
	if err != nil {
		b.Fatal(err)
	}
	for _, h := range hs {
		s.TransitionHost(ctx, h.Name, HostTransition{To: HostVerifying})
		verify(b, s, h.Name, "A", "pass")
	}
}

// cloneReadyHost copies a verified ready host n times (hosts c00000…) in
// one transaction, boot and suite run included: a 10,000-host fleet in a
// second instead of the minute the API takes.
func cloneReadyHost(b testing.TB, s testStore, src string, n int) {
	ctx := context.Background()
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var hid, bid, vid int64
		if err := tx.QueryRowContext(ctx, `SELECT h.id, h.current_boot_id, v.id FROM hosts h
			JOIN verification_runs v ON v.boot_id = h.current_boot_id WHERE h.name = ?`, src).Scan(&hid, &bid, &vid); err != nil {
			return err
		}
		for i := range n {
			if err := cloneHostTx(ctx, tx, hid, bid, vid, i); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

func cloneHostTx(ctx context.Context, tx *sql.Tx, hid, bid, vid int64, i int) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO hosts (name, state, phase, reason, pool_id, arch, firmware, created_at,
		state_since, phase_since) SELECT ?, state, phase, reason, pool_id, arch, firmware, created_at, state_since, phase_since
		FROM hosts WHERE id = ?`, fmt.Sprintf("c%05d", i), hid)
	if err != nil {
		return err
	}
	h, _ := res.LastInsertId()
	if res, err = tx.ExecContext(ctx, `INSERT INTO boots (host_id, slot, image_id, token_hash, kernel, created_at)
		SELECT ?, slot, image_id, ?, kernel, created_at FROM boots WHERE id = ?`, h, fmt.Sprintf("clone-%d", i), bid); err != nil {
		return err
	}
	nb, _ := res.LastInsertId()
	if res, err = tx.ExecContext(ctx, `INSERT INTO verification_runs (boot_id, result, started_at, ended_at)
		SELECT ?, result, started_at, ended_at FROM verification_runs WHERE id = ?`, nb, vid); err != nil {
		return err
	}
	nv, _ := res.LastInsertId()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO slots (host_id, slot, image_id, status) SELECT ?, slot, image_id, status FROM slots WHERE host_id = ?`, []any{h, hid}},
		{`INSERT INTO host_tags (host_id, key, value) SELECT ?, key, value FROM host_tags WHERE host_id = ?`, []any{h, hid}},
		{`INSERT INTO check_results (run_id, name, result, class, expected, observed)
			SELECT ?, name, result, class, expected, observed FROM check_results WHERE run_id = ?`, []any{nv, vid}},
		{`UPDATE hosts SET current_boot_id = ? WHERE id = ?`, []any{nb, h}},
	} {
		if _, err := tx.ExecContext(ctx, q.sql, q.args...); err != nil {
			return err
		}
	}
	return nil
}
