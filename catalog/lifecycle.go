package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// SetPhase moves a host to another phase of its current state, restarting
// the phase clock its watchdog measures from. from guards against a state
// change that happened since the caller looked.
func (s *Store) SetPhase(ctx context.Context, host string, from HostState, phase, reason, actor string) error {
	return s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		h, err := hostCoreTx(ctx, tx, host)
		if err != nil {
			return err
		}
		if h.State != from {
			return &TransitionError{Subject: "host " + host, From: h.State, To: from, Expected: from}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE hosts SET phase = ?, reason = ?, phase_since = ? WHERE id = ?`,
			phase, reason, s.now().UnixNano(), h.ID); err != nil {
			return fmt.Errorf("catalog: set phase: %w", err)
		}
		_, err = s.appendEvent(ctx, tx, Event{Kind: "host.phase", Host: host, Actor: actor,
			Data: eventData(map[string]string{"state": h.State.String(), "phase": phase, "reason": reason})})
		return err
	})
}

// SetAlert flags a host without changing its state (a BMC that does not
// answer, a heartbeat lost while reserved); "" clears the flag. Only a
// change writes an event.
func (s *Store) SetAlert(ctx context.Context, host, alert, actor string) error {
	return s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE hosts SET alert = ? WHERE name = ? AND alert != ?`, alert, host, alert)
		if err != nil {
			return fmt.Errorf("catalog: set alert: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		_, err = s.appendEvent(ctx, tx, Event{Kind: "host.alert", Host: host, Actor: actor,
			Data: eventData(map[string]string{"alert": alert})})
		return err
	})
}

// ClearAlert clears the host's alert if it starts with prefix (each source
// of alerts clears only its own).
func (s *Store) ClearAlert(ctx context.Context, host, prefix, actor string) error {
	return s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var alert string
		err := tx.QueryRowContext(ctx, `SELECT alert FROM hosts WHERE name = ?`, host).Scan(&alert)
		if errors.Is(err, sql.ErrNoRows) || alert == "" || !strings.HasPrefix(alert, prefix) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("catalog: read alert: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE hosts SET alert = '' WHERE name = ?`, host); err != nil {
			return fmt.Errorf("catalog: clear alert: %w", err)
		}
		_, err = s.appendEvent(ctx, tx, Event{Kind: "host.alert", Host: host, Actor: actor,
			Data: eventData(map[string]string{"alert": "", "cleared": alert})})
		return err
	})
}

// BeginTrial takes an idle ready host with a staged slot B into `trial`:
// its next network boot (and only that one) boots slot B.
func (s *Store) BeginTrial(ctx context.Context, host, actor string) error {
	return s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE slots SET status = 'trial' WHERE slot = 'B' AND status = 'staged'
			AND host_id = (SELECT id FROM hosts WHERE name = ?)`, host)
		if err != nil {
			return fmt.Errorf("catalog: begin trial: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return Errorf(KindConflict, "host %s has no staged image on slot B", host)
		}
		_, err = s.transitionHostTx(ctx, tx, host, HostTransition{To: HostTrial, From: HostReady, Phase: PhasePower,
			Reason: "trial boot of the image staged on slot B", Actor: actor})
		return err
	})
}

// RetestHost asks for a host to be verified again: a ready host's agent
// re-runs the suite (the host is not reservable meanwhile); a quarantined
// or verifying host is provisioned from scratch on its known-good image.
func (s *Store) RetestHost(ctx context.Context, host, actor string) (Host, error) {
	h, err := s.Host(ctx, host)
	if err != nil {
		return h, err
	}
	t := HostTransition{From: h.State, Actor: actor, Reason: "retest requested by " + actor}
	switch h.State {
	case HostReady:
		t.To, t.Phase, t.Command = HostVerifying, PhaseSuite, CommandRetest
	case HostQuarantined, HostVerifying:
		t.To, t.Phase = HostProvisioning, PhasePower
	default:
		return h, Errorf(KindConflict, "host %s is %s: only ready, verifying or quarantined hosts can be retested", host, h.State)
	}
	return s.TransitionHost(ctx, host, t)
}

// Phases of the states the controller drives, and the agent commands.
const (
	PhasePower = "power" // the controller sets PXE and power-cycles the host
	PhaseDHCP  = "dhcp"  // waiting for the firmware's DHCP request
	PhaseHello = "hello" // DHCP seen: waiting for the agent's hello
	PhaseSuite = "suite" // hello seen: waiting for the suite result

	CommandRetest = "retest"
	CommandHold   = "hold"
)
