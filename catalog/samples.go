package catalog

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Sample limits: one upload is at most MaxSampleChunk bytes, and a boot
// keeps at most maxSampleBytes (the oldest chunks go first), so an agent
// cannot fill the server's disk.
const (
	MaxSampleChunk = 1 << 20
	maxSampleBytes = 8 << 20
)

// SampleChunk is one upload of an agent's resource samples, in the
// testsuite/usage encoding.
type SampleChunk struct {
	Boot     int64     `json:"boot"`
	Seq      int64     `json:"seq"`
	Received time.Time `json:"received"`
	Data     []byte    `json:"data"`
}

// RecordSamples appends one chunk of samples to the current boot of the
// token's host.
func (s *Store) RecordSamples(ctx context.Context, token string, data []byte) error {
	if len(data) == 0 {
		return Errorf(KindInvalid, "empty sample upload")
	}
	if len(data) > MaxSampleChunk {
		return Errorf(KindTooLarge, "sample upload is %d bytes (limit %d)", len(data), MaxSampleChunk)
	}
	return s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		t, err := currentBoot(ctx, tx, token)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO boot_samples (boot_id, seq, received_at, data)
			VALUES (?, COALESCE((SELECT MAX(seq) FROM boot_samples WHERE boot_id = ?), 0) + 1, ?, ?)`,
			t.ID, t.ID, s.now().UnixNano(), data); err != nil {
			return fmt.Errorf("catalog: record samples: %w", err)
		}
		return trimSamples(ctx, tx, t.ID)
	})
}

// trimSamples drops a boot's oldest chunks beyond maxSampleBytes.
func trimSamples(ctx context.Context, tx *sql.Tx, boot int64) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM boot_samples WHERE boot_id = ? AND seq <= (
		SELECT COALESCE(MAX(seq), 0) FROM (SELECT seq, SUM(LENGTH(data)) OVER (ORDER BY seq DESC) AS total
			FROM boot_samples WHERE boot_id = ?) WHERE total > ?)`, boot, boot, maxSampleBytes)
	if err != nil {
		return fmt.Errorf("catalog: trim samples: %w", err)
	}
	return nil
}

// HostSamples returns the sample chunks of the host's current boot, oldest
// first.
func (s *Store) HostSamples(ctx context.Context, host string) ([]SampleChunk, error) {
	var out []SampleChunk
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT bs.boot_id, bs.seq, bs.received_at, bs.data FROM boot_samples bs
			JOIN hosts h ON h.current_boot_id = bs.boot_id WHERE h.name = ? ORDER BY bs.seq`, host)
		if err != nil {
			return fmt.Errorf("catalog: host samples: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var c SampleChunk
			var at int64
			if err := rows.Scan(&c.Boot, &c.Seq, &at, &c.Data); err != nil {
				return err
			}
			c.Received = time.Unix(0, at).UTC()
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, err
}
