package lab

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"golang.org/x/sys/unix"
)

// Bridge is the lab segment's bridge device inside the namespace.
func (l *Lab) Bridge() string { return bridge }

// Do runs fn on an OS thread that has joined the lab's network namespace
// and waits for it. Sockets fn opens stay in the namespace after it
// returns, so the calling process can serve or capture on the lab segment
// (a stand-in server, a packet capture) without running inside it.
func (l *Lab) Do(fn func() error) error { return InNetns(l.names.netns, fn) }

// InNetns runs fn on an OS thread inside the named network namespace
// (as `ip netns add` created it), then moves the thread back. The thread
// must survive: a child started with Pdeathsig (the server, ipmi_sim) is
// killed when the thread that forked it exits, and that may be this one.
// Only if the way back fails is the thread left locked, to die with fn's
// goroutine.
func InNetns(name string, fn func() error) error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		home, err := os.Open("/proc/thread-self/ns/net")
		if err != nil {
			runtime.UnlockOSThread()
			errc <- fmt.Errorf("lab: own namespace: %w", err)
			return
		}
		defer home.Close()
		errc <- inNetns(name, home, fn)
	}()
	return <-errc
}

// inNetns joins name, runs fn and rejoins home; the caller has locked
// the thread, and it is unlocked only once it is home.
func inNetns(name string, home *os.File, fn func() error) error {
	f, err := os.Open(filepath.Join("/run/netns", name))
	if err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("lab: namespace %s: %w", name, err)
	}
	defer f.Close()
	if err := unix.Setns(int(f.Fd()), unix.CLONE_NEWNET); err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("lab: join namespace %s: %w", name, err)
	}
	fnErr := fn()
	if err := unix.Setns(int(home.Fd()), unix.CLONE_NEWNET); err != nil {
		return errors.Join(fnErr, fmt.Errorf("lab: leave namespace %s: %w", name, err))
	}
	runtime.UnlockOSThread()
	return fnErr
}
