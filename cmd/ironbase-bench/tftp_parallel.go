package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"sync"
	"syscall"
	"time"
)

// tftpFailures counts failed transfers by reason.
type tftpFailures map[string]int

func (f tftpFailures) total() int {
	n := 0
	for _, c := range f {
		n += c
	}
	return n
}

func (f *tftpFailures) add(g tftpFailures) {
	if *f == nil {
		*f = tftpFailures{}
	}
	for r, c := range g {
		(*f)[r] += c
	}
}

// print writes one line per reason, the most frequent first.
func (f tftpFailures) print(w io.Writer, name string) {
	rs := slices.SortedFunc(maps.Keys(f), func(a, b string) int { return f[b] - f[a] })
	for _, r := range rs {
		fmt.Fprintf(w, "    %s: %d × %s\n", name, f[r], r)
	}
}

// tftpOutcome is one run of a scenario against one peer.
type tftpOutcome struct {
	wall   time.Duration // for a single transfer, curl's time_total
	lastOK time.Duration // parallel: until the last successful transfer ended
	fails  tftpFailures
}

// parallelRound starts sc.parallel transfers from p at once and returns
// the wall time until the last one ended (completed, failed or timed out),
// the time until the last successful one ended, and the failures. Every
// transfer is bounded by fetch's time limit.
func parallelRound(ctx context.Context, o tftpOptions, p *peer, sc scenario) (tftpOutcome, error) {
	var wg sync.WaitGroup
	t := tftpTally{start: time.Now(), out: tftpOutcome{fails: tftpFailures{}}, samples: map[string]string{}}
	for range sc.parallel {
		wg.Go(func() {
			_, err := fetch(ctx, o, p, sc)
			t.record(err)
		})
	}
	wg.Wait()
	t.out.wall = time.Since(t.start)
	if err := ctx.Err(); err != nil {
		return tftpOutcome{}, err
	}
	for r, d := range t.samples {
		fmt.Fprintf(o.progress, "tftp: %s %s: %d × %s, e.g. %s\n", sc.name, p.name, t.out.fails[r], r, d)
	}
	return t.out, nil
}

// tftpTally collects the transfers of one parallel round as they end.
type tftpTally struct {
	mu      sync.Mutex
	start   time.Time
	out     tftpOutcome
	samples map[string]string // reason → the first failure's detail
}

func (t *tftpTally) record(err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err == nil {
		t.out.lastOK = max(t.out.lastOK, time.Since(t.start))
		return
	}
	reason, detail := err.Error(), ""
	if fe, ok := errors.AsType[*fetchError](err); ok {
		reason, detail = fe.reason, fe.detail
	}
	t.out.fails[reason]++
	if _, ok := t.samples[reason]; !ok {
		t.samples[reason] = detail
	}
}

// cpuTimes is the CPU time of this process (the driver, and ironbase's
// server) and of its reaped children (the curls, and tftpd-hpa with the
// children it reaped, counted once restart has reaped it).
type cpuTimes struct{ self, children time.Duration }

func readCPU() cpuTimes {
	var self, children syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &children)
	return cpuTimes{rusageCPU(&self), rusageCPU(&children)}
}

func rusageCPU(r *syscall.Rusage) time.Duration {
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}

func (c cpuTimes) sub(d cpuTimes) cpuTimes {
	return cpuTimes{c.self - d.self, c.children - d.children}
}

func (c cpuTimes) String() string {
	return fmt.Sprintf("CPU this process %v, children %v", round(c.self), round(c.children))
}
