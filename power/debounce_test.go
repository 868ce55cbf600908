package power

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func newTestBMC(h *fakeHost) (*BMC, *eventLog, *fakeClock) {
	ev, clk := &eventLog{}, newFakeClock()
	return NewBMC("h1", h, BMCConfig{Clock: clk, Sink: ev}), ev, clk
}

func TestStateDebounce(t *testing.T) {
	const U, On, Off = StateUnknown, StateOn, StateOff
	tests := []struct {
		name     string
		readings []PowerState // consumed by the calls, in order
		calls    int
		want     []PowerState // State's answer per call
		events   []string
	}{
		{"first reading needs a second", []PowerState{On, On}, 1, []PowerState{On}, []string{"state unknown->on"}},
		{"one glitch is ignored", []PowerState{On, On, U, On}, 2, []PowerState{On, On}, []string{"state unknown->on"}},
		{"change after two agreeing", []PowerState{On, On, Off, Off}, 2, []PowerState{On, Off},
			[]string{"state unknown->on", "state on->off"}},
		{"two unknowns make unknown", []PowerState{On, On, U, U}, 2, []PowerState{On, U},
			[]string{"state unknown->on", "state on->unknown"}},
		{"disagreeing reads keep the old state", []PowerState{Off, Off, On, U, On}, 2, []PowerState{Off, Off},
			[]string{"state unknown->off"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &fakeHost{readings: tt.readings, power: tt.readings[len(tt.readings)-1]}
			b, ev, _ := newTestBMC(h)
			var got []PowerState
			for range tt.calls {
				s, _ := b.State(context.Background())
				got = append(got, s)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("states (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.events, ev.lines()); d != "" {
				t.Errorf("events (-want +got):\n%s", d)
			}
		})
	}
}

func TestStateUnknownError(t *testing.T) {
	b, _, _ := newTestBMC(&fakeHost{bmcDown: true})
	s, err := b.State(context.Background())
	if s != StateUnknown || !errors.Is(err, ErrStateUnknown) || !errors.Is(err, errFakeDown) {
		t.Errorf("got %s, %v; want unknown, ErrStateUnknown wrapping the read error", s, err)
	}
}

func TestStateConfirmWaits(t *testing.T) {
	h := &fakeHost{power: StateOn}
	b, _, clk := newTestBMC(h)
	start := clk.Now()
	b.State(context.Background())
	if got := clk.Now().Sub(start); got != b.cfg.ConfirmDelay {
		t.Errorf("waited %s, want one ConfirmDelay (%s)", got, b.cfg.ConfirmDelay)
	}
}
