package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ironbase/ironbase/testsuite/lab/ipmisim"
	"github.com/ironbase/ironbase/testsuite/prereq"
)

// TestPowerAgainstIPMISim drives a real ipmi_sim BMC through the real
// serve composition and CLI: the boot device is set before power-on, the
// state follows, invariant 2 holds for a host in maintenance, a dead BMC
// is a clear "unavailable", and the password never shows.
func TestPowerAgainstIPMISim(t *testing.T) {
	prereq.Tool(t, "ipmi_sim", "openipmi")
	sim, err := ipmisim.Start(context.Background(), ipmisim.Config{Dir: t.TempDir(), Password: "Sim-Pw-5531"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sim.Kill)
	l := startServe(t)
	tok := l.adminToken(t)
	pw := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(pw, []byte("Sim-Pw-5531\n"), 0o600)
	mustCLI(t, l, tok, "host", "add", "n1", "--mac", "52:54:00:00:00:01", "--bmc", sim.Addr(),
		"--bmc-user", "admin", "--bmc-password-file", pw, "--bmc-cipher-suite", "3")
	mustCLI(t, l, tok, "power", "on", "n1")
	if calls := strings.Join(sim.Calls(), ";"); !strings.Contains(calls, "set boot pxe;set power 1") {
		t.Fatalf("chassis_control got %q; want the boot device set to pxe, then power on", calls)
	}
	if out := mustCLI(t, l, tok, "power", "status", "n1"); !strings.Contains(out, "power on") {
		t.Errorf("status after on: %q", out)
	}
	mustCLI(t, l, tok, "power", "off", "n1")
	if sim.Power() != "0" {
		t.Errorf("after off the chassis power is %q", sim.Power())
	}
	checkInvariant2(t, l, tok, sim)
	sim.Kill()
	if _, errs, code := l.cli(t, tok, "power", "status", "n1"); code != 6 || !strings.Contains(errs, "BMC of host n1") {
		t.Errorf("dead BMC: exit %d %q; want 6 (unavailable) naming the BMC", code, errs)
	}
	events, _, _ := l.cli(t, tok, "events", "--host", "n1", "-o", "json")
	if !strings.Contains(events, `"kind":"power.power"`) {
		t.Errorf("no power events recorded:\n%s", events)
	}
	assertNoSecret(t, "Sim-Pw-5531", map[string]string{"server log": l.logs.String(), "events": events})
}

func checkInvariant2(t *testing.T, l *lab, tok string, sim *ipmisim.Sim) {
	t.Helper()
	mustCLI(t, l, tok, "host", "maintenance", "n1")
	sched := strings.TrimSpace(mustCLI(t, l, tok, "token", "create", "ci", "--role", "scheduler"))
	before := len(sim.Calls())
	if _, errs, code := l.cli(t, sched, "power", "cycle", "n1"); code != 5 || !strings.Contains(errs, "maintenance") {
		t.Errorf("scheduler cycling a host in maintenance: exit %d %q; want 5 (forbidden)", code, errs)
	}
	if len(sim.Calls()) != before {
		t.Errorf("a refused power command reached the BMC: %v", sim.Calls()[before:])
	}
	mustCLI(t, l, tok, "power", "cycle", "n1") // an admin may
}

func mustCLI(t *testing.T, l *lab, tok string, args ...string) string {
	t.Helper()
	out, errs, code := l.cli(t, tok, args...)
	if code != 0 {
		t.Fatalf("%v: exit %d\n%s%s", args, code, out, errs)
	}
	return out
}
