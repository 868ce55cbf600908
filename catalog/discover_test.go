package catalog

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
)

// TestDiscoverMatchesCreateHost keeps the discovery statements in step
// with insertHost, insertHostParts and appendEvent.
func TestDiscoverMatchesCreateHost(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	if rep, err := s.Discover(ctx, []string{"52:54:00:00:00:01"}); err != nil || len(rep.Hosts) != 1 {
		t.Fatalf("Discover = %+v, %v", rep, err)
	}
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error { // the general path
		nh := NewHost{Name: "mac-525400000002", MACs: []string{"52:54:00:00:00:02"}, Arch: "x86_64", Firmware: "bios"}
		id, err := s.insertHost(ctx, tx, nh, HostNew)
		if err != nil {
			return err
		}
		if err := s.insertHostParts(ctx, tx, id, nh); err != nil {
			return err
		}
		_, err = s.appendEvent(ctx, tx, Event{Kind: "host.discovered", Host: nh.Name, Actor: "dhcp",
			Data: eventData(map[string]any{"state": HostNew, "mac": "52:54:00:00:00:02"})})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	a, errA := s.Host(ctx, "mac-525400000001")
	b, errB := s.Host(ctx, "mac-525400000002")
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	a.ID, a.Name, a.MACs, b.ID, b.Name, b.MACs = 0, "", nil, 0, "", nil
	if fmt.Sprintf("%+v", a) != fmt.Sprintf("%+v", b) {
		t.Errorf("discovered by Discover:\n%+v\nby insertHost:\n%+v", a, b)
	}
	evs, _ := s.ListEvents(ctx, EventFilter{Kind: "host.discovered"})
	if len(evs) != 2 || string(evs[0].Data) != `{"mac":"52:54:00:00:00:01","state":"new"}` ||
		string(evs[1].Data) != `{"mac":"52:54:00:00:00:02","state":"new"}` {
		t.Errorf("events: %+v", evs)
	}
}

// A MAC enrolled between its lease and its discovery keeps its enrolled
// host; a name taken by another host and a malformed MAC are refused
// alone, and the rest of the batch is recorded.
func TestDiscoverSkipsKnownAndRefusesConflicts(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	for _, mac := range []string{"52:54:00:00:00:01", "52:54:00:00:00:02", "52:54:00:00:00:03"} {
		if _, err := s.Lease(ctx, leaseQ(mac, true)); err != nil {
			t.Fatal(err)
		}
	}
	mustHost(t, s, "n1", "52:54:00:00:00:01")               // enrolled meanwhile
	mustHost(t, s, "mac-525400000002", "52:54:00:00:00:99") // the name …:02 would get
	rep, err := s.Discover(ctx, []string{"52:54:00:00:00:01", "52:54:00:00:00:02", "not-a-mac", "52:54:00:00:00:03"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Hosts) != 1 || rep.Hosts[0] != "mac-525400000003" {
		t.Errorf("recorded %v, want mac-525400000003 alone", rep.Hosts)
	}
	if len(rep.Refused) != 2 || KindOf(rep.Refused[0]) != KindConflict || KindOf(rep.Refused[1]) != KindInvalid {
		t.Errorf("refused %v, want the name conflict of …:02 and the malformed MAC", rep.Refused)
	}
	if h, err := s.Host(ctx, "n1"); err != nil || h.State != HostEnrolled {
		t.Errorf("n1 = %+v, %v; want it still enrolled", h, err)
	}
	if n := countRows(t, s, "hosts"); n != 3 {
		t.Errorf("%d hosts, want 3 (n1, the conflicting one, …:03)", n)
	}
	if macs, _ := s.Undiscovered(ctx); len(macs) != 1 || macs[0] != "52:54:00:00:00:02" {
		t.Errorf("Undiscovered = %v, want the conflicting …:02 alone", macs)
	}
}
