package main

import (
	"fmt"
	"io"
	"time"
)

// powerMedians summarises sweeps: median wall time, mean CPU times,
// failures.
type powerMedians struct {
	wall, cpu, bmcCPU time.Duration
	fails, queries    int
}

func summarise(rs []sweepResult, bmcs int) powerMedians {
	var walls []time.Duration
	m := powerMedians{queries: len(rs) * bmcs}
	for _, r := range rs {
		walls = append(walls, r.wall)
		m.cpu += r.cpu
		m.bmcCPU += r.bmcCPU
		m.fails += r.fails
	}
	// CPU: the mean, since /proc counts the farm in 10ms ticks.
	m.wall, m.cpu, m.bmcCPU = median(walls), m.cpu/time.Duration(len(rs)), m.bmcCPU/time.Duration(len(rs))
	return m
}

func (m powerMedians) rate() string {
	return fmt.Sprintf("%.2f/s (%s)", float64(time.Second)/float64(m.wall), round(m.wall))
}

func printPower(w io.Writer, o powerOptions, samples []powerSamples, seq []sweepResult) {
	fmt.Fprintf(w, "\n%-20s %22s %22s %7s %13s %22s %16s\n", "sweep of "+fmt.Sprint(o.bmcs),
		"ipmitool (median)", "ironbase (median)", "ratio", "fails ipmi/ib", "client CPU ipmi/ib", "BMC CPU ipmi/ib")
	for li, limit := range o.limits {
		s := samples[li]
		peer := summarise(s.peer, o.bmcs)
		for _, c := range []struct {
			name string
			rs   []sweepResult
		}{{"warm", s.warm}, {"cold", s.cold}} {
			ib := summarise(c.rs, o.bmcs)
			fmt.Fprintf(w, "%-20s %22s %22s %7.2f %13s %22s %16s\n",
				fmt.Sprintf("limit %d, %s", limit, c.name), peer.rate(), ib.rate(),
				float64(peer.wall)/float64(ib.wall),
				fmt.Sprintf("%d/%d", peer.fails, ib.fails),
				fmt.Sprintf("%s/%s", round(peer.cpu), round(ib.cpu)),
				fmt.Sprintf("%s/%s", round(peer.bmcCPU), round(ib.bmcCPU)))
		}
		fmt.Fprintf(w, "%-20s queries: ipmitool %d, ironbase cold %d, warm %d\n", "",
			peer.queries, len(s.cold)*o.bmcs, len(s.warm)*o.bmcs)
	}
	if len(seq) > 0 {
		m := summarise(seq, o.bmcs)
		fmt.Fprintf(w, "%-20s %22s %22s %7s %13s %22s %16s\n", "ipmitool sequential", m.rate(), "-", "-",
			fmt.Sprintf("%d/-", m.fails), round(m.cpu).String()+"/-", round(m.bmcCPU).String()+"/-")
	}
	fmt.Fprintf(w, "ratio = ironbase sweeps/s ÷ ipmitool sweeps/s at the same limit (ipmitool median / ironbase median);\n"+
		"  above 1 means ironbase was faster. ipmitool runs the limit as its parallelism and opens a session per query;\n"+
		"  ironbase warm = sessions already open; cold = new drivers, so a session per BMC plus the debounce confirm\n"+
		"  read %s after the first reading. fails = errors or wrong states, summed over all rounds.\n"+
		"  CPU = mean per sweep: client (ipmitool processes / this process) and the BMC farm process.\n", o.confirm)
}
