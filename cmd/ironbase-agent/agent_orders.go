package main

import (
	"context"
)

// powerer reboots or powers off the host; the real one syncs and calls
// reboot(2), tests use a fake.
type powerer interface {
	Reboot() error
	PowerOff() error
}

// follow starts or stops sampling as the order says and executes its
// command once per command id.
func (a *agent) follow(ctx context.Context, l *loop) error {
	o := l.order
	switch {
	case o.Sample && l.sampling == nil:
		l.sampling = a.startSampling(ctx)
	case !o.Sample && l.sampling != nil:
		l.sampling.stop()
		l.sampling = nil
	}
	if o.Command == "" || o.ID == l.done {
		return nil
	}
	l.done = o.ID
	a.log.Info("order", "command", o.Command, "id", o.ID)
	switch o.Command {
	case "retest":
		if l.suite != nil {
			l.again = true
			return nil
		}
		a.startSuite(ctx, l)
	case "hold":
		// Nothing to do but keep reporting.
	case "reboot", "poweroff":
		a.powerAction(l, o.Command)
	default:
		a.log.Warn("unknown order ignored", "command", o.Command, "id", o.ID)
	}
	return nil
}

// powerAction uploads what was sampled, then reboots or powers off. When
// the call returns (it fails, or a fake), the loop goes on.
func (a *agent) powerAction(l *loop, cmd string) {
	if l.sampling != nil {
		l.sampling.stop()
		l.sampling = nil
	}
	f := a.power.Reboot
	if cmd == "poweroff" {
		f = a.power.PowerOff
	}
	if err := f(); err != nil {
		a.log.Error(cmd+" failed", "err", err)
	}
}
