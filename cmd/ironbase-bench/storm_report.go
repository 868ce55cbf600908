package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// stormBootSteps are the steps both targets run (DHCP through initrd).
const stormBootSteps = stepInitrd + 1

// bootTime is the host's time through the initrd (or until it failed).
func (h stormHostResult) bootTime() time.Duration {
	var d time.Duration
	for i, s := range h.Steps {
		if i < stormBootSteps {
			d += s
		}
	}
	if h.Failed != "" && slices.Index(stormStepNames[:], h.Failed) < stormBootSteps {
		return h.Total
	}
	return d
}

// walls: from the storm's start to the last host through its initrd, and
// to the last host done.
func (r stormResult) walls() (boot, all time.Duration) {
	for _, h := range r.Hosts {
		boot = max(boot, h.Start+h.bootTime())
		all = max(all, h.Start+h.Total)
	}
	return boot, all
}

// hostTimes are the boot (or total) times of the hosts that succeeded.
func (r stormResult) hostTimes(total bool) []time.Duration {
	var ds []time.Duration
	for _, h := range r.Hosts {
		if h.Failed == "" {
			ds = append(ds, map[bool]time.Duration{true: h.Total, false: h.bootTime()}[total])
		}
	}
	return ds
}

// retries is the run's retransmissions and retries, with their steps:
// "26 (tftp first stage 20, dhcp (iPXE) 6)".
func (r stormResult) retries() string {
	var by [stormSteps]int
	n := 0
	for _, h := range r.Hosts {
		for s, x := range h.Retries {
			by[s] += x
			n += x
		}
	}
	var parts []string
	for s, x := range by {
		if x > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", stormStepNames[s], x))
		}
	}
	if n == 0 {
		return "0"
	}
	return fmt.Sprintf("%d (%s)", n, strings.Join(parts, ", "))
}

// pct is the p-th percentile (nearest rank) of ds; 0 for none.
func pct(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(p/100*float64(len(s))+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond)) }

// printStorm writes every run, the medians of the measured runs, the
// ratio, per-step percentiles and the failures.
func printStorm(w io.Writer, o *stormOptions, targets []*stormTarget, runs [][]stormRun) {
	fmt.Fprintf(w, "storm: %d hosts powering on over %v, kernel %d MiB, initrd %d MiB; per server 1 cold run (new leases) + %d measured, alternating\n\n",
		o.hosts, o.ramp, o.kernelMiB, o.initrdMiB, o.rounds)
	fmt.Fprintln(w, "| server | run | wall to initrd | wall with agent | host p50 | host p99 | failed | retransmits | UDP drops srv/cli | load after |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|")
	for i, t := range targets {
		for r, run := range runs[i] {
			boot, all := run.res.walls()
			ts := run.res.hostTimes(false)
			label := map[bool]string{true: "cold", false: fmt.Sprint(r)}[r == 0]
			withAgent := "—"
			if t.ironbase {
				withAgent = ms(all)
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %d | %s | %d/%d | %s |\n", t.name, label, ms(boot), withAgent,
				ms(pct(ts, 50)), ms(pct(ts, 99)), run.res.failed(), run.res.retries(), run.srvDrops, run.cliDrops, run.load)
		}
	}
	for i, t := range targets {
		for r, run := range runs[i] {
			if run.note != "" {
				fmt.Fprintf(w, "%s run %d: %s\n", t.name, r, run.note)
			}
		}
	}
	printStormSummary(w, targets, runs)
	printStormSteps(w, targets, runs)
	printStormTFTPSplit(w, targets, runs)
	printStormFailures(w, targets, runs)
}

