package catalog

import (
	"context"
	"database/sql"
	"fmt"
)

// TransitionError is the typed error for an edge the transition table does
// not have, or a transition whose expected starting state no longer holds.
// Its kind is KindConflict.
type TransitionError struct {
	Subject  string // "host h1", "image sha256:…"
	From, To fmt.Stringer
	Expected fmt.Stringer // set when the caller expected another state
}

func (e *TransitionError) Error() string {
	if e.Expected != nil {
		return fmt.Sprintf("%s is %s, not %s: cannot move it to %s", e.Subject, e.From, e.Expected, e.To)
	}
	return fmt.Sprintf("%s: illegal transition %s → %s", e.Subject, e.From, e.To)
}

// Unwrap gives the error its domain kind.
func (e *TransitionError) Unwrap() error { return &Error{Kind: KindConflict, Msg: e.Error()} }

// HostTransition asks for a host state change.
type HostTransition struct {
	To     HostState
	From   HostState // if set, the change applies only from this state
	Reason string
	Phase  string
	Actor  string
	// Attempts is the host's recovery/retry count after the change: the
	// controller carries it through a cycle; every other caller starts a
	// new cycle at 0.
	Attempts int
	// Command is what the agent is asked to do in the new state (retest,
	// hold); empty for nothing.
	Command string
}

// TransitionHost moves a host along one edge of the host graph and records
// the change as a "host.state" event in the same transaction. The host it
// returns has no MACs, tags or slots (read them with Host).
func (s *Store) TransitionHost(ctx context.Context, name string, t HostTransition) (Host, error) {
	var h Host
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		h, err = s.transitionHostTx(ctx, tx, name, t)
		if err == nil && t.To == HostReady && h.Pool != "" {
			if err = s.advancePoolTx(ctx, tx, h.Pool); err == nil { // a host that turns ready may grant a waiting request
				h, err = hostCoreTx(ctx, tx, name)
			}
		}
		return err
	})
	return h, err
}

func (s *Store) advancePoolTx(ctx context.Context, tx *sql.Tx, pool string) error {
	pid, err := poolID(ctx, tx, pool)
	if err != nil {
		return err
	}
	return s.advanceQueueTx(ctx, tx, pid)
}

func (s *Store) transitionHostTx(ctx context.Context, tx *sql.Tx, name string, t HostTransition) (Host, error) {
	h, err := hostCoreTx(ctx, tx, name)
	if err != nil {
		return h, err
	}
	from := h.State
	if t.From != 0 && t.From != from {
		return h, &TransitionError{Subject: "host " + name, From: from, To: t.To, Expected: t.From}
	}
	if !from.CanTransition(t.To) {
		return h, &TransitionError{Subject: "host " + name, From: from, To: t.To}
	}
	now := s.now()
	id, err := s.appendEvent(ctx, tx, Event{Kind: "host.state", Host: name, Actor: t.Actor,
		Data: eventData(map[string]string{"from": from.String(), "to": t.To.String(), "reason": t.Reason, "phase": t.Phase})})
	if err != nil {
		return h, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE hosts SET state = ?, phase = ?, reason = ?, state_since = ?, phase_since = ?,
		attempts = ?, command = ?, command_id = ? WHERE id = ?`,
		t.To.String(), t.Phase, t.Reason, now.UnixNano(), now.UnixNano(), t.Attempts, t.Command, id, h.ID); err != nil {
		return h, fmt.Errorf("catalog: update host state: %w", err)
	}
	h.State, h.Phase, h.Reason, h.StateSince = t.To, t.Phase, t.Reason, now
	return h, err
}
