package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// PoolChange is a partial update of a pool's policy: nil fields keep
// their value.
type PoolChange struct {
	CanariesPerClass *int      `json:"canaries_per_class,omitempty"`
	MaxUnavailable   *int      `json:"max_unavailable,omitempty"`
	Heartbeat        *Duration `json:"heartbeat,omitempty"`
	MaxLease         *Duration `json:"max_lease,omitempty"`
	// Recheck is how often idle ready hosts are re-verified; 0 turns it off.
	Recheck *Duration `json:"recheck,omitempty"`
	// Suite is the pool-wide checks file (JSON), merged into every image's
	// suite on the pool's hosts; "" removes it. The caller validates it.
	Suite *string `json:"suite,omitempty"`
}

// UpdatePool changes a pool's policy in one transaction, with a
// "pool.updated" event naming what changed. Running trials, boots and
// reservations keep what they started with; the next decision uses the new
// values.
func (s *Store) UpdatePool(ctx context.Context, name string, c PoolChange, actor string) (Pool, error) {
	var p Pool
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		p, err = scanPool(tx.QueryRowContext(ctx, `SELECT `+poolColumns+` FROM pools WHERE name = ?`, name))
		if errors.Is(err, sql.ErrNoRows) {
			return Errorf(KindNotFound, "pool %s not found", name)
		}
		if err != nil {
			return fmt.Errorf("catalog: get pool: %w", err)
		}
		c.apply(&p)
		if err := p.validate(); err != nil {
			return err
		}
		if p.Recheck.Std() < 0 || (p.Recheck != 0 && p.Recheck.Std() < time.Minute) {
			return Errorf(KindInvalid, "pool %s: recheck must be 0 (off) or at least 1m", name)
		}
		_, err = tx.ExecContext(ctx, `UPDATE pools SET canaries_per_class = ?, max_unavailable = ?, heartbeat_secs = ?,
			max_lease_secs = ?, recheck_secs = ?, suite = ? WHERE name = ?`,
			p.CanariesPerClass, p.MaxUnavailable, secs(p.Heartbeat), secs(p.MaxLease), secs(p.Recheck), string(p.Suite), name)
		if err != nil {
			return fmt.Errorf("catalog: update pool: %w", err)
		}
		_, err = s.appendEvent(ctx, tx, Event{Kind: "pool.updated", Subject: name, Actor: actor, Data: eventData(c)})
		return err
	})
	return p, err
}

func (c PoolChange) apply(p *Pool) {
	if c.CanariesPerClass != nil {
		p.CanariesPerClass = *c.CanariesPerClass
	}
	if c.MaxUnavailable != nil {
		p.MaxUnavailable = *c.MaxUnavailable
	}
	for _, f := range []struct{ from, to *Duration }{{c.Heartbeat, &p.Heartbeat}, {c.MaxLease, &p.MaxLease}, {c.Recheck, &p.Recheck}} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	if c.Suite != nil {
		p.Suite = json.RawMessage(*c.Suite)
	}
}

func secs(d Duration) int64 { return int64(d.Std() / time.Second) }
