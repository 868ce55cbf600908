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
	hosts, cycles, rounds, slices, clients int
	rawSeconds                             time.Duration
}

// runReserve measures reserve + release cycles against a catalog of N
// verified hosts, and in the same run the raw SQLite commit rate of a
// one-row transaction on the same kind of database (WAL, synchronous=FULL),
// alternating in short slices so both see the same machine load, and
// prints each round's ratio cycles/s ÷ commits/s and the medians.
func runReserve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o reserveOptions
	fs := flag.NewFlagSet("reserve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.hosts, "hosts", 10000, "verified hosts in the catalog")
	fs.IntVar(&o.cycles, "cycles", 1000, "reserve+release cycles per round")
	fs.IntVar(&o.rounds, "rounds", 3, "rounds (raw, then ironbase, each round)")
	fs.DurationVar(&o.rawSeconds, "raw-time", 3*time.Second, "raw commit measurement per round")
	fs.IntVar(&o.clients, "clients", 1, "concurrent clients, both for the cycles and for the raw commits (ironbase's catalog commits concurrent writes together)")
	fs.IntVar(&o.slices, "slices", 20, "alternations of raw commits and cycles per round (the ratio is the median over slices)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.slices < 1 || o.cycles < o.slices || o.rounds < 1 || o.clients < 1 {
		return fmt.Errorf("want rounds ≥ 1, clients ≥ 1 and cycles ≥ slices ≥ 1")
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
	raw, err := openRaw(ctx, rawPath)
	if err != nil {
		return err
	}
	defer raw.Close()
	var raws, rates, ratios []float64
	var lat []time.Duration
	for r := range o.rounds {
		var rc, cc tally
		for sl := range o.slices {
			n, d, err := rawCommits(ctx, raw, o.rawSeconds/time.Duration(o.slices), o.clients)
			if err != nil {
				return err
			}
			sr := tally{n, d}
			n = o.cycles / o.slices
			if d, lat, err = cycleRun(ctx, st, n, o.clients, fmt.Sprintf("r%d-%d", r, sl), lat); err != nil {
				return err
			}
			sc := tally{n, d}
			ratios = append(ratios, sc.rate()/sr.rate()) // neighbours in time: the same load
			rc.add(sr.n, sr.d)
			cc.add(sc.n, sc.d)
		}
		fmt.Fprintf(stdout, "round %d: raw %.0f commits/s, %.0f cycles/s, ratio %.2f, median slice ratio so far %.2f (load %s)\n",
			r+1, rc.rate(), cc.rate(), cc.rate()/rc.rate(), medianF(ratios), loadAvg())
		raws, rates = append(raws, rc.rate()), append(rates, cc.rate())
	}
	slices.Sort(lat)
	fmt.Fprintf(stdout, "\n| hosts | clients | raw commits/s | reserve+release cycles/s | ratio (median of %d slices) | reserve p50 | reserve p99 |\n|---|---|---|---|---|---|---|\n", len(ratios))
	fmt.Fprintf(stdout, "| %d | %d | %.0f | %.0f | %.2f | %s | %s |\n", o.hosts, o.clients, medianF(raws), medianF(rates), medianF(ratios),
		lat[len(lat)/2].Round(time.Microsecond), lat[len(lat)*99/100].Round(time.Microsecond))
	return nil
}

// tally sums operations and the time they took.
type tally struct {
	n int
	d time.Duration
}

func (t *tally) add(n int, d time.Duration) { t.n, t.d = t.n+n, t.d+d }
func (t tally) rate() float64               { return float64(t.n) / t.d.Seconds() }

func medianF(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}
