package power

import (
	"context"
	"sync"
)

func (h *fakeHost) SetPower(_ context.Context, a Action) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.bmcDown {
		return errFakeDown
	}
	h.record("power %s", a)
	switch a {
	case ActionOff:
		h.power, h.alive = StateOff, false
	case ActionSoftOff:
		if h.softOK {
			h.power, h.alive = StateOff, false
		}
	default:
		h.power = StateOn
		h.alive = h.alive || h.fixes[a.String()]
	}
	return nil
}

func (h *fakeHost) ResetBMC(context.Context) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.record("bmc-reset")
	if h.fixes["bmc-reset"] {
		h.bmcDown = false
	}
	return nil
}

func (h *fakeHost) Alive(context.Context) (bool, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.alive && h.power == StateOn, nil
}

func (h *fakeHost) log() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.calls...)
}

// eventLog is an EventSink that keeps one line per event.
type eventLog struct {
	mu     sync.Mutex
	events []Event
}

func (l *eventLog) PowerEvent(_ context.Context, e Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, e)
}

func (l *eventLog) lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, e := range l.events {
		out = append(out, eventLine(e))
	}
	return out
}

func eventLine(e Event) string {
	ok := "ok"
	if e.Err != nil {
		ok = "fail"
	}
	switch e.Kind {
	case EventPower:
		return "power " + e.Action.String() + " " + ok
	case EventBoot:
		return "boot " + e.Boot.Device.String() + " " + ok
	case EventState:
		return "state " + e.Prev.String() + "->" + e.State.String()
	case EventRecovery:
		return "recovery " + e.Step.String() + " " + ok
	}
	return string(e.Kind) + " " + ok
}
