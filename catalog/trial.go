package catalog

import (
	"context"
	"database/sql"
	"fmt"
)

// TrialOutcome is how a trial boot of slot B ended.
type TrialOutcome struct {
	Passed   bool
	Evidence string // the failing check or the watchdog that fired; the passing run for a pass
	Attempts int    // carried into the rollback cycle
}

// EndTrial records a trial's outcome in one transaction: slot B passed or
// failed, the canary evidence, the candidate verified (enough canaries of
// every class passed) or failed (any failure), and the host back to
// `provisioning` so its next boot is slot A again. A host that passed while
// a pending reservation of its pool asks for that candidate stays on it
// instead, `ready` (DESIGN.md invariant 1's canary exception), and the
// queue is advanced: only a reservation naming the candidate can get it,
// and its release sends the host through cleaning back onto slot A.
func (s *Store) EndTrial(ctx context.Context, host string, o TrialOutcome, actor string) error {
	return s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		h, err := hostCoreTx(ctx, tx, host)
		if err != nil {
			return err
		}
		if h.State != HostTrial {
			return &TransitionError{Subject: "host " + host, From: h.State, To: HostProvisioning, Expected: HostTrial}
		}
		im, err := slotBImage(ctx, tx, h.ID)
		if err != nil {
			return err
		}
		if err := s.recordCanary(ctx, tx, h, im, o, actor); err != nil {
			return err
		}
		t, hold, err := trialEnd(ctx, tx, h, im, o)
		if err != nil {
			return err
		}
		t.Actor = actor
		if _, err = s.transitionHostTx(ctx, tx, host, t); err != nil || !hold {
			return err
		}
		return s.advancePoolTx(ctx, tx, h.Pool)
	})
}

// trialEnd is where a trial's host goes: held on a passed candidate that a
// pending reservation wants, else back to slot A.
func trialEnd(ctx context.Context, tx *sql.Tx, h Host, im Image, o TrialOutcome) (HostTransition, bool, error) {
	what := "trial of " + shortDigest(im.Digest)
	if !o.Passed {
		return HostTransition{To: HostProvisioning, From: HostTrial, Phase: PhasePower, Attempts: o.Attempts,
			Reason: what + " failed: " + o.Evidence + "; back to slot A"}, false, nil
	}
	var wanted bool
	err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM reservations
		WHERE state = 'pending' AND pool_id = (SELECT pool_id FROM hosts WHERE id = ?) AND image_id = ?)`, h.ID, im.ID).Scan(&wanted)
	if err != nil {
		return HostTransition{}, false, fmt.Errorf("catalog: canary reservations: %w", err)
	}
	if wanted {
		return HostTransition{To: HostReady, From: HostTrial, Reason: what + " passed: " + o.Evidence +
			"; held on it for a pending reservation that asks for this candidate"}, true, nil
	}
	return HostTransition{To: HostProvisioning, From: HostTrial, Phase: PhasePower, Attempts: o.Attempts,
		Reason: what + " passed: " + o.Evidence + "; back to slot A"}, false, nil
}

func slotBImage(ctx context.Context, tx *sql.Tx, hostID int64) (Image, error) {
	var digest string
	err := tx.QueryRowContext(ctx, `SELECT i.digest FROM slots s JOIN images i ON i.id = s.image_id
		WHERE s.host_id = ? AND s.slot = 'B'`, hostID).Scan(&digest)
	if err != nil {
		return Image{}, fmt.Errorf("catalog: slot B: %w", err)
	}
	return imageTx(ctx, tx, digest)
}

func (s *Store) recordCanary(ctx context.Context, tx *sql.Tx, h Host, im Image, o TrialOutcome, actor string) error {
	result := "failed"
	if o.Passed {
		result = "passed"
	}
	if _, err := tx.ExecContext(ctx, `UPDATE slots SET status = ? WHERE host_id = ? AND slot = 'B'`, result, h.ID); err != nil {
		return fmt.Errorf("catalog: slot B status: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO canary_results (image_id, host_id, boot_id, class, result, evidence, at)
		VALUES (?, ?, (SELECT current_boot_id FROM hosts WHERE id = ?),
		COALESCE((SELECT value FROM host_tags WHERE host_id = ? AND key = 'class'), ?), ?, ?, ?)`,
		im.ID, h.ID, h.ID, h.ID, h.Arch+"/"+h.Firmware, result, o.Evidence, s.now().UnixNano()); err != nil {
		return fmt.Errorf("catalog: canary result: %w", err)
	}
	if _, err := s.appendEvent(ctx, tx, Event{Kind: "image.canary", Host: h.Name, Subject: im.Digest, Actor: actor,
		Data: eventData(map[string]string{"result": result, "evidence": o.Evidence})}); err != nil {
		return err
	}
	return s.judgeCandidate(ctx, tx, im, h.Pool, o, actor)
}

// judgeCandidate fails a candidate on any failure, and verifies it once
// every class of the pool's hosts has enough passing canaries.
func (s *Store) judgeCandidate(ctx context.Context, tx *sql.Tx, im Image, pool string, o TrialOutcome, actor string) error {
	if im.State != ImageCandidate && im.State != ImageVerified {
		return nil
	}
	if !o.Passed {
		return s.transitionImageTx(ctx, tx, im, ImageTransition{To: ImageFailed, Actor: actor,
			Reason: "failed on canary: " + o.Evidence})
	}
	if im.State != ImageCandidate {
		return nil
	}
	missing, err := canariesMissing(ctx, tx, im.ID, pool)
	if err != nil || missing != "" {
		return err
	}
	return s.transitionImageTx(ctx, tx, im, ImageTransition{To: ImageVerified, Actor: actor,
		Reason: "passed on the required canaries of pool " + pool})
}

// canariesMissing names a host class of the pool that still lacks passing
// canaries ("" when none does). A class needs min(canaries_per_class, hosts
// of that class) passes.
func canariesMissing(ctx context.Context, tx *sql.Tx, imageID int64, pool string) (string, error) {
	rows, err := tx.QueryContext(ctx, `WITH cls AS (
			SELECT h.id, COALESCE((SELECT value FROM host_tags WHERE host_id = h.id AND key = 'class'), h.arch || '/' || h.firmware) AS class
			FROM hosts h JOIN pools p ON p.id = h.pool_id WHERE p.name = ? AND h.state NOT IN ('new', 'retired'))
		SELECT cls.class, MIN(COUNT(*), (SELECT canaries_per_class FROM pools WHERE name = ?)),
			(SELECT COUNT(*) FROM canary_results c WHERE c.image_id = ? AND c.class = cls.class AND c.result = 'passed')
		FROM cls GROUP BY cls.class ORDER BY cls.class`, pool, pool, imageID)
	if err != nil {
		return "", fmt.Errorf("catalog: canaries: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var class string
		var need, have int
		if err := rows.Scan(&class, &need, &have); err != nil {
			return "", err
		}
		if have < need {
			return class, nil
		}
	}
	return "", rows.Err()
}

func shortDigest(d string) string {
	if len(d) > 19 {
		return d[:19]
	}
	return d
}
