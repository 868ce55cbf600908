package catalog

import (
	"context"
	"database/sql"
	"fmt"
)

// fillProvenance loads, per granted host, the boot it was running when
// granted: slot, image digest, kernel, boot id and the suite results.
func fillProvenance(ctx context.Context, tx *sql.Tx, r *Reservation) error {
	rows, err := tx.QueryContext(ctx, `SELECT h.name, COALESCE(b.slot, ''), COALESCE(i.digest, ''), COALESCE(b.kernel, ''),
		COALESCE(b.id, 0), COALESCE((SELECT v.result FROM verification_runs v WHERE v.boot_id = b.id ORDER BY v.id DESC LIMIT 1), '')
		FROM reservation_hosts rh JOIN hosts h ON h.id = rh.host_id LEFT JOIN boots b ON b.id = rh.boot_id
		LEFT JOIN images i ON i.id = b.image_id WHERE rh.reservation_id = ? ORDER BY h.name`, r.ID)
	if err != nil {
		return fmt.Errorf("catalog: provenance: %w", err)
	}
	for rows.Next() {
		h := ReservedHost{Candidate: r.Image != ""}
		if err := rows.Scan(&h.Host, &h.Slot, &h.Image, &h.Kernel, &h.Boot, &h.Suite); err != nil {
			rows.Close()
			return err
		}
		r.Hosts = append(r.Hosts, h)
	}
	rows.Close()
	for i := range r.Hosts {
		if err := fillChecks(ctx, tx, &r.Hosts[i]); err != nil {
			return err
		}
	}
	return nil
}

func fillChecks(ctx context.Context, tx *sql.Tx, h *ReservedHost) error {
	rows, err := tx.QueryContext(ctx, `SELECT c.name, c.result, c.class, c.expected, c.observed FROM check_results c
		WHERE c.run_id = (SELECT v.id FROM verification_runs v WHERE v.boot_id = ? ORDER BY v.id DESC LIMIT 1)
		ORDER BY c.name`, h.Boot)
	if err != nil {
		return fmt.Errorf("catalog: provenance checks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c CheckResult
		if err := rows.Scan(&c.Name, &c.Result, &c.Class, &c.Expected, &c.Observed); err != nil {
			return err
		}
		h.Checks = append(h.Checks, c)
	}
	return rows.Err()
}
