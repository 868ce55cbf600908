package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"

	"github.com/ironbase/ironbase/catalog"
)

// env is the process environment run works in, injectable for tests.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	// ready, when set, is told the address `serve` listens on.
	ready func(net.Addr)
}

type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, e env) error
}

func commands() []command {
	return []command{
		{"serve", "run the ironbase server", serve},
		{"pool", "add and list pools", poolCmd},
		{"host", "enrol, list, show, maintain and retire hosts", hostCmd},
		{"image", "import, list, show and tag OS images", imageCmd},
		{"reserve", "reserve verified hosts for a job", reserveCmd},
		{"release", "release a reservation (hosts are cleaned and re-verified)", releaseCmd},
		{"reservation", "list, show, extend and release reservations", reservationCmd},
		{"power", "read and control host power over the BMC", powerCmd},
		{"events", "print the event log, optionally following it", eventsCmd},
		{"token", "create, list and revoke API tokens", tokenCmd},
	}
}

// run dispatches to a subcommand.
func run(ctx context.Context, args []string, e env) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(e.stdout)
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], e)
		}
	}
	usage(e.stderr)
	return usageErr("unknown command %q", args[0])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: ironbase COMMAND [ARGS]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun `ironbase COMMAND -h` for a command's flags.")
}

// usageErr is a command-line mistake: exit code 2.
func usageErr(format string, args ...any) error {
	return catalog.Errorf(catalog.KindInvalid, format, args...)
}

// exitCode maps an error to the process exit code, through the one table
// in catalog.Kind.
func exitCode(err error) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, context.Canceled):
		return 130
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return catalog.KindOf(err).ExitCode()
}
