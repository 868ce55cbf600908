package ipmi

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ironbase/ironbase/power"
)

// wedgedHost is alive only once powered on and hard-reset at least once:
// its OS ignores the soft off (the script has no softok file).
type wedgedHost struct{ s *sim }

func (h wedgedHost) Alive(context.Context) (bool, error) {
	return h.s.file("power") == "1" && h.s.file("resets") != "", nil
}

func TestSimLadder(t *testing.T) {
	s := startSim(t)
	s.write("power", "1\n", 0o644)
	d := newDriver(t, s.addr(), nil)
	var events []string
	sink := power.EventSinkFunc(func(_ context.Context, e power.Event) {
		if e.Kind == power.EventRecovery {
			events = append(events, e.Step.String()+" ok="+itoa(btoi(e.Err == nil)))
		}
	})
	b := power.NewBMC("h1", d, power.BMCConfig{ConfirmDelay: 20 * time.Millisecond, Logger: testLogger(t)})
	l := power.NewLadder(b, wedgedHost{s}, power.LadderConfig{
		Name: "h1", Sink: sink, Boot: &power.BootSpec{Device: power.BootPXE}, Logger: testLogger(t),
		SoftOffWait: time.Second, BootWait: 3 * time.Second, Poll: 50 * time.Millisecond,
	})
	out, err := l.Run(context.Background(), "test: host wedged")
	if err != nil || !out.Recovered || out.Step != power.StepHardReset {
		t.Fatalf("outcome %+v, %v; want recovered by hard reset", out, err)
	}
	if diff := cmp.Diff([]string{"soft-off ok=0", "hard-reset ok=1"}, events); diff != "" {
		t.Errorf("recovery events (-want +got):\n%s", diff)
	}
	want := []string{"set shutdown 1", "set boot pxe", "set reset 1"}
	if diff := cmp.Diff(want, s.calls()); diff != "" {
		t.Errorf("chassis_control calls (-want +got):\n%s", diff)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
