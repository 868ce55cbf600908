package catalog

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// TagImage points NAME:TAG at the image ref resolves to; a tag that
// pointed elsewhere moves. Digests never change; tags do.
func (s *Store) TagImage(ctx context.Context, ref, nameTag, actor string) (Image, error) {
	name, tag, ok := strings.Cut(nameTag, ":")
	if !ok || ValidName("image", name) != nil || !tagRE.MatchString(tag) {
		return Image{}, Errorf(KindInvalid, "tag %q: want NAME:TAG (lower-case letters, digits, . _ -)", nameTag)
	}
	var digest string
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		im, err := imageTx(ctx, tx, ref)
		if err != nil {
			return err
		}
		digest = im.Digest
		if err := s.setTagTx(ctx, tx, name, tag, im.ID); err != nil {
			return err
		}
		_, err = s.appendEvent(ctx, tx, Event{Kind: "image.tagged", Subject: im.Digest, Actor: actor,
			Data: eventData(map[string]string{"tag": nameTag})})
		return err
	})
	if err != nil {
		return Image{}, err
	}
	return s.Image(ctx, digest)
}

// ImageTransition asks for an image state change.
type ImageTransition struct {
	To     ImageState
	Force  bool // allow a forced edge (promotion without evidence); recorded
	Reason string
	Actor  string
}

// TransitionImage moves an image along one edge of the image graph and
// records an "image.state" event in the same transaction.
func (s *Store) TransitionImage(ctx context.Context, ref string, t ImageTransition) (Image, error) {
	var digest string
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		im, err := imageTx(ctx, tx, ref)
		if err != nil {
			return err
		}
		digest = im.Digest
		return s.transitionImageTx(ctx, tx, im, t)
	})
	if err != nil {
		return Image{}, err
	}
	return s.Image(ctx, digest)
}

func (s *Store) transitionImageTx(ctx context.Context, tx *sql.Tx, im Image, t ImageTransition) error {
	subject := "image " + im.Digest
	if !im.State.CanTransition(t.To) {
		return &TransitionError{Subject: subject, From: im.State, To: t.To}
	}
	forced := ImageForcedEdge(im.State, t.To)
	if forced && !t.Force {
		return Errorf(KindConflict, "%s is %s: promoting it without verification evidence needs --force", subject, im.State)
	}
	_, err := tx.ExecContext(ctx, `UPDATE images SET state = ?, state_since = ?, forced = forced OR ? WHERE id = ?`,
		t.To.String(), s.now().UnixNano(), forced, im.ID)
	if err != nil {
		return fmt.Errorf("catalog: update image state: %w", err)
	}
	_, err = s.appendEvent(ctx, tx, Event{Kind: "image.state", Subject: im.Digest, Actor: t.Actor,
		Data: eventData(map[string]any{"from": im.State, "to": t.To, "reason": t.Reason, "forced": forced})})
	return err
}

// ReferencedBlobs returns every blob digest GC must keep (DESIGN.md
// invariant 4): the artifacts of every image that is not retired, of every
// image in a host slot, and of every pool's promoted image and pinned
// fallback, whatever their state.
func (s *Store) ReferencedBlobs(ctx context.Context) (map[string]bool, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT DISTINCT a.digest FROM image_artifacts a JOIN images i ON i.id = a.image_id
		WHERE i.state <> 'retired'
		   OR i.id IN (SELECT image_id FROM slots WHERE image_id IS NOT NULL)
		   OR i.id IN (SELECT promoted_id FROM pool_images WHERE promoted_id IS NOT NULL)
		   OR i.id IN (SELECT fallback_id FROM pool_images WHERE fallback_id IS NOT NULL)`)
	if err != nil {
		return nil, fmt.Errorf("catalog: referenced blobs: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return nil, err
		}
		out[d] = true
	}
	return out, rows.Err()
}
