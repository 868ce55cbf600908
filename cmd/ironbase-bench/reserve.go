package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

type reserveOptions struct {
	hosts, cycles, rounds int
	rawSeconds            time.Duration
}

// runReserve measures reserve + release cycles against a catalog of N
// verified hosts, and in the same run the raw SQLite commit rate of a
// one-row transaction on the same kind of database (WAL, synchronous=FULL),
// alternating, and prints medians and the ratio cycles/s ÷ commits/s.
func runReserve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o reserveOptions
	fs := flag.NewFlagSet("reserve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.hosts, "hosts", 10000, "verified hosts in the catalog")
	fs.IntVar(&o.cycles, "cycles", 1000, "reserve+release cycles per round")
	fs.IntVar(&o.rounds, "rounds", 3, "rounds (raw, then ironbase, each round)")
	fs.DurationVar(&o.rawSeconds, "raw-time", 3*time.Second, "length of each raw commit measurement")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.cycles*o.rounds > o.hosts {
		return fmt.Errorf("cycles×rounds (%d) must not exceed hosts (%d): released hosts are not re-verified here", o.cycles*o.rounds, o.hosts)
	}
	dir, err := os.MkdirTemp("/var/tmp", "ironbase-bench-reserve-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fmt.Fprintf(stdout, "building a catalog of %d verified hosts…\n", o.hosts)
	st, err := buildFleet(ctx, filepath.Join(dir, "catalog.db"), o.hosts)
	if err != nil {
		return err
	}
	defer st.Close()
	return reserveRounds(ctx, o, st, filepath.Join(dir, "raw.db"), stdout)
}

func reserveRounds(ctx context.Context, o reserveOptions, st *catalog.Store, rawPath string, stdout io.Writer) error {
	var raws, rates []float64
	var lat []time.Duration
	for r := range o.rounds {
		raw, err := rawCommitRate(ctx, rawPath, o.rawSeconds)
		if err != nil {
			return err
		}
		rate, l, err := cycleRate(ctx, st, o.cycles, r)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "round %d: raw %.0f commits/s, %.0f cycles/s (load %s)\n", r+1, raw, rate, loadAvg())
		raws, rates, lat = append(raws, raw), append(rates, rate), append(lat, l...)
	}
	slices.Sort(lat)
	rm, cm := medianF(raws), medianF(rates)
	fmt.Fprintf(stdout, "\n| hosts | raw commits/s | reserve+release cycles/s | ratio | reserve p50 | reserve p99 |\n|---|---|---|---|---|---|\n")
	fmt.Fprintf(stdout, "| %d | %.0f | %.0f | %.2f | %s | %s |\n", o.hosts, rm, cm, cm/rm,
		lat[len(lat)/2].Round(time.Microsecond), lat[len(lat)*99/100].Round(time.Microsecond))
	return nil
}

func medianF(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}
