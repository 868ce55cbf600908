package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// Event is one entry of the append-only event log.
type Event struct {
	ID      int64           `json:"id"`
	Time    time.Time       `json:"time"`
	Kind    string          `json:"kind"`
	Host    string          `json:"host,omitempty"`
	Subject string          `json:"subject,omitempty"`
	Actor   string          `json:"actor,omitempty"`
	Data    json.RawMessage `json:"data,omitempty"`
}

// EventFilter narrows ListEvents. Empty fields match everything.
type EventFilter struct {
	Since int64 // only ids greater than this
	Limit int   // at most this many (default 100, maximum 1000)
	Kind  string
	Host  string
}

// appendEvent writes e inside tx. Every state change calls it in the same
// transaction as the change (DESIGN.md invariant 5).
func (s *Store) appendEvent(ctx context.Context, tx *sql.Tx, e Event) (int64, error) {
	data := []byte("{}")
	if len(e.Data) > 0 {
		data = e.Data
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO events (time, kind, host, subject, actor, data)
		VALUES (?, ?, ?, ?, ?, ?)`, s.now().UnixNano(), e.Kind, e.Host, e.Subject, e.Actor, string(data))
	if err != nil {
		return 0, fmt.Errorf("catalog: append event %s: %w", e.Kind, err)
	}
	id, err := res.LastInsertId()
	s.txLast.Store(id) // announced by write after the commit
	return id, err
}

// AppendEvent records an event that is not a state change (a power action,
// a DHCP observation) in its own transaction.
func (s *Store) AppendEvent(ctx context.Context, e Event) (int64, error) {
	var id int64
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		id, err = s.appendEvent(ctx, tx, e)
		return err
	})
	return id, err
}

// ListEvents returns events after f.Since in id order.
func (s *Store) ListEvents(ctx context.Context, f EventFilter) ([]Event, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	f.Limit = min(f.Limit, 1000)
	rows, err := s.r.QueryContext(ctx, `SELECT id, time, kind, host, subject, actor, data FROM events
		WHERE id > ? AND (? = '' OR kind = ?) AND (? = '' OR host = ?) ORDER BY id LIMIT ?`,
		f.Since, f.Kind, f.Kind, f.Host, f.Host, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("catalog: list events: %w", err)
	}
	defer rows.Close()
	out := []Event{}
	for rows.Next() {
		var e Event
		var t int64
		var data string
		if err := rows.Scan(&e.ID, &t, &e.Kind, &e.Host, &e.Subject, &e.Actor, &data); err != nil {
			return nil, fmt.Errorf("catalog: scan event: %w", err)
		}
		e.Time, e.Data = time.Unix(0, t).UTC(), json.RawMessage(data)
		out = append(out, e)
	}
	return out, rows.Err()
}

func (s *Store) lastEventID(ctx context.Context) (int64, error) {
	var id int64
	err := s.w.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM events`).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("catalog: last event id: %w", err)
	}
	return id, nil
}

// PruneEvents deletes events older than the configured retention and
// returns how many went. Ids are never reused (AUTOINCREMENT), so a client
// resuming from an old id simply sees the oldest events still kept.
func (s *Store) PruneEvents(ctx context.Context) (int64, error) {
	cutoff := s.now().Add(-s.cfg.EventRetention).UnixNano()
	var n int64
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM events WHERE time < ?`, cutoff)
		if err != nil {
			return fmt.Errorf("catalog: prune events: %w", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

func eventData(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		return json.RawMessage(`{}`)
	}
	return b
}
