package catalog

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestCreateHostRoundTrip(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	mustPool(t, s, "lab")
	nh := NewHost{Name: "node1", MACs: []string{"52-54-00-AA-BB-01", "52:54:00:aa:bb:02"}, Pool: "lab",
		Firmware: "uefi", Tags: map[string]string{"gpu": "nvidia"},
		BMC: &BMCCredentials{BMCInfo: BMCInfo{Address: "10.0.0.5", Username: "admin"}, Password: "hunter2"}}
	got, err := s.CreateHost(ctx, nh, "test")
	if err != nil {
		t.Fatal(err)
	}
	want := Host{Name: "node1", State: HostEnrolled, Pool: "lab", Arch: "x86_64", Firmware: "uefi",
		MACs: []string{"52:54:00:aa:bb:01", "52:54:00:aa:bb:02"}, Tags: map[string]string{"gpu": "nvidia"},
		BMC:   &BMCInfo{Address: "10.0.0.5:623", Username: "admin", Interface: "lanplus", CipherSuite: -1},
		Slots: []Slot{{Slot: "A"}, {Slot: "B"}}}
	if d := cmp.Diff(want, got, cmpopts.IgnoreFields(Host{}, "ID", "CreatedAt", "StateSince")); d != "" {
		t.Errorf("host (-want +got):\n%s", d)
	}
	creds, err := s.BMCCredentials(ctx, "node1")
	if err != nil || creds.Password.Reveal() != "hunter2" {
		t.Errorf("BMCCredentials = %v, %v; want the password back", creds.Password.Reveal(), err)
	}
}

func TestCreateHostBadInputWritesNothing(t *testing.T) {
	s := newTestStore(t)
	mustPool(t, s, "lab")
	mustHost(t, s, "taken", "52:54:00:00:00:01")
	bmc := func(pw Secret) *BMCCredentials {
		return &BMCCredentials{BMCInfo: BMCInfo{Address: "10.0.0.5:623", Username: "u"}, Password: pw}
	}
	cases := []struct {
		name string
		nh   NewHost
		kind Kind
	}{
		{"duplicate MAC", NewHost{Name: "h2", MACs: []string{"52:54:00:00:00:01"}}, KindConflict},
		{"duplicate MAC in second slot", NewHost{Name: "h2", MACs: []string{"52:54:00:00:00:02", "52:54:00:00:00:01"}}, KindConflict},
		{"duplicate name", NewHost{Name: "taken", MACs: []string{"52:54:00:00:00:03"}}, KindConflict},
		{"malformed MAC", NewHost{Name: "h2", MACs: []string{"52:54:00:zz:00:01"}}, KindInvalid},
		{"no MAC", NewHost{Name: "h2"}, KindInvalid},
		{"unknown pool", NewHost{Name: "h2", MACs: []string{"52:54:00:00:00:04"}, Pool: "nope"}, KindNotFound},
		{"bad name", NewHost{Name: "H 2", MACs: []string{"52:54:00:00:00:04"}}, KindInvalid},
		{"bad tag", NewHost{Name: "h2", MACs: []string{"52:54:00:00:00:04"}, Tags: map[string]string{"Bad Key": "x"}}, KindInvalid},
		{"bad firmware", NewHost{Name: "h2", MACs: []string{"52:54:00:00:00:04"}, Firmware: "coreboot"}, KindInvalid},
		{"BMC without password", NewHost{Name: "h2", MACs: []string{"52:54:00:00:00:04"}, BMC: bmc("")}, KindInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hosts, events, macs := countRows(t, s, "hosts"), countRows(t, s, "events"), countRows(t, s, "host_macs")
			_, err := s.CreateHost(context.Background(), tc.nh, "test")
			if KindOf(err) != tc.kind {
				t.Errorf("err = %v (kind %s), want kind %s", err, KindOf(err), tc.kind)
			}
			if countRows(t, s, "hosts") != hosts || countRows(t, s, "events") != events || countRows(t, s, "host_macs") != macs {
				t.Error("a refused host wrote rows")
			}
		})
	}
}

func TestBMCPasswordNeverStoredInClear(t *testing.T) {
	s := newTestStore(t)
	const pw = "S3cr3t-Pa55w0rd-XYZ"
	_, err := s.CreateHost(context.Background(), NewHost{Name: "h1", MACs: []string{"52:54:00:00:00:01"},
		BMC: &BMCCredentials{BMCInfo: BMCInfo{Address: "bmc1", Username: "root"}, Password: pw}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(s.path + "*") // the database, its WAL and shm
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if bytes.Contains(b, []byte(pw)) {
			t.Errorf("%s contains the BMC password in clear text", filepath.Base(f))
		}
	}
	if len(files) == 0 {
		t.Fatal("no database files found")
	}
}

func TestSealedPasswordBoundToHost(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	for _, n := range []string{"h1", "h2"} {
		_, err := s.CreateHost(ctx, NewHost{Name: n, MACs: []string{macFor(len(n) + int(n[1]))},
			BMC: &BMCCredentials{BMCInfo: BMCInfo{Address: "bmc", Username: "u"}, Password: Secret("pw-" + n)}}, "t")
		if err != nil {
			t.Fatal(err)
		}
	}
	// Copy h1's ciphertext onto h2: it must not decrypt as h2's password.
	if _, err := s.w.Exec(`UPDATE bmcs SET password_enc = (SELECT password_enc FROM bmcs b JOIN hosts h
		ON h.id = b.host_id WHERE h.name = 'h1') WHERE host_id = (SELECT id FROM hosts WHERE name = 'h2')`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.BMCCredentials(ctx, "h2"); err == nil {
		t.Fatal("a ciphertext moved to another host decrypted")
	}
}

func TestListHostsFilters(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	mustPool(t, s, "a")
	s.CreateHost(ctx, NewHost{Name: "x1", MACs: []string{"52:54:00:00:00:01"}, Pool: "a"}, "t")
	s.CreateHost(ctx, NewHost{Name: "x2", MACs: []string{"52:54:00:00:00:02"}}, "t")
	s.TransitionHost(ctx, "x2", HostTransition{To: HostMaintenance})
	for _, tc := range []struct {
		f    HostFilter
		want []string
	}{
		{HostFilter{}, []string{"x1", "x2"}},
		{HostFilter{Pool: "a"}, []string{"x1"}},
		{HostFilter{State: HostMaintenance}, []string{"x2"}},
	} {
		hs, err := s.ListHosts(ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range hs {
			got = append(got, h.Name)
		}
		if d := cmp.Diff(tc.want, got); d != "" {
			t.Errorf("ListHosts(%+v) (-want +got):\n%s", tc.f, d)
		}
	}
}

func TestHostByMAC(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	s.CreateHost(ctx, NewHost{Name: "n1", MACs: []string{"52:54:00:00:00:01", "52:54:00:00:00:02"}}, "t")
	if h, err := s.HostByMAC(ctx, "52-54-00-00-00-02"); err != nil || h.Name != "n1" || len(h.MACs) != 2 {
		t.Fatalf("HostByMAC = %+v, %v", h, err)
	}
	if _, err := s.HostByMAC(ctx, "52:54:00:00:00:03"); !IsKind(err, KindNotFound) {
		t.Errorf("unknown MAC: err = %v, want not found", err)
	}
	if _, err := s.HostByMAC(ctx, "zz"); !IsKind(err, KindInvalid) {
		t.Errorf("bad MAC: err = %v, want invalid", err)
	}
}
