package main

import (
	"fmt"
	"io"
	"os/exec"
	"slices"
	"strings"
	"time"
)

// printDHCP prints one line per target (median DORA/s at ≤ maxDrop lost,
// each round's figure, the server CPU per DORA) and the ratios.
func printDHCP(w io.Writer, o dhcpOptions, targets []*dhcpTarget, results [][]dhcpRound, before, after string) {
	fmt.Fprintf(w, "DHCP full mode, %s: DORA/s at <= %g%% lost (perfdhcp as a relay over a veth pair)\n", o.clients(), 100*o.maxDrop)
	fmt.Fprintf(w, "%d rounds of a rate search per server, %v per trial, a fresh server per trial, medians\n", o.rounds, o.period)
	fmt.Fprintf(w, "versions: %s\n", dhcpVersions(o))
	if len(o.leases) > 0 {
		fmt.Fprintf(w, "ironbase Nk: its catalog starts each trial with N committed leases (N discovered hosts), written through catalog.Store.Lease\n")
	}
	fmt.Fprintf(w, "%-14s %9s   %-26s %12s %7s\n", "server", "DORA/s", "per round", "CPU/DORA", "trials")
	meds := make(map[string]float64)
	for i, t := range targets {
		var rates, cpus []float64
		var rounds []string
		trials := 0
		for _, r := range results[i] {
			rates = append(rates, r.best.res.doraPerSec())
			cpus = append(cpus, float64(r.best.cpuPerDORA()))
			rounds = append(rounds, fmt.Sprintf("%.0f", r.best.res.doraPerSec()))
			trials += r.trials
		}
		meds[t.name] = dhcpMedian(rates)
		cpu := time.Duration(dhcpMedian(cpus)).Round(time.Microsecond)
		fmt.Fprintf(w, "%-14s %9.0f   %-26s %12v %7d\n", t.name, meds[t.name], strings.Join(rounds, " "), cpu, trials)
	}
	fmt.Fprintln(w, "ratios of medians (above 1: ironbase faster):")
	var peers, ours []string
	for _, t := range targets {
		if t.ironbase {
			ours = append(ours, t.name)
		} else {
			peers = append(peers, t.name)
		}
	}
	for _, ib := range ours {
		for _, p := range peers {
			goal := ""
			if p == "kea" {
				goal = "   (goal >= 1.2)"
			}
			fmt.Fprintf(w, "  %-14s / %-14s %6.2f%s\n", ib, p, dhcpRatio(meds[ib], meds[p]), goal)
		}
	}
	if len(ours) >= 2 {
		first, last := ours[0], ours[len(ours)-1]
		fmt.Fprintf(w, "  %-14s / %-14s %6.2f   (goal >= 0.90: at most 10%% slower)\n", last, first, dhcpRatio(meds[last], meds[first]))
	}
	fmt.Fprintf(w, "load average (1, 5, 15 min): %s before, %s after; %s\n", before, after, dhcpSetup(o))
}

func dhcpRatio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func dhcpMedian(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func dhcpSetup(o dhcpOptions) string {
	s := fmt.Sprintf("subnet %s, relay %s, range %s-%s", labSubnet, labRelayIP, labFirst, labLast)
	if slices.Contains(o.peers, "kea") {
		s += fmt.Sprintf("; kea memfile, %d threads", o.keaThreads)
	}
	if slices.Contains(o.peers, "dnsmasq") {
		s += "; dnsmasq --no-ping"
	}
	return s
}

// dhcpVersions names what was measured, from each tool's own version output.
func dhcpVersions(o dhcpOptions) string {
	first := func(bin string, args ...string) string {
		out, _ := exec.Command(bin, args...).CombinedOutput()
		line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
		return line
	}
	v := []string{"perfdhcp " + strings.TrimPrefix(first(o.perfdhcp, "-v"), "VERSION: ")}
	if slices.Contains(o.peers, "kea") {
		v = append(v, "kea-dhcp4 "+first(o.kea, "-v"))
	}
	if slices.Contains(o.peers, "dnsmasq") {
		f := strings.Fields(first(o.dnsmasq, "--version")) // Dnsmasq version 2.90  Copyright …
		if len(f) >= 3 {
			v = append(v, "dnsmasq "+f[2])
		}
	}
	return strings.Join(v, ", ")
}
