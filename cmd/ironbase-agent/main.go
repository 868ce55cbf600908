// Command ironbase-agent runs on a host booted by ironbase: it reads its
// boot parameters from the kernel command line, reports what the host is,
// runs the acceptance suite, and then heartbeats, follows the server's
// orders and samples resource use (docs/agent-protocol.md).
//
//	ironbase-agent run [--root DIR] [--upload-every 1m] [--stale-wait 5m]
//	                                             the agent: the image's init runs it in a respawn loop
//	ironbase-agent [hello] [--root DIR]          parse the cmdline, print the hello as JSON
//	ironbase-agent inventory [--root DIR]        print the inventory as JSON
//	ironbase-agent run-checks [-o text|json] [--root DIR] FILE
//	ironbase-agent sample [--for 1m] [--interval 1s] [--out FILE] [--root DIR]
//
// run talks to the server named by ironbase.server with the boot token of
// ironbase.boot: hello (retried with capped exponential backoff and
// jitter until accepted), the suite (fetched, run, reported), then a
// heartbeat at the server's period; the replies carry orders (retest,
// hold; reboot and poweroff are understood) and whether to sample. It
// returns when it receives SIGTERM or SIGINT.
//
// Exit status: 0 success, 1 a failing suite or an error, 2 bad usage or
// bad input (command line, checks file), 3 the server refused this boot's
// token (the host was booted again): run pauses --stale-wait first, so a
// respawn loop does not hammer the server.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "ironbase-agent:", err)
		os.Exit(exitCode(err))
	}
}

// exitError carries an exit status through run.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageErr(err error) error { return &exitError{2, err} }

func exitCode(err error) int {
	var e *exitError
	if errors.As(err, &e) {
		return e.code
	}
	return 1
}
