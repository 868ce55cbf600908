package power

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var pxe = BootSpec{Device: BootPXE}

func TestBootDecidesFromState(t *testing.T) {
	tests := []struct {
		name    string
		host    *fakeHost
		wantErr error
		calls   []string
		events  []string
	}{
		{"off host is powered on", &fakeHost{power: StateOff}, nil,
			[]string{"boot pxe", "power on"},
			[]string{"state unknown->off", "boot pxe ok", "power on ok"}},
		{"on host is cycled", &fakeHost{power: StateOn}, nil,
			[]string{"boot pxe", "power cycle"},
			[]string{"state unknown->on", "boot pxe ok", "power cycle ok"}},
		{"unknown host gets nothing", &fakeHost{bmcDown: true}, ErrStateUnknown,
			nil, []string{"power cycle fail"}},
		{"glitch then unknown gets nothing", &fakeHost{readings: []PowerState{StateOn, StateUnknown, StateUnknown}}, ErrStateUnknown,
			nil, []string{"power cycle fail"}},
		{"boot set failure stops power on", &fakeHost{power: StateOff, bootErr: errFakeDown}, errFakeDown,
			[]string{"boot pxe"}, []string{"state unknown->off", "boot pxe fail"}},
		{"read-back mismatch stops power on", &fakeHost{power: StateOff, bootGot: BootDisk}, ErrBootMismatch,
			[]string{"boot pxe"}, []string{"state unknown->off", "boot pxe fail"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, ev, _ := newTestBMC(tt.host)
			err := b.Boot(context.Background(), pxe, "test")
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("Boot: got %v, want %v", err, tt.wantErr)
			}
			if d := cmp.Diff(tt.calls, tt.host.log()); d != "" {
				t.Errorf("driver calls (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.events, ev.lines()); d != "" {
				t.Errorf("events (-want +got):\n%s", d)
			}
		})
	}
}

func TestPowerRequest(t *testing.T) {
	tests := []struct {
		name    string
		req     Request
		wantErr error
		calls   []string
	}{
		{"plain off", Request{Action: ActionOff}, nil, []string{"power off"}},
		{"reset with pxe", Request{Action: ActionReset, Boot: &pxe}, nil, []string{"boot pxe", "power reset"}},
		{"boot with off is invalid", Request{Action: ActionOff, Boot: &pxe}, ErrInvalid, nil},
		{"zero action is invalid", Request{}, ErrInvalid, nil},
		{"boot without device is invalid", Request{Action: ActionOn, Boot: &BootSpec{}}, ErrInvalid, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &fakeHost{power: StateOn}
			b, _, _ := newTestBMC(h)
			if err := b.Power(context.Background(), tt.req); !errors.Is(err, tt.wantErr) {
				t.Errorf("Power: got %v, want %v", err, tt.wantErr)
			}
			if d := cmp.Diff(tt.calls, h.log()); d != "" {
				t.Errorf("driver calls (-want +got):\n%s", d)
			}
		})
	}
}

func TestResetBMCUnsupported(t *testing.T) {
	b := NewBMC("h", struct{ Driver }{&fakeHost{}}, BMCConfig{Clock: newFakeClock()})
	if err := b.ResetBMC(context.Background(), "t"); !errors.Is(err, ErrUnsupported) {
		t.Errorf("got %v, want ErrUnsupported", err)
	}
}
