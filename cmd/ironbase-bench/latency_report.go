package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/ironbase/ironbase/testsuite/lab"
)

// bootResult is one boot of one arm, timed from qemu's start: total is
// the arm's end point (plain: the agent's hello; ironbase: ready with the
// suite passed), phases what was seen on the way.
type bootResult struct {
	total  time.Duration
	phases []latencyPhase
	note   string
}

type latencyPhase struct {
	name string
	at   time.Duration
}

func (r bootResult) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%5.1f s  (", r.total.Seconds())
	for i, p := range r.sorted() {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %.1f", p.name, p.at.Seconds())
	}
	b.WriteString(")")
	if r.note != "" {
		b.WriteString(" " + r.note)
	}
	return b.String()
}

func (r bootResult) sorted() []latencyPhase {
	ps := slices.Clone(r.phases)
	slices.SortStableFunc(ps, func(a, b latencyPhase) int { return int(a.at - b.at) })
	return ps
}

// phaseOrder is how the report lists phases (both arms' names).
var phaseOrder = []string{"dhcp", "script", "fetched", "kernel", "init", "up", "agent", "hello", "suite", "ready"}

// latencyRuns are one firmware's boots of both arms.
type latencyRuns struct{ plain, ironbase []bootResult }

// latencyGoal is BENCHMARKS.md scenario 6: ironbase ÷ plain.
const latencyGoal = 1.25

func (r *latencyRuns) print(w io.Writer, fw lab.Firmware) {
	if len(r.plain) == 0 || len(r.ironbase) == 0 {
		return
	}
	plain, ib := latMedian(r.plain, "total"), latMedian(r.ironbase, "total")
	ratio := ib.Seconds() / plain.Seconds()
	verdict := "meets"
	if ratio > latencyGoal {
		verdict = "MISSES"
	}
	fmt.Fprintf(w, "\n%s, medians of %d boots per arm (seconds from qemu start):\n  %-8s %8s %9s\n", fw, len(r.plain), "phase", "plain", "ironbase")
	for _, name := range phaseOrder {
		fmt.Fprintf(w, "  %-8s %8s %9s\n", name, latCell(r.plain, name), latCell(r.ironbase, name))
	}
	fmt.Fprintf(w, "  plain power-on → hello %.1f s; ironbase power-on → ready %.1f s; ratio %.2f (%s the goal ≤ %.2f); load %s\n",
		plain.Seconds(), ib.Seconds(), ratio, verdict, latencyGoal, loadAvg())
	ps, is := latSpan(r.plain, "script", "total"), latSpan(r.ironbase, "script", "total")
	fmt.Fprintf(w, "  without the firmware's start (boot script fetched → end, per boot): plain %.1f s, ironbase %.1f s, ratio %.2f\n",
		ps.Seconds(), is.Seconds(), is.Seconds()/ps.Seconds())
	fmt.Fprintf(w, "  ironbase's own steps after the hello (suite fetched, run, reported; ready): %.1f s\n",
		latSpan(r.ironbase, "hello", "total").Seconds())
}

// latSpan is the median over boots of the time from phase a to phase b.
func latSpan(rs []bootResult, a, b string) time.Duration {
	var ds []time.Duration
	for _, r := range rs {
		from, to := latAt(r, a), latAt(r, b)
		if from >= 0 && to >= 0 {
			ds = append(ds, to-from)
		}
	}
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	return ds[len(ds)/2]
}

// latAt is when a boot reached a phase ("total": its end), or -1.
func latAt(r bootResult, name string) time.Duration {
	if name == "total" {
		return r.total
	}
	for _, p := range r.phases {
		if p.name == name {
			return p.at
		}
	}
	return -1
}

func latCell(rs []bootResult, name string) string {
	d := latMedian(rs, name)
	if d < 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f", d.Seconds())
}

// latMedian is the median of a phase over the boots that saw it (-1
// when none did); "total" is each boot's end point.
func latMedian(rs []bootResult, name string) time.Duration {
	var ds []time.Duration
	for _, r := range rs {
		if at := latAt(r, name); at >= 0 {
			ds = append(ds, at)
		}
	}
	if len(ds) == 0 {
		return -1
	}
	return median(ds)
}
