package catalog

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestManagedHostsListsEveryState keeps managedHosts's list of states in
// step with the state table: every state but new and retired.
func TestManagedHostsListsEveryState(t *testing.T) {
	inList := regexp.MustCompile(`h\.state IN \(([^)]*)\)`).FindStringSubmatch(managedHosts)
	if inList == nil {
		t.Fatal("no state list in managedHosts")
	}
	var got []string
	for _, q := range strings.Split(inList[1], ",") {
		got = append(got, strings.Trim(strings.TrimSpace(q), "'"))
	}
	var want []string
	for st, name := range hostStateNames {
		if st != HostNew && st != HostRetired {
			want = append(want, name)
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("managedHosts lists %v, want %v", got, want)
	}
}

// TestLifecycleViewSkipsDiscoveredHosts: the view holds the managed hosts
// only, and SQLite finds them through an index rather than by walking
// every host (a DHCP storm leaves tens of thousands of new ones).
func TestLifecycleViewSkipsDiscoveredHosts(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	for i := range 20 {
		if _, err := s.Lease(ctx, leaseQ(fmt.Sprintf("52:54:00:00:01:%02x", i), true)); err != nil {
			t.Fatal(err)
		}
	}
	mustHost(t, s, "n1", "52:54:00:00:00:01")
	v, err := s.LifecycleView(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Hosts) != 1 || v.Hosts[0].Name != "n1" {
		t.Errorf("view has %d hosts (%+v), want n1 alone", len(v.Hosts), v.Hosts)
	}
	rows, err := s.r.QueryContext(ctx, "EXPLAIN QUERY PLAN "+hostViewSelect)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	for _, step := range plan {
		if step == "SCAN h" || strings.HasPrefix(step, "SCAN h USING") {
			t.Errorf("the lifecycle view walks every host: %q in plan %q", step, plan)
		}
	}
}
