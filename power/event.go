package power

import (
	"context"
	"time"
)

// EventKind says what an Event is about.
type EventKind string

// Event kinds.
const (
	EventPower    EventKind = "power"       // a power action was sent (or refused)
	EventBoot     EventKind = "boot-device" // the boot device was set
	EventState    EventKind = "state"       // the debounced power state changed
	EventBMCReset EventKind = "bmc-reset"   // the BMC was cold-reset
	EventRecovery EventKind = "recovery"    // a recovery ladder step ended
)

// Event records one power action or observation and its outcome. Err nil
// means the action succeeded.
type Event struct {
	Time   time.Time
	BMC    string // the name given to NewBMC or the ladder
	Kind   EventKind
	Action Action     // EventPower
	Boot   BootSpec   // EventBoot
	State  PowerState // EventState: the new state
	Prev   PowerState // EventState: the old state
	Step   Step       // EventRecovery
	Reason string     // why the action was taken, or why a step failed
	Err    error
}

// EventSink receives every Event. The lead wires it to the catalog's event
// log. PowerEvent must not block for long: it is called with the BMC's lock
// held.
type EventSink interface {
	PowerEvent(ctx context.Context, e Event)
}

// EventSinkFunc adapts a function to EventSink.
type EventSinkFunc func(ctx context.Context, e Event)

// PowerEvent calls f.
func (f EventSinkFunc) PowerEvent(ctx context.Context, e Event) { f(ctx, e) }

type discardSink struct{}

func (discardSink) PowerEvent(context.Context, Event) {}
