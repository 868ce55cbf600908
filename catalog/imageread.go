package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

const imageSelect = `SELECT i.id, i.digest, i.name, i.version, i.arch, i.state, i.forced, i.corrupt,
	COALESCE(p.digest, ''), i.manifest, i.created_at, i.state_since
	FROM images i LEFT JOIN images p ON p.id = i.parent_id`

func scanImage(row interface{ Scan(...any) error }) (Image, error) {
	var im Image
	var state, manifest string
	var created, since int64
	err := row.Scan(&im.ID, &im.Digest, &im.Name, &im.Version, &im.Arch, &state, &im.Forced, &im.Corrupt,
		&im.Parent, &manifest, &created, &since)
	if err != nil {
		return im, err
	}
	im.State, err = ParseImageState(state)
	im.Manifest = json.RawMessage(manifest)
	im.CreatedAt, im.StateSince = time.Unix(0, created).UTC(), time.Unix(0, since).UTC()
	im.Artifacts, im.Tags = []Artifact{}, []string{}
	return im, err
}

// Image resolves ref — a digest, a unique digest prefix of at least 8 hex
// digits ("sha256:1a2b3c4d"), NAME:TAG, or NAME (= NAME:latest) — to an image.
func (s *Store) Image(ctx context.Context, ref string) (Image, error) {
	var im Image
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		im, err = imageTx(ctx, tx, ref)
		return err
	})
	return im, err
}

func imageTx(ctx context.Context, tx *sql.Tx, ref string) (Image, error) {
	q, args := imageRefQuery(ref)
	ims, err := queryImages(ctx, tx, q, args...)
	switch {
	case err != nil:
		return Image{}, err
	case len(ims) == 0:
		return Image{}, Errorf(KindNotFound, "image %s not found", ref)
	case len(ims) > 1:
		return Image{}, Errorf(KindInvalid, "image %s is ambiguous: give more of the digest", ref)
	}
	return ims[0], nil
}

func imageRefQuery(ref string) (string, []any) {
	if hex, ok := strings.CutPrefix(ref, "sha256:"); ok {
		if len(hex) >= 8 && len(hex) < 64 {
			return imageSelect + ` WHERE i.digest LIKE ? ESCAPE '\'`, []any{"sha256:" + escapeLike(hex) + "%"}
		}
		return imageSelect + ` WHERE i.digest = ?`, []any{ref}
	}
	name, tag, ok := strings.Cut(ref, ":")
	if !ok {
		tag = "latest"
	}
	return imageSelect + ` JOIN image_tags t ON t.image_id = i.id WHERE t.name = ? AND t.tag = ?`, []any{name, tag}
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// ListImages returns every image, newest first.
func (s *Store) ListImages(ctx context.Context) ([]Image, error) {
	var ims []Image
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		ims, err = queryImages(ctx, tx, imageSelect+` ORDER BY i.id DESC`)
		return err
	})
	return ims, err
}

func queryImages(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]Image, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("catalog: query images: %w", err)
	}
	defer rows.Close()
	ims := []Image{}
	for rows.Next() {
		im, err := scanImage(rows)
		if err != nil {
			return nil, fmt.Errorf("catalog: scan image: %w", err)
		}
		ims = append(ims, im)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range ims {
		if err := fillImageParts(ctx, tx, &ims[i]); err != nil {
			return nil, err
		}
	}
	return ims, nil
}

func fillImageParts(ctx context.Context, tx *sql.Tx, im *Image) error {
	rows, err := tx.QueryContext(ctx, `SELECT role, position, digest, size, source FROM image_artifacts
		WHERE image_id = ? ORDER BY CASE role WHEN 'kernel' THEN 0 WHEN 'initrd' THEN 1 WHEN 'rootfs' THEN 2
		WHEN 'layer' THEN 3 ELSE 4 END, position`, im.ID)
	if err != nil {
		return fmt.Errorf("catalog: query artifacts: %w", err)
	}
	for rows.Next() {
		var a Artifact
		if err := rows.Scan(&a.Role, &a.Position, &a.Digest, &a.Size, &a.Source); err != nil {
			rows.Close()
			return fmt.Errorf("catalog: scan artifact: %w", err)
		}
		im.Artifacts = append(im.Artifacts, a)
	}
	rows.Close()
	trows, err := tx.QueryContext(ctx, `SELECT name || ':' || tag FROM image_tags WHERE image_id = ? ORDER BY 1`, im.ID)
	if err != nil {
		return fmt.Errorf("catalog: query tags: %w", err)
	}
	defer trows.Close()
	for trows.Next() {
		var t string
		if err := trows.Scan(&t); err != nil {
			return err
		}
		im.Tags = append(im.Tags, t)
	}
	return trows.Err()
}
