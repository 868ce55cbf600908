package catalog

import (
	"context"
	"database/sql"
	"fmt"
)

// RevokeImage withdraws a pool's known-good: it becomes `revoked` and the
// pinned fallback is promoted again (hosts move back to it). A pool with
// no fallback is left with no promoted image, and the event says so.
func (s *Store) RevokeImage(ctx context.Context, ref, pool, reason, actor string) (PoolImages, error) {
	var out PoolImages
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		im, err := imageTx(ctx, tx, ref)
		if err != nil {
			return err
		}
		pid, err := poolID(ctx, tx, pool)
		if err != nil {
			return err
		}
		out, err = s.revokeTx(ctx, tx, im, pid, pool, reason, actor)
		return err
	})
	return out, err
}

func (s *Store) revokeTx(ctx context.Context, tx *sql.Tx, im Image, pid int64, pool, reason, actor string) (PoolImages, error) {
	cur, err := poolImagesTx(ctx, tx, pid, pool, im.Arch)
	if err != nil {
		return cur, err
	}
	if cur.Promoted != im.Digest {
		return cur, Errorf(KindConflict, "image %s is not the promoted image of pool %s (%s is)", im.Digest, pool, dash(cur.Promoted))
	}
	if err := s.transitionImageTx(ctx, tx, im, ImageTransition{To: ImageRevoked, Reason: reason, Actor: actor}); err != nil {
		return cur, err
	}
	if cur.Fallback != "" {
		fb, err := imageTx(ctx, tx, cur.Fallback)
		if err != nil {
			return cur, err
		}
		t := ImageTransition{To: ImagePromoted, Reason: "fallback after revoking " + im.Digest, Actor: actor}
		if err := s.transitionImageTx(ctx, tx, fb, t); err != nil {
			return cur, err
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE pool_images SET promoted_id = fallback_id, fallback_id = NULL
		WHERE pool_id = ? AND arch = ?`, pid, im.Arch)
	if err != nil {
		return cur, fmt.Errorf("catalog: revoke: %w", err)
	}
	return poolImagesTx(ctx, tx, pid, pool, im.Arch)
}

func dash(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// MarkCorrupt records which images use a blob that failed its digest
// check (bad, by blob digest): their corrupt flag is set, or cleared when
// every blob verifies again, each change with an event.
func (s *Store) MarkCorrupt(ctx context.Context, bad map[string]string) (int, error) {
	changed := 0
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		ims, err := queryImages(ctx, tx, imageSelect)
		if err != nil {
			return err
		}
		for _, im := range ims {
			blob, why := firstBad(im, bad)
			if (blob != "") == im.Corrupt {
				continue
			}
			changed++
			if err := s.setCorrupt(ctx, tx, im, blob, why); err != nil {
				return err
			}
		}
		return nil
	})
	return changed, err
}

func firstBad(im Image, bad map[string]string) (string, string) {
	for _, a := range im.Artifacts {
		if why, ok := bad[a.Digest]; ok {
			return a.Digest, why
		}
	}
	return "", ""
}

func (s *Store) setCorrupt(ctx context.Context, tx *sql.Tx, im Image, blob, why string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE images SET corrupt = ? WHERE id = ?`, blob != "", im.ID); err != nil {
		return fmt.Errorf("catalog: mark image: %w", err)
	}
	kind, data := "image.repaired", map[string]string{}
	if blob != "" {
		kind, data = "image.corrupt", map[string]string{"blob": blob, "error": why}
	}
	_, err := s.appendEvent(ctx, tx, Event{Kind: kind, Subject: im.Digest, Actor: "verify", Data: eventData(data)})
	return err
}
