package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"net/netip"
	"time"
)

// LeaseQuery asks for an address for a MAC on the DHCP segment.
type LeaseQuery struct {
	MAC       string     // normalised (ParseMAC)
	Requested netip.Addr // the client's wish; zero when none
	Commit    bool       // false: an offer held for Hold; true: bound for Duration
	Duration  time.Duration
	Hold      time.Duration
	First     netip.Addr // the dynamic range, inclusive
	Last      netip.Addr
}

// LeaseAnswer is the address chosen and the host it belongs to.
type LeaseAnswer struct {
	IP   netip.Addr
	Host string // empty only for a MAC seen before any host row exists
}

// ErrRangeFull and ErrNotYours steer the DHCP server's reply.
var (
	ErrRangeFull = errors.New("no free address in the DHCP range")
	ErrNotYours  = errors.New("requested address belongs to another client")
)

// Lease decides a DHCP address in one transaction. An enrolled host keeps
// one fixed address (hosts.ip), assigned from the range the first time it
// asks and never handed to anyone else. An unknown MAC is recorded as a
// `new` host (discovery) and gets an expiring lease. An address is free when
// no host holds it and no other MAC has an unexpired lease on it.
func (s *Store) Lease(ctx context.Context, q LeaseQuery) (LeaseAnswer, error) {
	var ans LeaseAnswer
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		ans, err = s.leaseTx(ctx, tx, q)
		return err
	})
	return ans, err
}

func (s *Store) leaseTx(ctx context.Context, tx *sql.Tx, q LeaseQuery) (LeaseAnswer, error) {
	host, state, fixed, err := hostByMAC(ctx, tx, q.MAC)
	if err != nil {
		return LeaseAnswer{}, err
	}
	if host == "" {
		if host, err = s.discover(ctx, tx, q.MAC); err != nil {
			return LeaseAnswer{}, err
		}
		state = HostNew
	}
	if fixed.IsValid() {
		if q.Commit && q.Requested.IsValid() && q.Requested != fixed {
			return LeaseAnswer{}, fmt.Errorf("%w: %s is not %s's address", ErrNotYours, q.Requested, q.MAC)
		}
		return LeaseAnswer{IP: fixed, Host: host}, nil
	}
	ip, err := s.pickAddress(ctx, tx, q)
	if err != nil {
		return LeaseAnswer{}, err
	}
	if state != HostNew {
		return LeaseAnswer{IP: ip, Host: host}, s.fixAddress(ctx, tx, host, q.MAC, ip)
	}
	return LeaseAnswer{IP: ip, Host: host}, s.putLease(ctx, tx, q, ip)
}

func hostByMAC(ctx context.Context, tx *sql.Tx, mac string) (string, HostState, netip.Addr, error) {
	var name, state, ip string
	err := tx.QueryRowContext(ctx, `SELECT h.name, h.state, COALESCE(h.ip, '') FROM host_macs m
		JOIN hosts h ON h.id = m.host_id WHERE m.mac = ?`, mac).Scan(&name, &state, &ip)
	if errors.Is(err, sql.ErrNoRows) {
		return "", 0, netip.Addr{}, nil
	}
	if err != nil {
		return "", 0, netip.Addr{}, fmt.Errorf("catalog: host by MAC: %w", err)
	}
	st, err := ParseHostState(state)
	if err != nil {
		return "", 0, netip.Addr{}, err
	}
	addr, _ := netip.ParseAddr(ip)
	return name, st, addr, nil
}

// discover records an unknown MAC as a `new` host named after it.
func (s *Store) discover(ctx context.Context, tx *sql.Tx, mac string) (string, error) {
	name := "mac-" + stripColons(mac)
	nh := NewHost{Name: name, MACs: []string{mac}, Arch: "x86_64", Firmware: "bios"}
	id, err := s.insertHost(ctx, tx, nh, HostNew)
	if err != nil {
		return "", err
	}
	if err := s.insertHostParts(ctx, tx, id, nh); err != nil {
		return "", err
	}
	_, err = s.appendEvent(ctx, tx, Event{Kind: "host.discovered", Host: name, Actor: "dhcp",
		Data: eventData(map[string]any{"state": HostNew, "mac": mac})})
	return name, err
}

func stripColons(mac string) string {
	out := make([]byte, 0, 12)
	for i := 0; i < len(mac); i++ {
		if mac[i] != ':' {
			out = append(out, mac[i])
		}
	}
	return string(out)
}

// macHash spreads first probes over the range so each MAC tends to get the
// same address back and allocation stays O(1) probes when the range is sparse.
func macHash(mac string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(mac))
	return h.Sum32()
}
