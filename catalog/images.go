package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// CreateImage records an imported image in state `imported` and points the
// tag NAME:latest at it. Recording the same digest again returns the
// existing image unchanged.
func (s *Store) CreateImage(ctx context.Context, n NewImage, actor string) (Image, error) {
	if err := n.validate(); err != nil {
		return Image{}, err
	}
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if _, err := imageID(ctx, tx, n.Digest); err == nil {
			return nil // already recorded
		} else if !IsKind(err, KindNotFound) {
			return err
		}
		return s.insertImage(ctx, tx, n, actor)
	})
	if err != nil {
		return Image{}, err
	}
	return s.Image(ctx, n.Digest)
}

func (s *Store) insertImage(ctx context.Context, tx *sql.Tx, n NewImage, actor string) error {
	var parent any
	if n.Parent != "" {
		id, err := imageID(ctx, tx, n.Parent)
		if err != nil {
			return fmt.Errorf("parent: %w", err)
		}
		parent = id
	}
	now := s.now().UnixNano()
	res, err := tx.ExecContext(ctx, `INSERT INTO images (digest, name, version, arch, state, manifest, parent_id,
		created_at, state_since) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, n.Digest, n.Name, n.Version, n.Arch,
		ImageImported.String(), string(n.Manifest), parent, now, now)
	if err != nil {
		return fmt.Errorf("catalog: insert image: %w", err)
	}
	id, _ := res.LastInsertId()
	for _, a := range n.Artifacts {
		if _, err := tx.ExecContext(ctx, `INSERT INTO image_artifacts (image_id, role, position, digest, size, source)
			VALUES (?, ?, ?, ?, ?, ?)`, id, a.Role, a.Position, a.Digest, a.Size, a.Source); err != nil {
			return fmt.Errorf("catalog: insert artifact %s: %w", a.Role, err)
		}
	}
	if err := s.setTagTx(ctx, tx, n.Name, "latest", id); err != nil {
		return err
	}
	_, err = s.appendEvent(ctx, tx, Event{Kind: "image.imported", Subject: n.Digest, Actor: actor,
		Data: eventData(map[string]any{"name": n.Name, "version": n.Version, "arch": n.Arch, "parent": n.Parent})})
	return err
}

func imageID(ctx context.Context, tx *sql.Tx, digest string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM images WHERE digest = ?`, digest).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, Errorf(KindNotFound, "image %s not found", digest)
	}
	if err != nil {
		return 0, fmt.Errorf("catalog: find image: %w", err)
	}
	return id, nil
}

func (s *Store) setTagTx(ctx context.Context, tx *sql.Tx, name, tag string, id int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO image_tags (name, tag, image_id) VALUES (?, ?, ?)
		ON CONFLICT (name, tag) DO UPDATE SET image_id = excluded.image_id`, name, tag, id)
	if err != nil {
		return fmt.Errorf("catalog: tag %s:%s: %w", name, tag, err)
	}
	return nil
}
