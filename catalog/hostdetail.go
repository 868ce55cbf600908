package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// HostDetail is what `ironbase host show` prints: the host, its current
// boot with what the agent saw, and the latest suite run with every check.
type HostDetail struct {
	Host
	Boot  *BootInfo `json:"boot,omitempty"`
	Suite *SuiteRun `json:"suite,omitempty"`
}

// BootInfo is one boot of a host.
type BootInfo struct {
	ID        int64           `json:"id"`
	Slot      string          `json:"slot"`
	Image     string          `json:"image"`
	Kernel    string          `json:"kernel,omitempty"`
	Started   time.Time       `json:"started"`
	Hello     time.Time       `json:"hello,omitzero"`
	Seen      time.Time       `json:"seen,omitzero"`
	Inventory json.RawMessage `json:"inventory,omitempty"`
}

// SuiteRun is one run of the acceptance suite on a boot.
type SuiteRun struct {
	ID     int64         `json:"id"`
	Boot   int64         `json:"boot"`
	Result string        `json:"result"`
	Ended  time.Time     `json:"ended"`
	Checks []CheckResult `json:"checks"`
}

// HostDetail reads a host with its current boot and latest suite run.
func (s *Store) HostDetail(ctx context.Context, name string) (HostDetail, error) {
	var d HostDetail
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		if d.Host, err = hostTx(ctx, tx, name); err != nil {
			return err
		}
		if d.Boot, err = currentBootInfo(ctx, tx, d.ID); err != nil || d.Boot == nil {
			return err
		}
		d.Suite, err = latestRun(ctx, tx, d.Boot.ID)
		return err
	})
	return d, err
}

func currentBootInfo(ctx context.Context, tx *sql.Tx, hostID int64) (*BootInfo, error) {
	var b BootInfo
	var started, hello, seen int64
	var inv string
	err := tx.QueryRowContext(ctx, `SELECT b.id, b.slot, COALESCE(i.digest, ''), b.kernel, b.created_at, b.hello_at, b.seen_at, b.inventory
		FROM hosts h JOIN boots b ON b.id = h.current_boot_id LEFT JOIN images i ON i.id = b.image_id WHERE h.id = ?`, hostID).
		Scan(&b.ID, &b.Slot, &b.Image, &b.Kernel, &started, &hello, &seen, &inv)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("catalog: current boot: %w", err)
	}
	b.Started, b.Hello, b.Seen = unixTime(started), unixTime(hello), unixTime(seen)
	if json.Valid([]byte(inv)) {
		b.Inventory = json.RawMessage(inv)
	}
	return &b, nil
}

func latestRun(ctx context.Context, tx *sql.Tx, boot int64) (*SuiteRun, error) {
	r := SuiteRun{Boot: boot, Checks: []CheckResult{}}
	var ended sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT id, result, ended_at FROM verification_runs WHERE boot_id = ? ORDER BY id DESC LIMIT 1`, boot).
		Scan(&r.ID, &r.Result, &ended)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("catalog: latest run: %w", err)
	}
	r.Ended = unixTime(ended.Int64)
	rows, err := tx.QueryContext(ctx, `SELECT name, result, class, expected, observed FROM check_results WHERE run_id = ? ORDER BY name`, r.ID)
	if err != nil {
		return nil, fmt.Errorf("catalog: checks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c CheckResult
		if err := rows.Scan(&c.Name, &c.Result, &c.Class, &c.Expected, &c.Observed); err != nil {
			return nil, err
		}
		r.Checks = append(r.Checks, c)
	}
	return &r, rows.Err()
}
