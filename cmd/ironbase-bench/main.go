// Command ironbase-bench measures ironbase's services against peer
// implementations on this machine and prints ratios (see
// shared/BENCHMARKS.md: peer and ironbase alternate, medians are quoted).
//
// Usage:
//
//	ironbase-bench            # every benchmark, default flags
//	ironbase-bench tftp [flags]
package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"slices"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "ironbase-bench:", err)
		os.Exit(1)
	}
}

type benchmark func(ctx context.Context, args []string, stdout, stderr io.Writer) error

// benchmarks maps a name to its runner; each parses its own flags.
func benchmarks() map[string]benchmark {
	return map[string]benchmark{"tftp": runTFTP, "power": runPower, "dhcp": runDHCP, "imaging": runImaging, "reserve": runReserve, "http": runHTTP,
		"latency": runLatency, "proxy": runProxy, "storm": runStorm, "sampling": runSampling,
		"dhcp-known": runDHCPKnown}
}

// runDHCPKnown is the dhcp benchmark for scenario 1's other half, known
// hosts: "dhcp -known 1000" (later flags override it).
func runDHCPKnown(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runDHCP(ctx, append([]string{"-known", "1000"}, args...), stdout, stderr)
}

// run runs the benchmark named by args[0] with the remaining flags, or,
// without arguments (as `make bench` calls it), every benchmark with its
// defaults.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	all := benchmarks()
	if len(args) == 0 {
		for _, name := range slices.Sorted(maps.Keys(all)) {
			fmt.Fprintf(stdout, "== %s\n", name)
			if err := all[name](ctx, nil, stdout, stderr); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
		return nil
	}
	bench, ok := all[args[0]]
	if !ok {
		return fmt.Errorf("unknown benchmark %q (have: %v)", args[0], slices.Sorted(maps.Keys(all)))
	}
	return bench(ctx, args[1:], stdout, stderr)
}
