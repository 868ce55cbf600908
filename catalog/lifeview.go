package catalog

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// HostView is one host as the lifecycle controller sees it: its state and
// phase clocks, its current boot and what the agent of that boot said, its
// slots and its pool's known-good image. It is a snapshot: the controller
// decides from it and writes its decision back with an expected state.
type HostView struct {
	Name, Pool, Arch, Firmware, Class string
	State                             HostState
	Phase, Reason, Alert, Command     string
	StateSince, PhaseSince, DHCPAt    time.Time
	Attempts                          int
	HasBMC                            bool

	Boot     BootView
	SlotA    string // image digest, "" for none
	SlotB    string
	SlotBSt  string // staged, trial, booted, passed, failed
	Promoted string // the pool's promoted image for the host's arch
	// Wanted: a pending reservation of the host's pool asks for the image
	// of its current boot as a candidate (a canary job).
	Wanted bool
}

// BootView is the host's current boot and its agent's latest reports.
type BootView struct {
	ID             int64
	Slot, Image    string
	Created        time.Time
	Hello, Seen    time.Time // zero until the agent says hello
	RunID          int64     // latest suite run of this boot, 0 for none
	RunResult      string
	RunEnded       time.Time
	Failing        []CheckResult // the latest run's failed or errored checks
	ImageIsPromote bool
}

// PoolView is a pool's lifecycle policy.
type PoolView struct {
	Name             string
	Heartbeat        time.Duration
	Recheck          time.Duration // 0: idle hosts are not re-verified
	MaxUnavailable   int
	CanariesPerClass int
}

// LifeView is everything the controller decides from, read in one snapshot.
type LifeView struct {
	Now   time.Time
	Hosts []HostView
	Pools map[string]PoolView
}

const hostViewSelect = `SELECT h.name, COALESCE(p.name, ''), h.arch, h.firmware,
	COALESCE((SELECT value FROM host_tags WHERE host_id = h.id AND key = 'class'), h.arch || '/' || h.firmware),
	h.state, h.phase, h.reason, h.alert, h.command, h.state_since, h.phase_since, h.dhcp_at, h.attempts,
	EXISTS (SELECT 1 FROM bmcs WHERE host_id = h.id),
	COALESCE(b.id, 0), COALESCE(b.slot, ''), COALESCE(bi.digest, ''), COALESCE(b.created_at, 0),
	COALESCE(b.hello_at, 0), COALESCE(b.seen_at, 0),
	COALESCE(v.id, 0), COALESCE(v.result, ''), COALESCE(v.ended_at, 0),
	COALESCE(ia.digest, ''), COALESCE(ib.digest, ''), COALESCE(sb.status, ''), COALESCE(ip.digest, ''),
	EXISTS (SELECT 1 FROM reservations r WHERE r.state = 'pending' AND r.pool_id = h.pool_id AND r.image_id = b.image_id)
	FROM hosts h
	LEFT JOIN pools p ON p.id = h.pool_id
	LEFT JOIN boots b ON b.id = h.current_boot_id
	LEFT JOIN images bi ON bi.id = b.image_id
	LEFT JOIN verification_runs v ON v.id = (SELECT MAX(id) FROM verification_runs WHERE boot_id = b.id)
	LEFT JOIN slots sa ON sa.host_id = h.id AND sa.slot = 'A' LEFT JOIN images ia ON ia.id = sa.image_id
	LEFT JOIN slots sb ON sb.host_id = h.id AND sb.slot = 'B' LEFT JOIN images ib ON ib.id = sb.image_id
	LEFT JOIN pool_images pi ON pi.pool_id = h.pool_id AND pi.arch = h.arch
	LEFT JOIN images ip ON ip.id = pi.promoted_id AND ip.state = 'promoted' AND ip.corrupt = 0
	WHERE ` + managedHosts + `
	ORDER BY +h.name`

// managedHosts selects the hosts the controller drives, every state but
// new and retired, through the hosts_pool_state index: discovered hosts
// (new, no pool) can be tens of thousands after a DHCP storm, and
// scanning them made every reconcile step cost milliseconds (7 ms at 50k)
// while each discovery's event woke the controller. The unary + keeps
// SQLite from walking the name index to sort instead; the list of states
// is checked against the state table by TestManagedHostsListsEveryState.
const managedHosts = `((h.pool_id IS NULL AND h.state IN ('enrolled', 'provisioning', 'verifying',
	'ready', 'reserved', 'cleaning', 'trial', 'recovering', 'quarantined', 'maintenance'))
	OR (h.pool_id > 0 AND h.state NOT IN ('new', 'retired')))`

