package main

import (
	"context"
	"fmt"
	"io"
	"time"
)

// scenario is one measured workload; each round runs it once per peer.
type scenario struct {
	name     string
	file     string
	size     int64
	blksize  int // 0: curl's default (no blksize option)
	parallel int // >1: that many concurrent transfers, wall time measured
	rounds   int
}

func scenarios(o tftpOptions) []scenario {
	var scs []scenario
	for _, f := range []struct {
		file   string
		size   int64
		rounds int
	}{{"small.bin", 1 << 20, o.rounds}, {"big.bin", 32 << 20, o.bigRounds}} {
		for _, b := range []int{512, 1468, 8192} {
			name := fmt.Sprintf("%dMiB blksize=%d", f.size>>20, b)
			scs = append(scs, scenario{name, f.file, f.size, b, 1, f.rounds})
		}
	}
	for _, n := range o.parallel {
		name := fmt.Sprintf("%dx1MiB parallel", n)
		scs = append(scs, scenario{name, "small.bin", 1 << 20, 0, n, o.parRounds})
	}
	return scs
}

func runScenarios(ctx context.Context, o tftpOptions, peers []*peer, w io.Writer) error {
	fmt.Fprintf(w, "%-24s %14s %14s %8s\n", "scenario", peers[0].name, peers[1].name, "ratio")
	for _, sc := range scenarios(o) {
		if sc.rounds < 1 {
			continue
		}
		res, err := measure(ctx, o, sc, peers)
		if err != nil {
			return fmt.Errorf("%s: %w", sc.name, err)
		}
		printResult(w, sc, peers, res)
	}
	fmt.Fprintf(w, "ratio = %s median / %s median; above 1 means %s was faster\n",
		peers[0].name, peers[1].name, peers[1].name)
	if len(o.parallel) > 0 && o.parRounds > 0 {
		fmt.Fprintf(w, "parallel: median wall time per round (until the last transfer ended, failed ones included);\n"+
			"last ok: median time until the last successful transfer ended; failures summed over the timed rounds;\n"+
			"limit %v per transfer (-transfer-timeout)\n", o.timeout)
	}
	return nil
}

// tftpResult is one scenario's medians and failures, one entry per peer.
type tftpResult struct {
	wall, lastOK []time.Duration
	fails        []tftpFailures
}

func printResult(w io.Writer, sc scenario, peers []*peer, res tftpResult) {
	ratio := float64(res.wall[0]) / float64(res.wall[1])
	fmt.Fprintf(w, "%-24s %14s %14s %8.2f", sc.name, round(res.wall[0]), round(res.wall[1]), ratio)
	if sc.parallel <= 1 {
		fmt.Fprintln(w)
		return
	}
	fmt.Fprintf(w, "   failures %d / %d, last ok %v / %v\n", res.fails[0].total(), res.fails[1].total(),
		round(res.lastOK[0]), round(res.lastOK[1]))
	for i, p := range peers {
		res.fails[i].print(w, p.name)
	}
}

// measure alternates the peers round by round, after one untimed warm-up
// each, and returns every peer's medians and failures.
func measure(ctx context.Context, o tftpOptions, sc scenario, peers []*peer) (tftpResult, error) {
	outs := make([][]tftpOutcome, len(peers))
	for r := -1; r < sc.rounds; r++ {
		for i, p := range peers {
			cpu := readCPU()
			out, err := sc.once(ctx, o, p)
			if err != nil {
				return tftpResult{}, fmt.Errorf("%s: %w", p.name, err)
			}
			if sc.parallel > 1 {
				note, err := p.restart()
				if err != nil {
					return tftpResult{}, err
				}
				fmt.Fprintf(o.progress, "tftp: %s round %d%s %s: wall %v, last ok %v, %d failures; %v; after it: %s\n",
					sc.name, r+1, warmUp(r), p.name,
					round(out.wall), round(out.lastOK), out.fails.total(), readCPU().sub(cpu), note)
			}
			if r >= 0 {
				outs[i] = append(outs[i], out)
			}
		}
	}
	return summarize(outs), nil
}

// summarize takes the medians and adds up the failures of each peer's
// rounds.
func summarize(outs [][]tftpOutcome) tftpResult {
	var res tftpResult
	for i := range outs {
		res.wall = append(res.wall, median(pickDurations(outs[i], func(o tftpOutcome) time.Duration { return o.wall })))
		res.lastOK = append(res.lastOK, median(pickDurations(outs[i], func(o tftpOutcome) time.Duration { return o.lastOK })))
		var f tftpFailures
		for _, o := range outs[i] {
			f.add(o.fails)
		}
		res.fails = append(res.fails, f)
	}
	return res
}

func pickDurations(outs []tftpOutcome, f func(tftpOutcome) time.Duration) []time.Duration {
	ds := make([]time.Duration, len(outs))
	for i, o := range outs {
		ds[i] = f(o)
	}
	return ds
}

// once runs the scenario against p: for a single transfer it returns
// curl's own time_total, and any failure is an error; for a parallel one,
// see parallelRound.
func (sc scenario) once(ctx context.Context, o tftpOptions, p *peer) (tftpOutcome, error) {
	if sc.parallel <= 1 {
		d, err := fetch(ctx, o, p, sc)
		return tftpOutcome{wall: d}, err
	}
	return parallelRound(ctx, o, p, sc)
}

func round(d time.Duration) time.Duration {
	if d > time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(10 * time.Microsecond)
}

func warmUp(r int) string {
	if r < 0 {
		return " (warm-up)"
	}
	return ""
}
