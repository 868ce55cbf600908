package main

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

// buildFleet makes pool "lab" with a promoted image and n hosts, each
// walked to a verified `ready` through the catalog's own API.
func buildFleet(ctx context.Context, path string, n int) (*catalog.Store, error) {
	st, err := catalog.Open(ctx, catalog.Config{Path: path})
	if err != nil {
		return nil, err
	}
	if _, err := st.CreatePool(ctx, catalog.Pool{Name: "lab"}, "bench"); err != nil {
		return nil, err
	}
	im, err := st.CreateImage(ctx, catalog.NewImage{Digest: fmt.Sprintf("sha256:%064x", 7), Name: "deb12",
		Arch: "x86_64", Manifest: []byte(`{}`)}, "bench")
	if err != nil {
		return nil, err
	}
	if _, err := st.PromoteImage(ctx, im.Digest, "lab", true, "bench"); err != nil {
		return nil, err
	}
	for i := range n {
		if err := verifiedHost(ctx, st, i, im.Digest); err != nil {
			st.Close()
			return nil, err
		}
	}
	return st, nil
}

func verifiedHost(ctx context.Context, st *catalog.Store, i int, image string) error {
	name := fmt.Sprintf("h%05d", i)
	mac := fmt.Sprintf("52:54:%02x:%02x:%02x:%02x", byte(i>>24), byte(i>>16), byte(i>>8), byte(i))
	if _, err := st.CreateHost(ctx, catalog.NewHost{Name: name, MACs: []string{mac}, Pool: "lab"}, "bench"); err != nil {
		return err
	}
	if err := st.SetSlot(ctx, name, "A", image, "", "bench"); err != nil {
		return err
	}
	for _, s := range []catalog.HostState{catalog.HostProvisioning, catalog.HostVerifying} {
		if _, err := st.TransitionHost(ctx, name, catalog.HostTransition{To: s}); err != nil {
			return err
		}
	}
	tk, err := st.StartBoot(ctx, name, "A")
	if err != nil {
		return err
	}
	if _, err := st.RecordSuite(ctx, tk.Token, catalog.SuiteReport{Kernel: "6.1", Result: "pass"}); err != nil {
		return err
	}
	_, err = st.TransitionHost(ctx, name, catalog.HostTransition{To: catalog.HostReady})
	return err
}

// cycleRun runs n reserve (1 host, 1 h) + release pairs and returns the
// time they took, with each reserve's latency appended to lat.
func cycleRun(ctx context.Context, st *catalog.Store, n int, prefix string, lat []time.Duration) (time.Duration, []time.Duration, error) {
	start := time.Now()
	for i := range n {
		t0 := time.Now()
		r, err := st.Reserve(ctx, "bench", catalog.ReserveRequest{RequestID: fmt.Sprintf("%s-%d", prefix, i), Pool: "lab",
			Count: 1, Duration: catalog.Duration(time.Hour)})
		lat = append(lat, time.Since(t0))
		if err != nil {
			return 0, nil, err
		}
		if r.State != catalog.ResActive {
			return 0, nil, fmt.Errorf("reservation %d not granted (%s)", r.ID, r.State)
		}
		if _, err := st.ReleaseReservation(ctx, r.ID, "bench", false); err != nil {
			return 0, nil, err
		}
	}
	return time.Since(start), lat, nil
}

// openRaw opens the raw database like the catalog's writer (WAL,
// synchronous=FULL, BEGIN IMMEDIATE, the same statement cache).
func openRaw(ctx context.Context, path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite3", "file:"+path+
		"?_journal_mode=WAL&_busy_timeout=10000&_foreign_keys=1&_synchronous=FULL&_txlock=immediate&_stmt_cache_size=128")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)`); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// rawCommits commits one-row transactions for d and returns how many and
// how long they took.
func rawCommits(ctx context.Context, db *sql.DB, d time.Duration) (int, time.Duration, error) {
	n, start := 0, time.Now()
	for time.Since(start) < d {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return 0, 0, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO t (v) VALUES ('x')`); err != nil {
			tx.Rollback()
			return 0, 0, err
		}
		if err := tx.Commit(); err != nil {
			return 0, 0, err
		}
		n++
	}
	return n, time.Since(start), nil
}
