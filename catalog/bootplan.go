package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// BootPlan is what a host boots next: the image on its slot and a fresh
// boot ticket whose token goes on the kernel command line.
type BootPlan struct {
	Ticket  BootTicket
	Image   Image
	Cmdline string // the image's kernel command line
}

// noBootStates are states in which a host is told there is nothing to
// boot: not accepted, set aside, or gone.
var noBootStates = map[HostState]string{
	HostNew: "discovered, waiting for `ironbase host accept`", HostQuarantined: "quarantined",
	HostRetired: "retired",
}

// PlanBoot decides a host's next boot: slot B once when a trial is due
// (host in `trial`, slot B status trial), otherwise its slot A image, or,
// when slot A is still empty, its pool's promoted image for its arch
// (which then becomes slot A). It opens a new boot (StartBoot). A host with nothing to
// boot gets a conflict error whose message says why.
func (s *Store) PlanBoot(ctx context.Context, host string) (BootPlan, error) {
	h, err := s.Host(ctx, host)
	if err != nil {
		return BootPlan{}, err
	}
	if why, ok := noBootStates[h.State]; ok {
		return BootPlan{}, Errorf(KindConflict, "host %s is %s", host, why)
	}
	if _, err := s.slotOrPromoted(ctx, h); err != nil {
		return BootPlan{}, err
	}
	t, _, err := s.startTrialBoot(ctx, host)
	if err != nil {
		return BootPlan{}, err
	}
	im, err := s.Image(ctx, t.Image)
	if err != nil {
		return BootPlan{}, err
	}
	var m struct {
		Cmdline string `json:"cmdline"`
	}
	json.Unmarshal(im.Manifest, &m) //nolint:errcheck // a manifest without a cmdline boots without one
	return BootPlan{Ticket: t, Image: im, Cmdline: m.Cmdline}, nil
}

func (s *Store) slotOrPromoted(ctx context.Context, h Host) (string, error) {
	var digest string
	err := s.r.QueryRowContext(ctx, `SELECT i.digest FROM slots sl JOIN images i ON i.id = sl.image_id
		WHERE sl.host_id = ? AND sl.slot = 'A'`, h.ID).Scan(&digest)
	if err == nil {
		return digest, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("catalog: read slot A: %w", err)
	}
	if h.Pool == "" {
		return "", Errorf(KindConflict, "host %s is in no pool and has no image on slot A", h.Name)
	}
	err = s.r.QueryRowContext(ctx, `SELECT i.digest FROM pool_images pi JOIN pools p ON p.id = pi.pool_id
		JOIN images i ON i.id = pi.promoted_id WHERE p.name = ? AND pi.arch = ?`, h.Pool, h.Arch).Scan(&digest)
	if errors.Is(err, sql.ErrNoRows) {
		return "", Errorf(KindConflict, "pool %s has no promoted %s image yet", h.Pool, h.Arch)
	}
	if err != nil {
		return "", fmt.Errorf("catalog: read promoted image: %w", err)
	}
	return digest, s.SetSlot(ctx, h.Name, "A", digest, "", "boot")
}
