package power

import "fmt"

// PowerState is the power state of a host as its BMC reports it. The zero
// value is StateUnknown: no reading, or a reading that failed.
type PowerState int

// Power states. Unknown is a state of its own, not "off".
const (
	StateUnknown PowerState = iota
	StateOn
	StateOff
)

// String returns "unknown", "on" or "off".
func (s PowerState) String() string {
	switch s {
	case StateOn:
		return "on"
	case StateOff:
		return "off"
	default:
		return "unknown"
	}
}

// Action is a power action sent to a BMC.
type Action int

// Power actions. The zero value is not a valid action.
const (
	ActionOn      Action = iota + 1 // power up; a no-op on a host that is on
	ActionOff                       // hard power down
	ActionSoftOff                   // ACPI soft shutdown request to the OS
	ActionCycle                     // hard power down, then up
	ActionReset                     // hard reset
)

var actionNames = map[Action]string{
	ActionOn:      "on",
	ActionOff:     "off",
	ActionSoftOff: "soft-off",
	ActionCycle:   "cycle",
	ActionReset:   "reset",
}

// String returns the action's name as the CLI spells it.
func (a Action) String() string {
	if n, ok := actionNames[a]; ok {
		return n
	}
	return "invalid"
}

// Valid reports whether a is one of the defined actions.
func (a Action) Valid() bool {
	_, ok := actionNames[a]
	return ok
}

// Hard reports whether the action cuts power or resets the host without the
// OS's cooperation.
func (a Action) Hard() bool {
	return a == ActionOff || a == ActionCycle || a == ActionReset
}

// Boots reports whether the host boots as a result of the action, so a boot
// device set before it takes effect.
func (a Action) Boots() bool {
	return a == ActionOn || a == ActionCycle || a == ActionReset
}

// ParseAction parses an action name ("on", "off", "soft-off", "cycle",
// "reset").
func ParseAction(s string) (Action, error) {
	for a, n := range actionNames {
		if n == s {
			return a, nil
		}
	}
	return 0, fmt.Errorf("power action %q: want on, off, soft-off, cycle or reset: %w", s, ErrInvalid)
}
