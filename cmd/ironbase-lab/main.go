// Command ironbase-lab is the virtual lab's helper binary:
//
//	ironbase-lab image [--cache .cache/lab] [--agent bin/ironbase-agent]
//	    build (or find in the cache) the lab image; prints the manifest path
//	ironbase-lab chassis DIR get power|boot ... | set power 1|0 | set reset 1 | set boot DEV
//	    ipmi_sim's chassis_control program: drives the qemu VM described by DIR/chassis.json
//	ironbase-lab demo [--bin bin] [--cache .cache/lab]
//	    a two-host lab (BIOS + UEFI) running ironbase serve; Ctrl-C tears it down
//	ironbase-lab ra IFACE
//	    send IPv6 router advertisements on IFACE (ends iPXE's IPv6 wait), until killed
//
// Exit status: 0 success, 1 an error, 2 bad usage.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/ironbase/ironbase/testsuite/lab/radv"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:])
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "ironbase-lab:", err)
		os.Exit(exitCode(err))
	}
}

// usageError marks bad usage (exit status 2).
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func exitCode(err error) int {
	var u *usageError
	if errors.As(err, &u) {
		return 2
	}
	return 1
}

func run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return &usageError{errors.New("usage: ironbase-lab image|chassis|demo|ra ...")}
	}
	switch args[0] {
	case "image":
		return runImage(ctx, args[1:], os.Stdout, os.Stderr)
	case "demo":
		return runDemo(ctx, args[1:], os.Stdout, os.Stderr)
	case "chassis":
		return runChassis(ctx, args[1:], os.Stdout)
	case "ra":
		if len(args) != 2 {
			return &usageError{errors.New("usage: ironbase-lab ra IFACE")}
		}
		return radv.Run(ctx, args[1], 500*time.Millisecond)
	}
	return &usageError{fmt.Errorf("unknown command %q (want image, chassis or ra)", args[0])}
}
