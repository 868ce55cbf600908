package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ironbase/ironbase/catalog"
)

// Every server must know host i by the same MAC and address: ironbase by
// enrolment and a fixed address, dnsmasq by its hosts file, Kea by a
// reservation, perfdhcp by its MAC list.
func TestKnownHostsAgreeEverywhere(t *testing.T) {
	dir := t.TempDir()
	macList, hostsFile, err := writeKnownFiles(dir, 3)
	if err != nil {
		t.Fatal(err)
	}
	macs, _ := os.ReadFile(macList)
	hosts, _ := os.ReadFile(hostsFile)
	if string(macs) != "02:04:00:00:00:01\n02:04:00:00:00:02\n02:04:00:00:00:03\n" ||
		!strings.HasPrefix(string(hosts), "02:04:00:00:00:01,10.64.1.0\n02:04:00:00:00:02,10.64.1.1\n") {
		t.Errorf("MAC list:\n%s\nhosts file:\n%s", macs, hosts)
	}
	if r := keaReservations(3)[2].(map[string]any); r["hw-address"] != "02:04:00:00:00:03" || r["ip-address"] != "10.64.1.2" {
		t.Errorf("Kea reservation 2 = %v", r)
	}
	ctx := context.Background()
	st, err := catalog.Open(ctx, catalog.Config{Path: filepath.Join(dir, "catalog.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := enrolKnown(ctx, st, 3); err != nil {
		t.Fatal(err)
	}
	v, err := st.LeaseView(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, h := range v.Hosts {
		got[h.MAC] = h.Fixed.String()
	}
	for i := range 3 {
		if got[knownMAC(i)] != knownIP(i).String() {
			t.Errorf("known host %d: fixed address %q, want %s", i, got[knownMAC(i)], knownIP(i))
		}
	}
}
