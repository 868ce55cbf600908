// Command ironbase is ironbase's one binary: `ironbase serve` runs the
// server; every other subcommand is a client of its API.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], env{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv})
	if err != nil {
		fmt.Fprintln(os.Stderr, "ironbase:", err)
	}
	stop()
	os.Exit(exitCode(err))
}
