package catalog

import "fmt"

// HostState is where a host is in its lifecycle (DESIGN.md "Host lifecycle").
type HostState int

// The host states. The zero value is not a state.
const (
	HostNew HostState = iota + 1
	HostEnrolled
	HostProvisioning
	HostVerifying
	HostReady
	HostReserved
	HostCleaning
	HostTrial
	HostRecovering
	HostQuarantined
	HostMaintenance
	HostRetired
)

var hostStateNames = map[HostState]string{
	HostNew: "new", HostEnrolled: "enrolled", HostProvisioning: "provisioning",
	HostVerifying: "verifying", HostReady: "ready", HostReserved: "reserved",
	HostCleaning: "cleaning", HostTrial: "trial", HostRecovering: "recovering",
	HostQuarantined: "quarantined", HostMaintenance: "maintenance", HostRetired: "retired",
}

// hostEdges is the one transition table for hosts. docs/states.md shows it
// as a table and docs/host-states.dot as a graph; a test keeps them in step.
var hostEdges = map[HostState][]HostState{
	HostNew:          {HostEnrolled, HostRetired},
	HostEnrolled:     {HostProvisioning, HostMaintenance, HostRetired},
	HostProvisioning: {HostVerifying, HostRecovering, HostQuarantined, HostMaintenance},
	HostVerifying:    {HostReady, HostProvisioning, HostRecovering, HostQuarantined, HostMaintenance},
	HostReady:        {HostReserved, HostTrial, HostProvisioning, HostVerifying, HostRecovering, HostMaintenance, HostRetired},
	HostReserved:     {HostCleaning, HostRecovering},
	HostCleaning:     {HostVerifying, HostProvisioning, HostRecovering, HostQuarantined, HostMaintenance},
	HostTrial:        {HostProvisioning, HostReady, HostRecovering, HostQuarantined, HostMaintenance},
	HostRecovering:   {HostProvisioning, HostQuarantined, HostMaintenance},
	HostQuarantined:  {HostProvisioning, HostMaintenance, HostRetired},
	HostMaintenance:  {HostProvisioning, HostRetired},
	HostRetired:      nil,
}

// HostStates lists every host state in lifecycle order.
func HostStates() []HostState {
	out := make([]HostState, 0, len(hostStateNames))
	for s := HostNew; s <= HostRetired; s++ {
		out = append(out, s)
	}
	return out
}

func (s HostState) String() string {
	if n, ok := hostStateNames[s]; ok {
		return n
	}
	return fmt.Sprintf("HostState(%d)", int(s))
}

// ParseHostState parses a state name.
func ParseHostState(name string) (HostState, error) {
	for s, n := range hostStateNames {
		if n == name {
			return s, nil
		}
	}
	return 0, Errorf(KindInvalid, "unknown host state %q", name)
}

// CanTransition reports whether from → to is an edge of the host graph.
func (s HostState) CanTransition(to HostState) bool {
	for _, e := range hostEdges[s] {
		if e == to {
			return true
		}
	}
	return false
}

// Next lists the states reachable from s in one step.
func (s HostState) Next() []HostState { return append([]HostState(nil), hostEdges[s]...) }

// MarshalText encodes the state by name.
func (s HostState) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText decodes a state name.
func (s *HostState) UnmarshalText(b []byte) error {
	v, err := ParseHostState(string(b))
	*s = v
	return err
}
