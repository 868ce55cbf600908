package catalog

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// StageRequest says where a candidate is staged: named hosts, or a count of
// idle ready hosts the store picks (spread over the pool's host classes).
// Neither: the pool's canary requirement, canaries_per_class per class.
type StageRequest struct {
	Pool  string   `json:"pool"`
	Hosts []string `json:"hosts,omitempty"`
	Count int      `json:"count,omitempty"`
}

// StageImage puts a candidate on slot B of idle ready hosts (never reserved
// ones); the controller then trial-boots each once. An imported image
// becomes a candidate. It returns the hosts staged.
func (s *Store) StageImage(ctx context.Context, ref string, req StageRequest, actor string) ([]string, error) {
	if len(req.Hosts) > 0 && req.Count > 0 {
		return nil, Errorf(KindInvalid, "give hosts or a count, not both")
	}
	var staged []string
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		im, err := stageableImage(ctx, tx, ref)
		if err != nil {
			return err
		}
		if staged, err = stageHosts(ctx, tx, req, im.Arch); err != nil {
			return err
		}
		if im.State == ImageImported {
			if err := s.transitionImageTx(ctx, tx, im, ImageTransition{To: ImageCandidate, Actor: actor,
				Reason: "staged on pool " + req.Pool}); err != nil {
				return err
			}
		}
		return s.stageOn(ctx, tx, im, staged, actor)
	})
	return staged, err
}

func stageableImage(ctx context.Context, tx *sql.Tx, ref string) (Image, error) {
	im, err := imageTx(ctx, tx, ref)
	if err != nil {
		return im, err
	}
	if im.Corrupt {
		return im, Errorf(KindConflict, "image %s is corrupt: it cannot be staged", im.Digest)
	}
	switch im.State {
	case ImageImported, ImageCandidate, ImageVerified:
		return im, nil
	}
	return im, Errorf(KindConflict, "image %s is %s: only imported, candidate or verified images can be staged", im.Digest, im.State)
}

func (s *Store) stageOn(ctx context.Context, tx *sql.Tx, im Image, hosts []string, actor string) error {
	for _, h := range hosts {
		if _, err := tx.ExecContext(ctx, `UPDATE slots SET image_id = ?, status = 'staged'
			WHERE slot = 'B' AND host_id = (SELECT id FROM hosts WHERE name = ?)`, im.ID, h); err != nil {
			return fmt.Errorf("catalog: stage on %s: %w", h, err)
		}
		if _, err := s.appendEvent(ctx, tx, Event{Kind: "image.staged", Host: h, Subject: im.Digest, Actor: actor,
			Data: eventData(map[string]string{"slot": "B"})}); err != nil {
			return err
		}
	}
	return nil
}

type stageCandidate struct {
	name, class string
}

// stageHosts checks the named hosts, or picks idle ready ones.
func stageHosts(ctx context.Context, tx *sql.Tx, req StageRequest, arch string) ([]string, error) {
	idle, err := idleHosts(ctx, tx, req.Pool, arch)
	if err != nil {
		return nil, err
	}
	if len(req.Hosts) > 0 {
		return namedIdle(req.Hosts, idle, req.Pool)
	}
	want := req.Count
	if want == 0 {
		return canaryPick(ctx, tx, req.Pool, idle)
	}
	if want > len(idle) {
		return nil, Errorf(KindConflict, "pool %s has %d idle ready %s hosts, %d asked", req.Pool, len(idle), arch, want)
	}
	return spread(idle, want), nil
}

// idleHosts are the pool's ready hosts of the arch with no trial pending.
func idleHosts(ctx context.Context, tx *sql.Tx, pool, arch string) ([]stageCandidate, error) {
	if _, err := poolID(ctx, tx, pool); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT h.name, COALESCE((SELECT value FROM host_tags WHERE host_id = h.id AND key = 'class'), h.arch || '/' || h.firmware)
		FROM hosts h JOIN pools p ON p.id = h.pool_id
		WHERE p.name = ? AND h.arch = ? AND h.state = 'ready'
		  AND NOT EXISTS (SELECT 1 FROM slots s WHERE s.host_id = h.id AND s.slot = 'B' AND s.status IN ('staged', 'trial', 'booted'))
		ORDER BY h.name`, pool, arch)
	if err != nil {
		return nil, fmt.Errorf("catalog: idle hosts: %w", err)
	}
	defer rows.Close()
	var out []stageCandidate
	for rows.Next() {
		var c stageCandidate
		if err := rows.Scan(&c.name, &c.class); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func namedIdle(names []string, idle []stageCandidate, pool string) ([]string, error) {
	var bad []string
	for _, n := range names {
		if !slices.ContainsFunc(idle, func(c stageCandidate) bool { return c.name == n }) {
			bad = append(bad, n)
		}
	}
	if len(bad) > 0 {
		return nil, Errorf(KindConflict, "not idle ready hosts of pool %s with the image's arch: %s", pool, strings.Join(bad, ", "))
	}
	return slices.Compact(slices.Sorted(slices.Values(names))), nil
}

// canaryPick picks canaries_per_class hosts of every class that has idle hosts.
func canaryPick(ctx context.Context, tx *sql.Tx, pool string, idle []stageCandidate) ([]string, error) {
	var per int
	if err := tx.QueryRowContext(ctx, `SELECT canaries_per_class FROM pools WHERE name = ?`, pool).Scan(&per); err != nil {
		return nil, fmt.Errorf("catalog: pool canaries: %w", err)
	}
	taken := map[string]int{}
	var out []string
	for _, c := range idle {
		if taken[c.class] < per {
			taken[c.class]++
			out = append(out, c.name)
		}
	}
	if len(out) == 0 {
		return nil, Errorf(KindConflict, "pool %s has no idle ready host to stage on", pool)
	}
	return out, nil
}

// spread takes n hosts round-robin over their classes.
func spread(idle []stageCandidate, n int) []string {
	byClass := map[string][]string{}
	var classes []string
	for _, c := range idle {
		if byClass[c.class] == nil {
			classes = append(classes, c.class)
		}
		byClass[c.class] = append(byClass[c.class], c.name)
	}
	var out []string
	for len(out) < n {
		for _, cl := range classes {
			if len(byClass[cl]) > 0 && len(out) < n {
				out = append(out, byClass[cl][0])
				byClass[cl] = byClass[cl][1:]
			}
		}
	}
	slices.Sort(out)
	return out
}
