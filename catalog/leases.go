package catalog

import (
	"context"
	"encoding/json"
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
	IP    netip.Addr
	Host  string // empty only for a MAC seen before any host row exists
	Fixed bool   // IP is the host's fixed address (hosts.ip), not a lease
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
	err := s.writeLeases(ctx, func(p *leaseStmts) error {
		var err error
		ans, err = p.lease(ctx, q)
		return err
	})
	return ans, err
}

// lease decides first and writes after: every answer error (ErrNotYours,
// ErrRangeFull, an invalid range) comes before the query wrote anything, so
// a batch of queries in one transaction can report it and carry on.
func (p *leaseStmts) lease(ctx context.Context, q LeaseQuery) (LeaseAnswer, error) {
	if err := ctx.Err(); err != nil {
		return LeaseAnswer{}, err
	}
	host, state, fixed, err := p.hostByMAC(q.MAC)
	if err != nil {
		return LeaseAnswer{}, err
	}
	if fixed.IsValid() {
		if q.Commit && q.Requested.IsValid() && q.Requested != fixed {
			return LeaseAnswer{}, fmt.Errorf("%w: %s is not %s's address", ErrNotYours, q.Requested, q.MAC)
		}
		return LeaseAnswer{IP: fixed, Host: host, Fixed: true}, nil
	}
	ip, err := p.pickAddress(q)
	if err != nil {
		return LeaseAnswer{}, err
	}
	if host == "" {
		if host, err = p.discover(q.MAC); err != nil {
			return LeaseAnswer{}, err
		}
		state = HostNew
	}
	if state != HostNew {
		return LeaseAnswer{IP: ip, Host: host, Fixed: true}, p.fixAddress(host, q.MAC, ip)
	}
	return LeaseAnswer{IP: ip, Host: host}, p.putLease(q, ip)
}

func (p *leaseStmts) hostByMAC(mac string) (string, HostState, netip.Addr, error) {
	var name, state, ip string
	found, err := p.row(stHostByMAC, []any{mac}, &name, &state, &ip)
	if err != nil {
		return "", 0, netip.Addr{}, fmt.Errorf("catalog: host by MAC: %w", err)
	}
	if !found {
		return "", 0, netip.Addr{}, nil
	}
	st, err := ParseHostState(state)
	if err != nil {
		return "", 0, netip.Addr{}, err
	}
	addr, _ := netip.ParseAddr(ip)
	return name, st, addr, nil
}

// discover records an unknown MAC as a `new` host named after it: the rows
// and the event insertHost, insertHostParts and appendEvent would write
// (TestDiscoverMatchesCreateHost keeps them in step).
func (p *leaseStmts) discover(mac string) (string, error) {
	name := "mac-" + stripColons(mac)
	now := p.s.now().UnixNano()
	res, err := p.exec(stInsertHost, name, HostNew.String(), "x86_64", "bios", now, now)
	if isUniqueViolation(err) {
		return "", Errorf(KindConflict, "host %s already exists", name)
	}
	if err != nil {
		return "", fmt.Errorf("catalog: insert host: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return "", err
	}
	_, err = p.exec(stInsertMAC, mac, id)
	if isUniqueViolation(err) {
		return "", Errorf(KindConflict, "MAC %s already belongs to another host", mac)
	}
	if err != nil {
		return "", fmt.Errorf("catalog: insert mac: %w", err)
	}
	if _, err := p.exec(stInsertSlots, id); err != nil {
		return "", fmt.Errorf("catalog: insert slot: %w", err)
	}
	data, _ := json.Marshal(discoveredData{MAC: mac, State: HostNew}) // the keys in eventData's (sorted) order
	return name, p.event(Event{Kind: "host.discovered", Host: name, Actor: "dhcp", Data: data})
}

// discoveredData is the host.discovered event's data.
type discoveredData struct {
	MAC   string    `json:"mac"`
	State HostState `json:"state"`
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
