package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Pool is a group of interchangeable hosts with one policy: the image they
// run, how candidates are trialled, how long leases may last.
type Pool struct {
	Name string `json:"name"`
	// CanariesPerClass is how many hosts of each class must pass a candidate.
	CanariesPerClass int `json:"canaries_per_class"`
	// MaxUnavailable is how many hosts move to a new image at a time.
	MaxUnavailable int `json:"max_unavailable"`
	// Heartbeat is how long a silent agent may stay silent.
	Heartbeat Duration `json:"heartbeat"`
	// MaxLease caps reservation durations.
	MaxLease Duration `json:"max_lease"`
	// Recheck is how often idle ready hosts are re-verified (0: never).
	Recheck Duration `json:"recheck"`
	// Suite is the pool-wide checks file added to every image's suite.
	Suite     json.RawMessage `json:"suite,omitempty"`
	CreatedAt time.Time       `json:"created_at"`
}

func (p *Pool) setDefaults() {
	if p.CanariesPerClass == 0 {
		p.CanariesPerClass = 1
	}
	if p.MaxUnavailable == 0 {
		p.MaxUnavailable = 1
	}
	if p.Heartbeat == 0 {
		p.Heartbeat = Duration(30 * time.Second)
	}
	if p.MaxLease == 0 {
		p.MaxLease = Duration(24 * time.Hour)
	}
}

func (p Pool) validate() error {
	if err := ValidName("pool", p.Name); err != nil {
		return err
	}
	if p.CanariesPerClass < 1 || p.MaxUnavailable < 1 || p.Heartbeat.Std() < time.Second || p.MaxLease.Std() < time.Minute {
		return Errorf(KindInvalid, "pool %s: canaries and max unavailable must be ≥ 1, heartbeat ≥ 1s, max lease ≥ 1m", p.Name)
	}
	return nil
}

// CreatePool adds a pool. A pool of the same name is a conflict.
func (s *Store) CreatePool(ctx context.Context, p Pool, actor string) (Pool, error) {
	p.setDefaults()
	if err := p.validate(); err != nil {
		return Pool{}, err
	}
	p.CreatedAt = s.now()
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO pools (name, canaries_per_class, max_unavailable,
			heartbeat_secs, max_lease_secs, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			p.Name, p.CanariesPerClass, p.MaxUnavailable, int64(p.Heartbeat.Std()/time.Second),
			int64(p.MaxLease.Std()/time.Second), p.CreatedAt.UnixNano())
		if isUniqueViolation(err) {
			return Errorf(KindConflict, "pool %s already exists", p.Name)
		}
		if err != nil {
			return fmt.Errorf("catalog: insert pool: %w", err)
		}
		_, err = s.appendEvent(ctx, tx, Event{Kind: "pool.created", Subject: p.Name, Actor: actor, Data: eventData(p)})
		return err
	})
	return p, err
}

const poolColumns = `name, canaries_per_class, max_unavailable, heartbeat_secs, max_lease_secs, recheck_secs, suite, created_at`

func scanPool(row interface{ Scan(...any) error }) (Pool, error) {
	var p Pool
	var hb, ml, re, created int64
	var suite string
	err := row.Scan(&p.Name, &p.CanariesPerClass, &p.MaxUnavailable, &hb, &ml, &re, &suite, &created)
	p.Heartbeat, p.MaxLease = Duration(time.Duration(hb)*time.Second), Duration(time.Duration(ml)*time.Second)
	p.Recheck = Duration(time.Duration(re) * time.Second)
	if suite != "" {
		p.Suite = json.RawMessage(suite)
	}
	p.CreatedAt = time.Unix(0, created).UTC()
	return p, err
}

// Pool returns one pool by name.
func (s *Store) Pool(ctx context.Context, name string) (Pool, error) {
	p, err := scanPool(s.r.QueryRowContext(ctx, `SELECT `+poolColumns+` FROM pools WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return Pool{}, Errorf(KindNotFound, "pool %s not found", name)
	}
	if err != nil {
		return Pool{}, fmt.Errorf("catalog: get pool: %w", err)
	}
	return p, nil
}

// ListPools returns every pool by name.
func (s *Store) ListPools(ctx context.Context) ([]Pool, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+poolColumns+` FROM pools ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("catalog: list pools: %w", err)
	}
	defer rows.Close()
	out := []Pool{}
	for rows.Next() {
		p, err := scanPool(rows)
		if err != nil {
			return nil, fmt.Errorf("catalog: scan pool: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func poolID(ctx context.Context, tx *sql.Tx, name string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM pools WHERE name = ?`, name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, Errorf(KindNotFound, "pool %s not found", name)
	}
	if err != nil {
		return 0, fmt.Errorf("catalog: find pool: %w", err)
	}
	return id, nil
}
