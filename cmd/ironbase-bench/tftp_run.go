package main

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"sync"
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
	if o.parallel < 2 {
		return scs
	}
	name := fmt.Sprintf("%dx1MiB parallel", o.parallel)
	return append(scs, scenario{name, "small.bin", 1 << 20, 0, o.parallel, o.parRounds})
}

func runScenarios(ctx context.Context, o tftpOptions, peers []peer, w io.Writer) error {
	fmt.Fprintf(w, "%-24s %14s %14s %8s\n", "scenario", peers[0].name, peers[1].name, "ratio")
	for _, sc := range scenarios(o) {
		med, fails, err := measure(ctx, o.curl, sc, peers)
		if err != nil {
			return fmt.Errorf("%s: %w", sc.name, err)
		}
		ratio := float64(med[0]) / float64(med[1])
		fmt.Fprintf(w, "%-24s %14s %14s %8.2f", sc.name, round(med[0]), round(med[1]), ratio)
		if sc.parallel > 1 {
			fmt.Fprintf(w, "   failures %d / %d", fails[0], fails[1])
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "ratio = %s median / %s median; above 1 means %s was faster\n",
		peers[0].name, peers[1].name, peers[1].name)
	return nil
}

// measure alternates the peers round by round, after one untimed warm-up
// each, and returns every peer's median and failure count.
func measure(ctx context.Context, curl string, sc scenario, peers []peer) ([]time.Duration, []int, error) {
	times := make([][]time.Duration, len(peers))
	fails := make([]int, len(peers))
	for r := -1; r < sc.rounds; r++ {
		for i, p := range peers {
			d, f, err := sc.once(ctx, curl, p)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %w", p.name, err)
			}
			if r >= 0 {
				times[i] = append(times[i], d)
				fails[i] += f
			}
		}
	}
	meds := make([]time.Duration, len(peers))
	for i := range peers {
		meds[i] = median(times[i])
	}
	return meds, fails, nil
}

// once runs the scenario against p: for a single transfer it returns
// curl's own time_total; for a parallel one, the wall time and the number
// of failed transfers.
func (sc scenario) once(ctx context.Context, curl string, p peer) (time.Duration, int, error) {
	if sc.parallel <= 1 {
		return fetch(ctx, curl, p, sc)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	failed := 0
	start := time.Now()
	for range sc.parallel {
		wg.Go(func() {
			if _, _, err := fetch(ctx, curl, p, sc); err != nil {
				mu.Lock()
				failed++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return time.Since(start), failed, nil
}

// fetch downloads sc.file from p with curl into /dev/null and checks the
// size curl reports.
func fetch(ctx context.Context, curl string, p peer, sc scenario) (time.Duration, int, error) {
	args := []string{"-sS", "-o", "/dev/null", "-w", "%{time_total} %{size_download}"}
	if sc.blksize > 0 {
		args = append(args, "--tftp-blksize", strconv.Itoa(sc.blksize))
	}
	url := fmt.Sprintf("tftp://%s/%s", p.addr, sc.file)
	out, err := exec.CommandContext(ctx, curl, append(args, url)...).Output()
	if err != nil {
		return 0, 1, fmt.Errorf("curl %s: %w", url, err)
	}
	var secs float64
	var size int64
	if _, err := fmt.Sscanf(strings.TrimSpace(string(out)), "%g %d", &secs, &size); err != nil {
		return 0, 1, fmt.Errorf("curl %s: parse %q: %w", url, out, err)
	}
	if size != sc.size {
		return 0, 1, fmt.Errorf("curl %s: got %d bytes, want %d", url, size, sc.size)
	}
	return time.Duration(secs * float64(time.Second)), 0, nil
}

func round(d time.Duration) time.Duration {
	if d > time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(10 * time.Microsecond)
}
