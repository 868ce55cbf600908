package catalog

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"time"
)

// eligible is a host a grant may take, with the provenance of the boot it
// is running (the suite passed: that is what made it eligible).
type eligible struct {
	id, boot           int64
	name, slot, kernel string
	image              string // digest
	checks             []CheckResult
}

// eligibleHosts is DESIGN.md invariant 1 as a query: hosts in `ready`
// whose current boot is their slot A image, that image is the pool's
// promoted (and not corrupt) image, and that boot's latest suite run
// passed — or, for a reservation that explicitly asked for candidate X,
// ready hosts whose current boot is X and passed.
func eligibleHosts(ctx context.Context, tx *sql.Tx, pid int64, p pendingRes, limit int) ([]eligible, error) {
	q, args := eligibleQuery(pid, p, limit)
	return queryEligible(ctx, tx, q, args...)
}

// eligibleQuery is eligibleHosts' statement. Hosts are taken in id order,
// which walks the (pool_id, state) index and stops at the limit; the
// parameters are written +? (see stmtCacheSize).
func eligibleQuery(pid int64, p pendingRes, limit int) (string, []any) {
	q := `SELECT h.id, b.id, h.name, b.slot, b.kernel, COALESCE(i.digest, ''), ` + latestChecks + ` FROM hosts h
		JOIN boots b ON b.id = h.current_boot_id LEFT JOIN images i ON i.id = b.image_id
		WHERE h.pool_id = +? AND h.state = 'ready'
		  AND (SELECT v.result FROM verification_runs v WHERE v.boot_id = b.id ORDER BY v.id DESC LIMIT 1) = 'pass'`
	args := []any{pid}
	if p.imageID != 0 {
		q += ` AND b.image_id = +?`
		args = append(args, p.imageID)
	} else {
		q += ` AND b.slot = 'A'
		  AND b.image_id = (SELECT image_id FROM slots WHERE host_id = h.id AND slot = 'A')
		  AND b.image_id = (SELECT pi.promoted_id FROM pool_images pi JOIN images i ON i.id = pi.promoted_id
		      WHERE pi.pool_id = h.pool_id AND pi.arch = h.arch AND i.state = 'promoted' AND i.corrupt = 0)`
	}
	if p.c.Arch != "" {
		q += ` AND h.arch = +?`
		args = append(args, p.c.Arch)
	}
	for _, k := range slices.Sorted(maps.Keys(p.c.Tags)) {
		q += ` AND EXISTS (SELECT 1 FROM host_tags t WHERE t.host_id = h.id AND t.key = +? AND t.value = +?)`
		args = append(args, k, p.c.Tags[k])
	}
	return q + ` ORDER BY h.id LIMIT +?`, append(args, limit)
}

func queryEligible(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]eligible, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("catalog: eligible hosts: %w", err)
	}
	defer rows.Close()
	var out []eligible
	for rows.Next() {
		var e eligible
		var checks []byte
		if err := rows.Scan(&e.id, &e.boot, &e.name, &e.slot, &e.kernel, &e.image, &checks); err != nil {
			return nil, err
		}
		if e.checks, err = decodeChecks(checks); err != nil {
			return nil, fmt.Errorf("catalog: host %s checks: %w", e.name, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func durationOf(ns int64) time.Duration { return time.Duration(ns) }