// LifecycleView reads every managed host and pool in one snapshot.
func (s *Store) LifecycleView(ctx context.Context) (LifeView, error) {
	v := LifeView{Now: s.now(), Pools: map[string]PoolView{}}
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		if v.Pools, err = poolViews(ctx, tx); err != nil {
			return err
		}
		if v.Hosts, err = hostViews(ctx, tx); err != nil {
			return err
		}
		return fillFailing(ctx, tx, v.Hosts)
	})
	return v, err
}

func hostViews(ctx context.Context, tx *sql.Tx) ([]HostView, error) {
	rows, err := tx.QueryContext(ctx, hostViewSelect)
	if err != nil {
		return nil, fmt.Errorf("catalog: lifecycle view: %w", err)
	}
	defer rows.Close()
	var out []HostView
	for rows.Next() {
		h, err := scanHostView(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

func scanHostView(rows *sql.Rows) (HostView, error) {
	var h HostView
	var state string
	var since, phase, dhcp, created, hello, seen, ended int64
	err := rows.Scan(&h.Name, &h.Pool, &h.Arch, &h.Firmware, &h.Class, &state, &h.Phase, &h.Reason, &h.Alert,
		&h.Command, &since, &phase, &dhcp, &h.Attempts, &h.HasBMC,
		&h.Boot.ID, &h.Boot.Slot, &h.Boot.Image, &created, &hello, &seen,
		&h.Boot.RunID, &h.Boot.RunResult, &ended, &h.SlotA, &h.SlotB, &h.SlotBSt, &h.Promoted, &h.Wanted)
	if err != nil {
		return h, fmt.Errorf("catalog: lifecycle view: %w", err)
	}
	if h.State, err = ParseHostState(state); err != nil {
		return h, err
	}
	h.StateSince, h.PhaseSince, h.DHCPAt = unixTime(since), unixTime(phase), unixTime(dhcp)
	h.Boot.Created, h.Boot.Hello, h.Boot.Seen, h.Boot.RunEnded = unixTime(created), unixTime(hello), unixTime(seen), unixTime(ended)
	h.Boot.ImageIsPromote = h.Boot.Image != "" && h.Boot.Image == h.Promoted
	return h, nil
}

// unixTime turns stored nanoseconds into a time; 0 is the zero time.
func unixTime(ns int64) time.Time {
	if ns == 0 {
		return time.Time{}
	}
	return time.Unix(0, ns).UTC()
}

func fillFailing(ctx context.Context, tx *sql.Tx, hosts []HostView) error {
	for i := range hosts {
		b := &hosts[i].Boot
		if b.RunID == 0 || b.RunResult == "pass" {
			continue
		}
		rows, err := tx.QueryContext(ctx, `SELECT name, result, class, expected, observed FROM check_results
			WHERE run_id = ? AND result != 'pass' ORDER BY name`, b.RunID)
		if err != nil {
			return fmt.Errorf("catalog: failing checks: %w", err)
		}
		for rows.Next() {
			var c CheckResult
			if err := rows.Scan(&c.Name, &c.Result, &c.Class, &c.Expected, &c.Observed); err != nil {
				rows.Close()
				return err
			}
			b.Failing = append(b.Failing, c)
		}
		rows.Close()
	}
	return nil
}

func poolViews(ctx context.Context, tx *sql.Tx) (map[string]PoolView, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name, heartbeat_secs, recheck_secs, max_unavailable, canaries_per_class FROM pools`)
	if err != nil {
		return nil, fmt.Errorf("catalog: pool views: %w", err)
	}
	defer rows.Close()
	out := map[string]PoolView{}
	for rows.Next() {
		var p PoolView
		var hb, re int64
		if err := rows.Scan(&p.Name, &hb, &re, &p.MaxUnavailable, &p.CanariesPerClass); err != nil {
			return nil, err
		}
		p.Heartbeat, p.Recheck = time.Duration(hb)*time.Second, time.Duration(re)*time.Second
		out[p.Name] = p
	}
	return out, rows.Err()
}
