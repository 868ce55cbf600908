package power

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// fakeClock is an instant clock: After advances time at once.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch
}

var errFakeDown = errors.New("fake BMC does not answer")

// fakeHost is a hand-written driver plus host model.
type fakeHost struct {
	mu       sync.Mutex
	readings []PowerState // scripted raw readings, consumed first
	power    PowerState   // model state once readings are used up
	bmcDown  bool         // reads and actions fail
	softOK   bool         // the OS obeys a soft off
	fixes    map[string]bool
	alive    bool
	bootGot  BootDevice // what BootDevice reads back; BootNone: what was set
	bootSet  BootDevice
	bootErr  error
	calls    []string
}

func (h *fakeHost) record(format string, args ...any) {
	h.calls = append(h.calls, fmt.Sprintf(format, args...))
}

func (h *fakeHost) PowerState(context.Context) (PowerState, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.readings) > 0 {
		s := h.readings[0]
		h.readings = h.readings[1:]
		if s == StateUnknown {
			return s, errFakeDown
		}
		return s, nil
	}
	if h.bmcDown {
		return StateUnknown, errFakeDown
	}
	return h.power, nil
}

func (h *fakeHost) SetBootDevice(_ context.Context, b BootSpec) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.record("boot %s", b.Device)
	h.bootSet = b.Device
	return h.bootErr
}

func (h *fakeHost) BootDevice(context.Context) (BootSpec, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.bootGot != BootNone {
		return BootSpec{Device: h.bootGot}, nil
	}
	return BootSpec{Device: h.bootSet}, nil
}
