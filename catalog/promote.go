package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// PoolImages is a pool's known-good image for one arch and the pinned
// fallback it replaced.
type PoolImages struct {
	Pool     string `json:"pool"`
	Arch     string `json:"arch"`
	Promoted string `json:"promoted,omitempty"`
	Fallback string `json:"fallback,omitempty"`
}

// PromoteImage makes the image its pool's known-good for its arch. The
// previous known-good becomes `superseded` and stays pinned as the
// fallback. Without verification evidence (state `verified`) it is refused
// unless force, and a forced promotion is recorded as forced; a forced
// promotion of an `imported` image passes through `candidate`.
func (s *Store) PromoteImage(ctx context.Context, ref, pool string, force bool, actor string) (PoolImages, error) {
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
		if im.Corrupt {
			return Errorf(KindConflict, "image %s has a blob that failed its digest check: it cannot be promoted", im.Digest)
		}
		out, err = s.promoteTx(ctx, tx, im, pid, pool, force, actor)
		return err
	})
	return out, err
}

func (s *Store) promoteTx(ctx context.Context, tx *sql.Tx, im Image, pid int64, pool string, force bool, actor string) (PoolImages, error) {
	if im.State == ImageImported && !force {
		return PoolImages{}, Errorf(KindConflict, "image %s is imported, not verified: promoting it without verification evidence needs --force", im.Digest)
	}
	if im.State == ImageImported {
		if err := s.transitionImageTx(ctx, tx, im, ImageTransition{To: ImageCandidate, Reason: "forced promotion", Actor: actor}); err != nil {
			return PoolImages{}, err
		}
		im.State = ImageCandidate
	}
	prev, err := promotedID(ctx, tx, pid, im.Arch)
	if err != nil {
		return PoolImages{}, err
	}
	t := ImageTransition{To: ImagePromoted, Force: force, Reason: "promoted in pool " + pool, Actor: actor}
	if err := s.transitionImageTx(ctx, tx, im, t); err != nil {
		return PoolImages{}, err
	}
	if prev != 0 && prev != im.ID {
		if err := s.supersede(ctx, tx, prev, pool, actor); err != nil {
			return PoolImages{}, err
		}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO pool_images (pool_id, arch, promoted_id, fallback_id) VALUES (?1, ?2, ?3, NULLIF(?4, 0))
		ON CONFLICT (pool_id, arch) DO UPDATE SET promoted_id = ?3, fallback_id = COALESCE(NULLIF(?4, 0), fallback_id)`,
		pid, im.Arch, im.ID, prev)
	if err != nil {
		return PoolImages{}, fmt.Errorf("catalog: set pool image: %w", err)
	}
	return poolImagesTx(ctx, tx, pid, pool, im.Arch)
}

func (s *Store) supersede(ctx context.Context, tx *sql.Tx, id int64, pool, actor string) error {
	prev, err := queryImages(ctx, tx, imageSelect+` WHERE i.id = ?`, id)
	if err != nil || len(prev) == 0 || prev[0].State != ImagePromoted {
		return err
	}
	return s.transitionImageTx(ctx, tx, prev[0], ImageTransition{To: ImageSuperseded, Reason: "superseded in pool " + pool, Actor: actor})
}

func promotedID(ctx context.Context, tx *sql.Tx, pid int64, arch string) (int64, error) {
	var id sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT promoted_id FROM pool_images WHERE pool_id = ? AND arch = ?`, pid, arch).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("catalog: read pool image: %w", err)
	}
	return id.Int64, nil
}

func poolImagesTx(ctx context.Context, tx *sql.Tx, pid int64, pool, arch string) (PoolImages, error) {
	out := PoolImages{Pool: pool, Arch: arch}
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(p.digest, ''), COALESCE(f.digest, '') FROM pool_images pi
		LEFT JOIN images p ON p.id = pi.promoted_id LEFT JOIN images f ON f.id = pi.fallback_id
		WHERE pi.pool_id = ? AND pi.arch = ?`, pid, arch).Scan(&out.Promoted, &out.Fallback)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return out, fmt.Errorf("catalog: read pool images: %w", err)
	}
	return out, nil
}

// ListPoolImages returns every pool's promoted image and fallback per arch.
func (s *Store) ListPoolImages(ctx context.Context) ([]PoolImages, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT p.name, pi.arch, COALESCE(pr.digest, ''), COALESCE(f.digest, '')
		FROM pool_images pi JOIN pools p ON p.id = pi.pool_id LEFT JOIN images pr ON pr.id = pi.promoted_id
		LEFT JOIN images f ON f.id = pi.fallback_id ORDER BY p.name, pi.arch`)
	if err != nil {
		return nil, fmt.Errorf("catalog: list pool images: %w", err)
	}
	defer rows.Close()
	out := []PoolImages{}
	for rows.Next() {
		var pi PoolImages
		if err := rows.Scan(&pi.Pool, &pi.Arch, &pi.Promoted, &pi.Fallback); err != nil {
			return nil, err
		}
		out = append(out, pi)
	}
	return out, rows.Err()
}
