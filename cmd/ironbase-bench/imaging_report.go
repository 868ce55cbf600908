package main

import (
	"fmt"
	"io"
	"time"
)

func printIngest(w io.Writer, o imagingOptions, cs []contender, times [][]time.Duration, size int64) {
	meds := make([]time.Duration, len(cs))
	for i := range cs {
		meds[i] = median(times[i])
	}
	const ib = 1 // index of Store.Ingest in cs
	fmt.Fprintf(w, "ingest of %d MiB, %d rounds after %d warm-up, medians (min-max):\n", o.sizeMiB, o.rounds, o.warmup)
	fmt.Fprintf(w, "%-28s %10s %12s %22s %12s\n", "", "median", "MB/s", "range", "ingest÷this")
	for i, c := range cs {
		lo, hi := minMax(times[i])
		fmt.Fprintf(w, "%-28s %10s %12.0f %22s %12.2f\n", c.name, round(meds[i]), mbps(size, meds[i]),
			fmt.Sprintf("%s-%s", round(lo), round(hi)), float64(meds[i])/float64(meds[ib]))
	}
	ratio := float64(meds[0]) / float64(meds[ib])
	verdict := "met"
	if ratio < 0.8 {
		verdict = "NOT met"
	}
	fmt.Fprintf(w, "ingest÷openssl = %.2f (goal ≥ 0.8: %s); ingest÷(cp+sha256sum) = %.2f. ingest÷X = X's median time ÷ ingest's, i.e. ingest's throughput\n"+
		"  ÷ X's; above 1 means ingest was faster. openssl's time is %d MiB ÷ its 16384-byte rate (CPU only, no I/O);\n"+
		"  Ingest reads the page-cached file, hashes, writes and fsyncs; plain cp does not fsync, `sync FILE` does.\n",
		ratio, verdict, float64(meds[2])/float64(meds[ib]), o.sizeMiB)
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
