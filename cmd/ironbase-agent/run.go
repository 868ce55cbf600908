package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
)

// run is the agent without process globals: args exclude the program name.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := "hello"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "hello":
		return runHello(args, stdout)
	case "inventory":
		return runInventory(args, stdout)
	case "run-checks":
		return runChecks(ctx, args, stdout)
	case "sample":
		return runSample(ctx, args, stdout, stderr)
	case "run":
		return runAgentCmd(ctx, args, stderr)
	}
	return usageErr(fmt.Errorf("unknown command %q (want run, hello, inventory, run-checks or sample)", cmd))
}

// newFlags returns a flag set with the shared --root flag.
func newFlags(name string, root *string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(root, "root", "/", "the host's root directory (a fixture tree in tests)")
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return usageErr(fmt.Errorf("%s: %w", fs.Name(), err))
	}
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	return nil
}
