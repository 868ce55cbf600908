package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// BootTicket is one boot of one host: what the iPXE script names and what
// the agent must present (the token, shown only here; DESIGN.md
// invariant 3).
type BootTicket struct {
	ID    int64
	Host  string
	Slot  string
	Image string // digest
	Token string
}

// SetSlot puts an image on a host's slot A or B (status "" for A; for B:
// staged, trial, passed, failed).
func (s *Store) SetSlot(ctx context.Context, host, slot, ref, status, actor string) error {
	if slot != "A" && slot != "B" {
		return Errorf(KindInvalid, "slot %q: want A or B", slot)
	}
	return s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		h, err := hostCoreTx(ctx, tx, host)
		if err != nil {
			return err
		}
		im, err := imageTx(ctx, tx, ref)
		if err != nil {
			return err
		}
		if im.State == ImageRetired || im.Corrupt {
			return Errorf(KindConflict, "image %s is %s: it cannot be put on a slot", im.Digest, corruptOr(im))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE slots SET image_id = ?, status = ? WHERE host_id = ? AND slot = ?`,
			im.ID, status, h.ID, slot); err != nil {
			return fmt.Errorf("catalog: set slot: %w", err)
		}
		_, err = s.appendEvent(ctx, tx, Event{Kind: "host.slot", Host: host, Actor: actor,
			Data: eventData(map[string]string{"slot": slot, "image": im.Digest, "status": status})})
		return err
	})
}

// StartBoot opens a new boot of the host from a slot: a fresh one-time
// token (only its hash is stored) and the host's current boot pointer
// moved to it, so reports from any earlier boot stop being accepted.
func (s *Store) StartBoot(ctx context.Context, host, slot string) (BootTicket, error) {
	var t BootTicket
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		t, err = s.startBootTx(ctx, tx, host, slot)
		return err
	})
	return t, err
}

func (s *Store) startBootTx(ctx context.Context, tx *sql.Tx, host, slot string) (BootTicket, error) {
	token, err := NewTokenSecret()
	if err != nil {
		return BootTicket{}, err
	}
	t := BootTicket{Host: host, Slot: slot, Token: token}
	h, err := hostCoreTx(ctx, tx, host)
	if err != nil {
		return t, err
	}
	var imageID int64
	err = tx.QueryRowContext(ctx, `SELECT s.image_id, i.digest FROM slots s JOIN images i ON i.id = s.image_id
		WHERE s.host_id = ? AND s.slot = ?`, h.ID, slot).Scan(&imageID, &t.Image)
	if errors.Is(err, sql.ErrNoRows) {
		return t, Errorf(KindConflict, "host %s has no image on slot %s", host, slot)
	}
	if err != nil {
		return t, fmt.Errorf("catalog: read slot: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO boots (host_id, slot, image_id, token_hash, created_at) VALUES (?, ?, ?, ?, ?)`,
		h.ID, slot, imageID, HashToken(token), s.now().UnixNano())
	if err != nil {
		return t, fmt.Errorf("catalog: insert boot: %w", err)
	}
	t.ID, _ = res.LastInsertId()
	if _, err = tx.ExecContext(ctx, `UPDATE hosts SET current_boot_id = ? WHERE id = ?`, t.ID, h.ID); err != nil {
		return t, fmt.Errorf("catalog: current boot: %w", err)
	}
	_, err = s.appendEvent(ctx, tx, Event{Kind: "host.boot", Host: host, Subject: t.Image, Actor: "boot",
		Data: eventData(map[string]any{"boot": t.ID, "slot": slot})})
	return t, err
}

// startTrialBoot opens the one boot of slot B a trial gets: slot B's status
// moves from trial to booted in the same transaction, so every later boot
// of the host is slot A's again.
func (s *Store) startTrialBoot(ctx context.Context, host string) (BootTicket, bool, error) {
	var t BootTicket
	var trial bool
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE slots SET status = 'booted' WHERE slot = 'B' AND status = 'trial'
			AND host_id = (SELECT id FROM hosts WHERE name = ? AND state = 'trial')`, host)
		if err != nil {
			return fmt.Errorf("catalog: trial boot: %w", err)
		}
		slot := "A"
		if n, _ := res.RowsAffected(); n == 1 {
			slot, trial = "B", true
		}
		t, err = s.startBootTx(ctx, tx, host, slot)
		return err
	})
	return t, trial, err
}

// CheckResult is one acceptance check's outcome as stored.
type CheckResult struct {
	Name     string `json:"name"`
	Result   string `json:"result"` // pass, fail, error
	Class    string `json:"class,omitempty"`
	Expected string `json:"expected,omitempty"`
	Observed string `json:"observed,omitempty"`
}

// SuiteReport is what the agent reports for its boot.
type SuiteReport struct {
	Kernel string        `json:"kernel"`
	Result string        `json:"result"` // pass, fail, error
	Checks []CheckResult `json:"checks"`
}

// RecordSuite stores the suite result of the boot whose token this is. A
// token that is not the host's current boot is refused (invariant 3).
func (s *Store) RecordSuite(ctx context.Context, token string, r SuiteReport) (BootTicket, error) {
	var t BootTicket
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		if t, err = currentBoot(ctx, tx, token); err != nil {
			return err
		}
		return s.insertSuite(ctx, tx, t, r)
	})
	return t, err
}

func currentBoot(ctx context.Context, tx *sql.Tx, token string) (BootTicket, error) {
	var t BootTicket
	var current sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT b.id, h.name, b.slot, i.digest, h.current_boot_id FROM boots b
		JOIN hosts h ON h.id = b.host_id JOIN images i ON i.id = b.image_id WHERE b.token_hash = ?`, HashToken(token)).
		Scan(&t.ID, &t.Host, &t.Slot, &t.Image, &current)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && current.Int64 != t.ID) {
		return t, Errorf(KindUnauthenticated, "boot token is not the current boot of any host")
	}
	return t, err
}

func (s *Store) insertSuite(ctx context.Context, tx *sql.Tx, t BootTicket, r SuiteReport) error {
	if r.Result != "pass" && r.Result != "fail" && r.Result != "error" {
		return Errorf(KindInvalid, "suite result %q: want pass, fail or error", r.Result)
	}
	now := s.now().UnixNano()
	if _, err := tx.ExecContext(ctx, `UPDATE boots SET kernel = ? WHERE id = ?`, r.Kernel, t.ID); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO verification_runs (boot_id, result, started_at, ended_at) VALUES (?, ?, ?, ?)`,
		t.ID, r.Result, now, now)
	if err != nil {
		return fmt.Errorf("catalog: insert run: %w", err)
	}
	run, _ := res.LastInsertId()
	for _, c := range r.Checks {
		if _, err := tx.ExecContext(ctx, `INSERT INTO check_results (run_id, name, result, class, expected, observed)
			VALUES (?, ?, ?, ?, ?, ?)`, run, c.Name, c.Result, c.Class, c.Expected, c.Observed); err != nil {
			return fmt.Errorf("catalog: insert check %s: %w", c.Name, err)
		}
	}
	_, err = s.appendEvent(ctx, tx, Event{Kind: "suite.result", Host: t.Host, Subject: t.Image, Actor: "agent",
		Data: eventData(map[string]any{"boot": t.ID, "slot": t.Slot, "result": r.Result, "kernel": r.Kernel})})
	return err
}

func corruptOr(im Image) string {
	if im.Corrupt {
		return "corrupt"
	}
	return im.State.String()
}
