// Package power controls hosts through their BMCs.
//
// The package is a leaf: it imports nothing of ironbase. Drivers (IPMI in
// power/ipmi, Redfish later) implement [Driver]; a [BMC] wraps one driver and
// adds what a fleet needs on top of it: one call at a time per BMC, a global
// limit shared by all BMCs ([Limiter]), debounced power-state reads, boot
// device set (and read back) before a power action that must boot, and an
// [Event] for every power action and its outcome. [Ladder] walks a wedged host
// through soft off, hard reset, power cycle and BMC cold reset before giving up.
//
// Power state read as unknown never triggers a hard power action by itself:
// [BMC.Boot] and the ladder refuse to reset or cycle a host whose state is
// unknown.
package power
