package catalog

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
)

// granted is what a grant wrote: enough to answer without reading back.
type granted struct {
	at, expires time.Time
	hosts       []ReservedHost
}

// grant activates a queued reservation and hands it the hosts.
func (s *Store) grant(ctx context.Context, tx *sql.Tx, p pendingRes, hosts []eligible) (granted, error) {
	now := s.now().UnixNano()
	g := granted{at: time.Unix(0, now).UTC(), expires: time.Unix(0, now+p.duration).UTC()}
	_, err := tx.ExecContext(ctx, `UPDATE reservations SET state = 'active', granted_at = ?, expires_at = ? WHERE id = +?`,
		now, now+p.duration, p.id)
	if err != nil {
		return g, fmt.Errorf("catalog: activate reservation: %w", err)
	}
	g.hosts, err = s.grantHostsTx(ctx, tx, p, hosts, g.expires)
	return g, err
}

// grantHostsTx hands the hosts to the (already active) reservation: each
// goes ready → reserved, the boot it runs is recorded as provenance, and
// the events (before, one host.state per host, reservation.granted) go in
// one statement. It returns the hosts' provenance, ordered as a read would.
func (s *Store) grantHostsTx(ctx context.Context, tx *sql.Tx, p pendingRes, hosts []eligible, expires time.Time, before ...Event) ([]ReservedHost, error) {
	if err := insertReservationHosts(ctx, tx, p.id, hosts); err != nil {
		return nil, err
	}
	names := make([]string, len(hosts))
	events := before
	t := HostTransition{From: HostReady, To: HostReserved, Reason: fmt.Sprintf("reservation %d", p.id), Actor: p.client}
	out := make([]ReservedHost, len(hosts))
	for i, h := range hosts {
		names[i] = h.name
		events = append(events, hostEvent(h.name, t))
		out[i] = ReservedHost{Host: h.name, Slot: h.slot, Image: h.image, Kernel: h.kernel, Boot: h.boot, Suite: "pass",
			Checks: h.checks, Candidate: p.imageID != 0}
	}
	events = append(events, Event{Kind: "reservation.granted", Subject: fmt.Sprint(p.id), Actor: p.client,
		Data: eventData(map[string]any{"hosts": names, "expires_at": expires})})
	first, err := s.appendEvents(ctx, tx, events)
	if err != nil {
		return nil, err
	}
	for i, h := range hosts {
		if err := s.setHostState(ctx, tx, h.id, h.name, t, first+int64(len(before)+i)); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(out, func(a, b ReservedHost) int { return strings.Compare(a.Host, b.Host) })
	return out, nil
}

// hostEvent is the "host.state" event of t, as transitionHostTx writes it.
func hostEvent(host string, t HostTransition) Event {
	return Event{Kind: "host.state", Host: host, Actor: t.Actor,
		Data: eventData(map[string]string{"from": t.From.String(), "to": t.To.String(), "reason": t.Reason, "phase": t.Phase})}
}

// setHostState is transitionHostTx's row change for a host the caller has
// just read in this write transaction to be in t.From (a grant's eligible
// host, a release's reserved host), its event already appended as eventID.
// The update still checks the state: a stale caller gets a conflict, never
// a wrong edge.
func (s *Store) setHostState(ctx context.Context, tx *sql.Tx, id int64, name string, t HostTransition, eventID int64) error {
	if !t.From.CanTransition(t.To) {
		return &TransitionError{Subject: "host " + name, From: t.From, To: t.To}
	}
	now := s.now().UnixNano()
	res, err := tx.ExecContext(ctx, `UPDATE hosts SET state = ?, phase = ?, reason = ?, state_since = ?, phase_since = ?,
		attempts = ?, command = ?, command_id = ? WHERE id = +? AND state = +?`,
		t.To.String(), t.Phase, t.Reason, now, now, t.Attempts, t.Command, eventID, id, t.From.String())
	if err != nil {
		return fmt.Errorf("catalog: update host state: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return Errorf(KindConflict, "host %s is no longer %s: cannot move it to %s", name, t.From, t.To)
	}
	return nil
}

// batchRows bounds the rows of one multi-row INSERT (SQLite allows
// 32,766 parameters; a reservation may be for a whole pool).
const batchRows = 500

// appendEvents is appendEvent for several events, batchRows to a
// statement; they get consecutive ids (AUTOINCREMENT under the one
// writer) and it returns the first.
func (s *Store) appendEvents(ctx context.Context, tx *sql.Tx, events []Event) (int64, error) {
	var first int64
	for chunk := range slices.Chunk(events, batchRows) {
		q := `INSERT INTO events (time, kind, host, subject, actor, data) VALUES (?, ?, ?, ?, ?, ?)` +
			strings.Repeat(", (?, ?, ?, ?, ?, ?)", len(chunk)-1)
		now := s.now().UnixNano()
		args := make([]any, 0, 6*len(chunk))
		for _, e := range chunk {
			data := "{}"
			if len(e.Data) > 0 {
				data = string(e.Data)
			}
			args = append(args, now, e.Kind, e.Host, e.Subject, e.Actor, data)
		}
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return 0, fmt.Errorf("catalog: append events: %w", err)
		}
		last, _ := res.LastInsertId()
		s.txLast.Store(last) // announced by write after the commit
		if first == 0 {
			first = last - int64(len(chunk)) + 1
		}
	}
	return first, nil
}

// insertReservationHosts records each host's grant with the boot it runs.
func insertReservationHosts(ctx context.Context, tx *sql.Tx, id int64, hosts []eligible) error {
	for chunk := range slices.Chunk(hosts, batchRows) {
		q := `INSERT INTO reservation_hosts (reservation_id, host_id, boot_id) VALUES (?, ?, ?)` +
			strings.Repeat(", (?, ?, ?)", len(chunk)-1)
		args := make([]any, 0, 3*len(chunk))
		for _, h := range chunk {
			args = append(args, id, h.id, h.boot)
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("catalog: grant hosts: %w", err)
		}
	}
	return nil
}
