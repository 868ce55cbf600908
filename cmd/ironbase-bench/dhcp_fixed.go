package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"
)

// fixedRateAll is -fixed-rate: every target runs o.rounds trials at the
// one rate (alternating, a fresh server each), and the report is what a
// DORA cost each of them at a rate all sustain, which the rate search
// cannot compare (there each target's best trial is at its own rate).
func fixedRateAll(ctx context.Context, o dhcpOptions, l *dhcpLab, targets []*dhcpTarget, stdout, log io.Writer) error {
	cpu := make([][]time.Duration, len(targets))
	lost := make([][]float64, len(targets))
	for round := 1; round <= o.rounds; round++ {
		for i, t := range targets {
			tr, err := runDHCPTrial(ctx, o, l, t, o.fixedRate)
			if err != nil {
				return fmt.Errorf("%s at %.0f/s: %w", t.name, o.fixedRate, err)
			}
			logTrial(log, round, t, tr, "")
			cpu[i] = append(cpu[i], tr.cpuPerDORA())
			lost[i] = append(lost[i], 100*tr.res.lost())
		}
	}
	fmt.Fprintf(stdout, "DHCP full mode, %s offered at %.0f DORA/s for %v, %d trials per server (alternating, a fresh server each)\n",
		o.clients(), o.fixedRate, o.period, o.rounds)
	fmt.Fprintln(stdout, "server          CPU per DORA (median, range)        lost % (median)")
	for i, t := range targets {
		fmt.Fprintf(stdout, "%-15s %6.0f µs  (%.0f–%.0f)                  %.2f\n", t.name, float64(median(cpu[i]))/1e3,
			float64(slices.Min(cpu[i]))/1e3, float64(slices.Max(cpu[i]))/1e3, medianF(lost[i]))
	}
	return nil
}
