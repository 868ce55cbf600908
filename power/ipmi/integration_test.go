package ipmi

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ironbase/ironbase/power"
)

func newDriver(t *testing.T, addr string, mod func(*Config)) *Driver {
	t.Helper()
	cfg := Config{
		Credentials: power.Credentials{Address: addr, User: "admin", Password: "secret"},
		Timeout:     time.Second,
		Attempts:    4,
		Backoff:     20 * time.Millisecond,
		Logger:      testLogger(t),
	}
	if mod != nil {
		mod(&cfg)
	}
	d, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestSimPowerAndBoot(t *testing.T) {
	s := startSim(t)
	d := newDriver(t, s.addr(), nil)
	ctx := context.Background()
	state := func() power.PowerState {
		st, err := d.PowerState(ctx)
		if err != nil {
			t.Fatalf("PowerState: %v", err)
		}
		return st
	}
	if got := state(); got != power.StateOff {
		t.Fatalf("initial state %s, want off", got)
	}
	if got := d.CipherSuite(); got != 3 {
		t.Errorf("negotiated cipher suite %d, want 3 (17 is not offered)", got)
	}
	must(t, d.SetBootDevice(ctx, power.BootSpec{Device: power.BootPXE}))
	if b, err := d.BootDevice(ctx); err != nil || b.Device != power.BootPXE {
		t.Errorf("BootDevice: %v, %v; want pxe", b, err)
	}
	must(t, d.SetPower(ctx, power.ActionOn))
	waitFor(t, "power on", func() bool { return state() == power.StateOn })
	must(t, d.SetPower(ctx, power.ActionReset))
	must(t, d.SetPower(ctx, power.ActionCycle))
	waitFor(t, "cycle to power back on", func() bool { return s.file("power") == "1" && len(s.calls()) >= 5 })
	must(t, d.SetPower(ctx, power.ActionOff))
	waitFor(t, "power off", func() bool { return state() == power.StateOff })
	want := []string{"set boot pxe", "set power 1", "set reset 1", "set power 0", "set power 1", "set power 0"}
	if diff := cmp.Diff(want, s.calls()); diff != "" {
		t.Errorf("chassis_control calls (-want +got):\n%s", diff)
	}
	sel, err := d.SEL(ctx)
	if err != nil || len(sel) != 0 {
		t.Errorf("SEL of a fresh BMC: %v, %v; want empty, nil", sel, err)
	}
}

func TestSimLanInterface(t *testing.T) {
	s := startSim(t)
	d := newDriver(t, s.addr(), func(c *Config) { c.Credentials.Interface = power.Lan })
	if st, err := d.PowerState(context.Background()); err != nil || st != power.StateOff {
		t.Errorf("PowerState over lan: %s, %v; want off", st, err)
	}
}

func TestSimNotListening(t *testing.T) {
	needSim(t)
	addr := "127.0.0.1:" + itoa(freeUDPPort(t))
	d := newDriver(t, addr, nil)
	// The driver's own timeouts and attempt bound must end the call: a
	// context deadline here would mean it relied on the caller to stop it.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	st, err := d.PowerState(ctx)
	if st != power.StateUnknown || !errors.Is(err, power.ErrUnreachable) || ctx.Err() != nil {
		t.Errorf("got %s, %v (ctx %v); want unknown, ErrUnreachable, from the driver's own bounds", st, err, ctx.Err())
	}
	b := power.NewBMC("h", d, power.BMCConfig{ConfirmDelay: 10 * time.Millisecond})
	if err := b.Boot(context.Background(), power.BootSpec{Device: power.BootPXE}, "t"); !errors.Is(err, power.ErrStateUnknown) {
		t.Errorf("Boot on an absent BMC: %v, want ErrStateUnknown", err)
	}
}

func TestSimRestartMidSession(t *testing.T) {
	s := startSim(t)
	d := newDriver(t, s.addr(), nil)
	ctx := context.Background()
	must(t, d.SetPower(ctx, power.ActionOn))
	s.restart()
	st, err := d.PowerState(ctx)
	if err != nil || st != power.StateOn {
		t.Errorf("after BMC restart: %s, %v; want on, nil (new session)", st, err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
