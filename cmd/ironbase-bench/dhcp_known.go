package main

import (
	"context"
	"encoding/binary"
	"fmt"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

// Known hosts (-known N): the clients are N hosts every server knows in
// advance, as a lab's racks are. ironbase has them enrolled with a fixed
// address; Kea and dnsmasq have a host reservation for each (MAC → the
// same address). perfdhcp picks one of their MACs for every exchange.
const knownMACBase = 0x020400000000

func knownMAC(i int) string { return macString(uint64(knownMACBase + i + 1)) }

// knownIP is host i's address: the range from its start, the same on
// every server.
func knownIP(i int) netip.Addr {
	b := labFirst.As4()
	v := binary.BigEndian.Uint32(b[:]) + uint32(i)
	binary.BigEndian.PutUint32(b[:], v)
	return netip.AddrFrom4(b)
}

func macString(m uint64) string {
	return fmt.Sprintf("%02x:%02x:%02x:%02x:%02x:%02x", byte(m>>40), byte(m>>32), byte(m>>24), byte(m>>16), byte(m>>8), byte(m))
}

// writeKnownFiles writes perfdhcp's MAC list (-M) and dnsmasq's hosts
// file (MAC,IP per line) for n known hosts under dir.
func writeKnownFiles(dir string, n int) (macList, hostsFile string, err error) {
	var macs, hosts strings.Builder
	for i := range n {
		fmt.Fprintln(&macs, knownMAC(i))
		fmt.Fprintf(&hosts, "%s,%s\n", knownMAC(i), knownIP(i))
	}
	macList, hostsFile = dir+"/known-macs.txt", dir+"/known-hosts.txt"
	if err := os.WriteFile(macList, []byte(macs.String()), 0o644); err != nil {
		return "", "", err
	}
	return macList, hostsFile, os.WriteFile(hostsFile, []byte(hosts.String()), 0o644)
}

// keaReservations are Kea's host reservations for n known hosts.
func keaReservations(n int) []any {
	out := make([]any, n)
	for i := range n {
		out[i] = map[string]any{"hw-address": knownMAC(i), "ip-address": knownIP(i).String()}
	}
	return out
}

// enrolKnown enrols n known hosts in st, as an admin does (`host add` with
// the MAC), and gives each its fixed address through a DHCP commit for it,
// as its first boot would.
func enrolKnown(ctx context.Context, st *catalog.Store, n int) error {
	for i := range n {
		name := fmt.Sprintf("known-%d", i)
		if _, err := st.CreateHost(ctx, catalog.NewHost{Name: name, MACs: []string{knownMAC(i)}}, "bench"); err != nil {
			return fmt.Errorf("enrol %s: %w", name, err)
		}
		a, err := st.Lease(ctx, catalog.LeaseQuery{MAC: knownMAC(i), Requested: knownIP(i), Commit: true,
			Duration: time.Hour, Hold: time.Minute, First: labFirst, Last: labLast})
		if err != nil || !a.Fixed || a.IP != knownIP(i) {
			return fmt.Errorf("fix %s's address: %+v, %v; want %s", name, a, err, knownIP(i))
		}
	}
	return nil
}

// clients says who the trials' clients are, for the report.
func (o dhcpOptions) clients() string {
	if o.known > 0 {
		return fmt.Sprintf("%d known hosts (enrolled in ironbase, reserved in the peers)", o.known)
	}
	return "new clients"
}
