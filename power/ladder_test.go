package power

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLadderEscalation(t *testing.T) {
	tests := []struct {
		name   string
		host   *fakeHost
		want   Step
		calls  []string
		events []string
	}{
		{"alive already", &fakeHost{power: StateOn, alive: true}, StepNone, nil,
			[]string{"recovery none ok"}},
		{"soft off works", &fakeHost{power: StateOn, softOK: true, fixes: map[string]bool{"on": true}}, StepSoftOff,
			[]string{"power soft-off", "boot pxe", "power on"},
			[]string{"power soft-off ok", "boot pxe ok", "power on ok", "recovery soft-off ok"}},
		{"soft off ignored, reset works", &fakeHost{power: StateOn, fixes: map[string]bool{"reset": true}}, StepHardReset,
			[]string{"power soft-off", "boot pxe", "power reset"},
			[]string{"power soft-off ok", "recovery soft-off fail", "boot pxe ok", "power reset ok", "recovery hard-reset ok"}},
		{"cycle works", &fakeHost{power: StateOn, fixes: map[string]bool{"cycle": true}}, StepPowerCycle,
			[]string{"power soft-off", "boot pxe", "power reset", "boot pxe", "power cycle"},
			[]string{"power soft-off ok", "recovery soft-off fail", "boot pxe ok", "power reset ok",
				"recovery hard-reset fail", "boot pxe ok", "power cycle ok", "recovery power-cycle ok"}},
		{"unknown state: only the BMC reset, then cycle", &fakeHost{bmcDown: true, power: StateOn,
			fixes: map[string]bool{"bmc-reset": true, "cycle": true}}, StepBMCReset,
			[]string{"bmc-reset", "boot pxe", "power cycle"},
			[]string{"recovery soft-off fail", "recovery hard-reset fail", "recovery power-cycle fail",
				"bmc-reset ok", "boot pxe ok", "power cycle ok", "recovery bmc-reset ok"}},
		{"unknown state forever: give up without a hard action", &fakeHost{bmcDown: true}, StepGiveUp,
			[]string{"bmc-reset"},
			[]string{"recovery soft-off fail", "recovery hard-reset fail", "recovery power-cycle fail",
				"bmc-reset ok", "recovery bmc-reset fail", "recovery give-up fail"}},
		{"nothing helps: give up", &fakeHost{power: StateOn}, StepGiveUp,
			[]string{"power soft-off", "boot pxe", "power reset", "boot pxe", "power cycle",
				"bmc-reset", "boot pxe", "power cycle"},
			[]string{"power soft-off ok", "recovery soft-off fail", "boot pxe ok", "power reset ok",
				"recovery hard-reset fail", "boot pxe ok", "power cycle ok", "recovery power-cycle fail",
				"bmc-reset ok", "boot pxe ok", "power cycle ok", "recovery bmc-reset fail", "recovery give-up fail"}},
		{"host off: power on, not reset", &fakeHost{power: StateOff, fixes: map[string]bool{"on": true}}, StepSoftOff,
			[]string{"boot pxe", "power on"},
			[]string{"boot pxe ok", "power on ok", "recovery soft-off ok"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, clk := &eventLog{}, newFakeClock()
			b := NewBMC("h1", tt.host, BMCConfig{Clock: clk, Sink: ev})
			l := NewLadder(b, tt.host, LadderConfig{Name: "h1", Clock: clk, Sink: ev, Boot: &pxe})
			got, err := l.Run(context.Background(), "watchdog fired")
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if got.Step != tt.want || got.Recovered != (tt.want != StepGiveUp) {
				t.Errorf("outcome %+v, want step %s", got, tt.want)
			}
			if d := cmp.Diff(tt.calls, tt.host.log()); d != "" {
				t.Errorf("driver calls (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.events, withoutState(ev.lines())); d != "" {
				t.Errorf("events (-want +got):\n%s", d)
			}
		})
	}
}

func withoutState(lines []string) []string {
	var out []string
	for _, l := range lines {
		if len(l) < 6 || l[:6] != "state " {
			out = append(out, l)
		}
	}
	return out
}