func printStormSummary(w io.Writer, targets []*stormTarget, runs [][]stormRun) {
	fmt.Fprintln(w, "\nmedians of the measured runs (host times: DHCP through initrd; ironbase also with the agent):")
	walls := make([]time.Duration, len(targets))
	for i, t := range targets {
		var boot, all, p50, p99, a50, a99 []time.Duration
		for _, run := range runs[i][1:] {
			b, a := run.res.walls()
			boot, all = append(boot, b), append(all, a)
			p50, p99 = append(p50, pct(run.res.hostTimes(false), 50)), append(p99, pct(run.res.hostTimes(false), 99))
			a50, a99 = append(a50, pct(run.res.hostTimes(true), 50)), append(a99, pct(run.res.hostTimes(true), 99))
		}
		walls[i] = median(boot)
		fmt.Fprintf(w, "  %-14s wall %s, host p50 %s, p99 %s", t.name, ms(walls[i]), ms(median(p50)), ms(median(p99)))
		if t.ironbase {
			fmt.Fprintf(w, "; with agent: wall %s, host p50 %s, p99 %s", ms(median(all)), ms(median(a50)), ms(median(a99)))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "ratio = %s wall ÷ %s wall (DHCP through initrd, the steps both run) = %.2f (above 1: ironbase faster)\n",
		targets[0].name, targets[1].name, float64(walls[0])/float64(walls[1]))
	for i := range targets {
		for _, run := range runs[i][1:] {
			if run.res.failed() > 0 {
				fmt.Fprintln(w, "  caution: measured runs had failures; a failed host counts until it gave up (DHCP: about 60 s as PXE, 31 s as iPXE), so the walls and the ratio measure give-up timeouts more than speed")
				return
			}
		}
	}
}

// printStormSteps pools every measured run's completed steps.
func printStormSteps(w io.Writer, targets []*stormTarget, runs [][]stormRun) {
	fmt.Fprintf(w, "\nper step, measured runs pooled (p50 / p99, retransmissions or retries):\n| step |")
	for _, t := range targets {
		fmt.Fprintf(w, " %s |", t.name)
	}
	fmt.Fprintf(w, "\n|---|%s\n", strings.Repeat("---|", len(targets)))
	for s := range stormSteps {
		fmt.Fprintf(w, "| %s |", stormStepNames[s])
		for i := range targets {
			var ds []time.Duration
			retries := 0
			for _, run := range runs[i][1:] {
				for _, h := range run.res.Hosts {
					if s < len(h.Steps) && h.Steps[s] > 0 {
						ds = append(ds, h.Steps[s])
					}
					if s < len(h.Retries) {
						retries += h.Retries[s]
					}
				}
			}
			if len(ds) == 0 {
				fmt.Fprint(w, " — |")
				continue
			}
			fmt.Fprintf(w, " %s / %s, %d |", ms(pct(ds, 50)), ms(pct(ds, 99)), retries)
		}
		fmt.Fprintln(w)
	}
}

// printStormTFTPSplit says where the TFTP step's time went, from the
// kernel's arrival time of each packet: waiting for the server (its
// turnaround and the veth) or in the simulator, which had the packet but
// had not read it yet (a busy client process, not the server).
func printStormTFTPSplit(w io.Writer, targets []*stormTarget, runs [][]stormRun) {
	fmt.Fprintln(w, "\ntftp first stage, time per transfer spent waiting for the server / in the simulator's own read delay (p50 / p99):")
	for i, t := range targets {
		var srv, cli []time.Duration
		for _, run := range runs[i][1:] {
			for _, h := range run.res.Hosts {
				if len(h.Steps) > stepTFTP && h.Steps[stepTFTP] > 0 {
					srv, cli = append(srv, h.TFTPServer), append(cli, h.TFTPClient)
				}
			}
		}
		fmt.Fprintf(w, "  %-14s server %s / %s, simulator %s / %s\n", t.name,
			ms(pct(srv, 50)), ms(pct(srv, 99)), ms(pct(cli, 50)), ms(pct(cli, 99)))
	}
}

// printStormFailures lists failures by step for every run, with the first
// error of each step.
func printStormFailures(w io.Writer, targets []*stormTarget, runs [][]stormRun) {
	any := false
	for i, t := range targets {
		for r, run := range runs[i] {
			byStep, first := map[string]int{}, map[string]string{}
			for _, h := range run.res.Hosts {
				if h.Failed != "" {
					byStep[h.Failed]++
					if first[h.Failed] == "" {
						first[h.Failed] = h.Err
					}
				}
			}
			for _, s := range stormStepNames {
				if byStep[s] > 0 {
					any = true
					fmt.Fprintf(w, "FAILED %s run %d: %d hosts at %s (first: %s)\n", t.name, r, byStep[s], s, first[s])
				}
			}
		}
	}
	if !any {
		fmt.Fprintln(w, "\nfailures: none (every host of every run booted, fetched the right bytes and, on ironbase, said hello and reported)")
	}
}
