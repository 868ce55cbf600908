package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// latestChecks is a column: the check results of the latest suite run of
// boot b as a JSON array (what fillChecks reads), so a grant or release
// answers with provenance without a query per host. No ORDER BY in SQL:
// every sort there is a temporary b-tree, which costs more than the rest of
// the query; decodeChecks sorts.
const latestChecks = `(SELECT json_group_array(json_object('name', c.name, 'result', c.result, 'class', c.class,
	'expected', c.expected, 'observed', c.observed)) FROM check_results c
	WHERE c.run_id = (SELECT v.id FROM verification_runs v WHERE v.boot_id = b.id ORDER BY v.id DESC LIMIT 1))`

// decodeChecks reads a latestChecks column in name order.
func decodeChecks(b []byte) ([]CheckResult, error) {
	var out []CheckResult
	if err := json.Unmarshal(b, &out); err != nil || len(out) == 0 {
		return nil, err // none: nil, as fillChecks leaves it
	}
	slices.SortFunc(out, func(a, b CheckResult) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// heldHost is a host still `reserved` by the reservation being ended.
type heldHost struct {
	id   int64
	name string
}

const leaseHostsQuery = `SELECT h.id, h.name, h.state = 'reserved', COALESCE(b.slot, ''), COALESCE(i.digest, ''),
	COALESCE(b.kernel, ''), COALESCE(b.id, 0),
	COALESCE((SELECT v.result FROM verification_runs v WHERE v.boot_id = b.id ORDER BY v.id DESC LIMIT 1), ''), ` + latestChecks + `
	FROM reservation_hosts rh JOIN hosts h ON h.id = rh.host_id LEFT JOIN boots b ON b.id = rh.boot_id
	LEFT JOIN images i ON i.id = b.image_id WHERE rh.reservation_id = +?`

// leaseHosts fills r.Hosts with every host of the reservation and its
// provenance (what fillProvenance reads) and returns those still reserved;
// both by name, sorted here rather than by a temporary b-tree.
func leaseHosts(ctx context.Context, tx *sql.Tx, r *Reservation) ([]heldHost, error) {
	rows, err := tx.QueryContext(ctx, leaseHostsQuery, r.ID)
	if err != nil {
		return nil, fmt.Errorf("catalog: lease hosts: %w", err)
	}
	defer rows.Close()
	var held []heldHost
	r.Hosts = []ReservedHost{}
	for rows.Next() {
		var id int64
		var reserved bool
		var checks []byte
		h := ReservedHost{Candidate: r.Image != ""}
		if err := rows.Scan(&id, &h.Host, &reserved, &h.Slot, &h.Image, &h.Kernel, &h.Boot, &h.Suite, &checks); err != nil {
			return nil, err
		}
		if h.Checks, err = decodeChecks(checks); err != nil {
			return nil, fmt.Errorf("catalog: host %s checks: %w", h.Host, err)
		}
		if reserved {
			held = append(held, heldHost{id: id, name: h.Host})
		}
		r.Hosts = append(r.Hosts, h)
	}
	slices.SortFunc(r.Hosts, func(a, b ReservedHost) int { return strings.Compare(a.Host, b.Host) })
	slices.SortFunc(held, func(a, b heldHost) int { return strings.Compare(a.name, b.name) })
	return held, rows.Err()
}
