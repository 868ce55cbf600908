package main

import (
	"fmt"
	"io"
	"time"
)

// printIngest prints one group: g.cs[0] is openssl speed, g.cs[1] ironbase.
func printIngest(w io.Writer, o imagingOptions, g ingestGroup, times [][]time.Duration, size int64) {
	meds := make([]time.Duration, len(g.cs))
	for i := range g.cs {
		meds[i] = median(times[i])
	}
	fmt.Fprintf(w, "\n%s (%s)\n%d MiB, %d rounds after %d warm-up, medians (min-max):\n", g.title, g.note, o.sizeMiB, o.rounds, o.warmup)
	fmt.Fprintf(w, "%-30s %10s %8s %22s %10s %12s\n", "", "median", "MB/s", "range", "÷openssl", "ironbase÷this")
	for i, c := range g.cs {
		lo, hi := minMax(times[i])
		fmt.Fprintf(w, "%-30s %10s %8.0f %22s %10.2f %12.2f\n", c.name, round(meds[i]), mbps(size, meds[i]),
			fmt.Sprintf("%s-%s", round(lo), round(hi)), float64(meds[0])/float64(meds[i]), float64(meds[i])/float64(meds[1]))
	}
	ratio := float64(meds[0]) / float64(meds[1])
	verdict := "met"
	if ratio < 0.8 {
		verdict = "NOT met"
	}
	fmt.Fprintf(w, "ironbase÷openssl speed = %.2f (goal ≥ 0.8: %s). ÷openssl = this row's throughput ÷ `openssl speed`'s\n"+
		"  (%d MiB ÷ its 16384-byte rate: CPU only, no I/O); ironbase÷this = ironbase's throughput ÷ this row's.\n",
		ratio, verdict, o.sizeMiB)
}

func printSquashfs(w io.Writer, o imagingOptions, st treeStats, cs []contender, times [][]time.Duration, sizes []int64) {
	fmt.Fprintf(w, "squashfs of %d MiB, %d rounds, medians (min-max):\n", st.bytes>>20, o.squashRounds)
	fmt.Fprintf(w, "%-28s %10s %22s %14s\n", "", "median", "range", "output")
	meds := make([]time.Duration, len(cs))
	for i, c := range cs {
		meds[i] = median(times[i])
		lo, hi := minMax(times[i])
		fmt.Fprintf(w, "%-28s %10s %22s %11d MiB\n", c.name, round(meds[i]),
			fmt.Sprintf("%s-%s", round(lo), round(hi)), sizes[i]>>20)
	}
	fmt.Fprintf(w, "ratio mksquashfs÷BuildSquashfs = %.2f; at the same zstd level (3) = %.2f. Above 1 means ironbase was\n"+
		"  faster. mksquashfs uses every core and zstd level 15 unless told; BuildSquashfs (go-diskfs) stages the tree\n"+
		"  in os.TempDir() and compresses on one core at klauspost/zstd's default (about level 3).\n",
		float64(meds[0])/float64(meds[1]), float64(meds[2])/float64(meds[1]))
}

func mbps(size int64, d time.Duration) float64 { return float64(size) / d.Seconds() / 1e6 }

func minMax(ds []time.Duration) (time.Duration, time.Duration) {
	lo, hi := ds[0], ds[0]
	for _, d := range ds {
		lo, hi = min(lo, d), max(hi, d)
	}
	return lo, hi
}
