package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
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

// cycleRun runs n reserve (1 host, 1 h) + release pairs from k concurrent
// clients and returns the time they took, with each reserve's latency
// appended to lat.
func cycleRun(ctx context.Context, st *catalog.Store, n, k int, prefix string, lat []time.Duration) (time.Duration, []time.Duration, error) {
	var mu sync.Mutex
	start := time.Now()
	err := fanOut(k, func(c int) error {
		for i := c; i < n; i += k {
			t0 := time.Now()
			r, err := st.Reserve(ctx, "bench", catalog.ReserveRequest{RequestID: fmt.Sprintf("%s-%d", prefix, i), Pool: "lab",
				Count: 1, Duration: catalog.Duration(time.Hour)})
			mu.Lock()
			lat = append(lat, time.Since(t0))
			mu.Unlock()
			if err != nil {
				return err
			}
			if r.State != catalog.ResActive {
				return fmt.Errorf("reservation %d not granted (%s)", r.ID, r.State)
			}
			if _, err := st.ReleaseReservation(ctx, r.ID, "bench", false); err != nil {
				return err
			}
		}
		return nil
	})
	return time.Since(start), lat, err
}

// fanOut runs fn(0..k-1) concurrently and returns the first error.
func fanOut(k int, fn func(c int) error) error {
	errs := make([]error, k)
	var wg sync.WaitGroup
	for c := range k {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[c] = fn(c)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
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

// rawCommits commits one-row transactions from k concurrent clients for
// d and returns how many and how long they took. SQLite has one writer:
// the clients take turns, each commit its own fsync.
func rawCommits(ctx context.Context, db *sql.DB, d time.Duration, k int) (int, time.Duration, error) {
	var total atomic.Int64
	start := time.Now()
	err := fanOut(k, func(int) error {
		for time.Since(start) < d {
			if err := rawCommit(ctx, db); err != nil {
				return err
			}
			total.Add(1)
		}
		return nil
	})
	return int(total.Load()), time.Since(start), err
}

func rawCommit(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO t (v) VALUES ('x')`); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
