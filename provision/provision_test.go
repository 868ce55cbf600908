package provision

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/power"
	"github.com/ironbase/ironbase/provision/dhcp"
)

func newStore(t *testing.T) *catalog.Store {
	t.Helper()
	dir := t.TempDir()
	sealer, err := catalog.LoadOrCreateKey(filepath.Join(dir, "key"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := catalog.Open(context.Background(), catalog.Config{Path: filepath.Join(dir, "db"), Sealer: sealer})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestLeasesAdapter(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	s.CreateHost(ctx, catalog.NewHost{Name: "n1", MACs: []string{"52:54:00:00:00:01"}}, "t")
	l := &Leases{Store: s, First: netip.MustParseAddr("10.0.0.10"), Last: netip.MustParseAddr("10.0.0.10")}
	mac := func(s string) net.HardwareAddr { m, _ := net.ParseMAC(s); return m }
	got, err := l.Lease(ctx, dhcp.LeaseRequest{MAC: mac("52:54:00:00:00:01"), Commit: true, LeaseTime: time.Hour})
	if err != nil || got.HostID != "n1" || got.IP != l.First {
		t.Fatalf("enrolled host: %+v, %v", got, err)
	}
	_, err = l.Lease(ctx, dhcp.LeaseRequest{MAC: mac("52:54:00:00:00:02"), Commit: true, LeaseTime: time.Hour})
	if !errors.Is(err, dhcp.ErrNoAddress) {
		t.Errorf("full range: err = %v, want dhcp.ErrNoAddress", err)
	}
	_, err = l.Lease(ctx, dhcp.LeaseRequest{MAC: mac("52:54:00:00:00:01"), Commit: true, LeaseTime: time.Hour,
		Requested: netip.MustParseAddr("10.0.0.99")})
	if !errors.Is(err, dhcp.ErrAddressUnavailable) {
		t.Errorf("another address requested: err = %v, want dhcp.ErrAddressUnavailable", err)
	}
}

func TestPowerErrorKinds(t *testing.T) {
	for _, tc := range []struct {
		err  error
		kind catalog.Kind
	}{
		{fmt.Errorf("x: %w", power.ErrUnreachable), catalog.KindUnavailable},
		{fmt.Errorf("%w: %w", power.ErrStateUnknown, power.ErrUnreachable), catalog.KindUnavailable},
		{power.ErrAuth, catalog.KindUnavailable},
		{power.ErrInvalid, catalog.KindInvalid},
		{power.ErrUnsupported, catalog.KindInvalid},
		{power.ErrStateUnknown, catalog.KindConflict},
		{errors.New("boom"), catalog.KindInternal},
	} {
		err := powerError("n1", tc.err)
		if catalog.KindOf(err) != tc.kind || !errors.Is(err, tc.err) || !strings.Contains(err.Error(), "n1") {
			t.Errorf("powerError(%v) = %v (kind %s), want kind %s keeping the cause", tc.err, err, catalog.KindOf(err), tc.kind)
		}
	}
}

func TestPowerEventsReachTheLog(t *testing.T) {
	s := newStore(t)
	pe := &powerEvents{store: s}
	pe.PowerEvent(context.Background(), power.Event{BMC: "n1", Kind: power.EventPower, Action: power.ActionCycle,
		Reason: "api: admin", Err: power.ErrUnreachable})
	evs, err := s.ListEvents(context.Background(), catalog.EventFilter{Host: "n1"})
	if err != nil || len(evs) != 1 {
		t.Fatalf("events = %v, %v", evs, err)
	}
	d := string(evs[0].Data)
	if evs[0].Kind != "power.power" || !strings.Contains(d, `"action":"cycle"`) || !strings.Contains(d, `"result":"failed"`) {
		t.Errorf("event = %s %s", evs[0].Kind, d)
	}
}
