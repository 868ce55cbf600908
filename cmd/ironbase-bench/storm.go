package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

// stormChildEnv marks the simulator process: runStorm re-executes this
// binary inside the client network namespace with it set.
const stormChildEnv = "IRONBASE_BENCH_STORM_CHILD"

// stormOptions are the flags of "ironbase-bench storm".
type stormOptions struct {
	hosts, rounds        int
	ramp                 time.Duration
	kernelMiB, initrdMiB int
	ironbase             string
	dnsmasq, nginx       string
	firstStage           string // the BIOS first stage served over TFTP
	serveFlags           []string
	work                 string // this run's temp dir
}

// runStorm is BENCHMARKS.md scenario 5: N simulated hosts boot at once
// (DHCP as PXE firmware, TFTP of the first stage, DHCP as iPXE, the iPXE
// script, kernel and initrd over HTTP, then the agent's hello and suite
// report) against one real `ironbase serve --dhcp-mode full`, and (without
// the agent steps) against dnsmasq + nginx serving the same bytes, on a
// veth pair between two network namespaces. The two take turns; the first
// run of each (new leases, cold caches) is reported apart, the median of
// the others is compared: ratio = peer wall ÷ ironbase wall.
//
// What is simulated, and what is not: hosts power on evenly spread over
// -ramp (a BMC-driven power-on of a rack is not one microsecond-wide
// burst); DHCP retransmits as PXE firmware and iPXE do, with RFC 2131
// jitter. Hosts are enrolled without a BMC, so ironbase's controller runs
// (it is woken by every event) but keeps them `enrolled`: the transitions
// it would write for BMC-driven hosts are not part of the load. After the
// DHCP ACK every host talks TFTP and HTTP from the client side's one
// address, not from its leased one.
func runStorm(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if os.Getenv(stormChildEnv) != "" {
		return runStormChild(ctx, os.Stdin, stdout, stderr)
	}
	o, err := parseStormFlags(args, stderr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	if o.work, err = workDir(ctx, "storm", &o.ironbase); err != nil {
		return err
	}
	defer os.RemoveAll(o.work)
	lab, err := newDHCPLab(ctx)
	if err != nil {
		return err
	}
	defer lab.close()
	fmt.Fprintf(stdout, "command: ironbase-bench storm %s\n", strings.Join(args, " "))
	return o.run(ctx, lab, stdout, stderr)
}

func (o *stormOptions) run(ctx context.Context, lab *dhcpLab, stdout, stderr io.Writer) error {
	start := time.Now()
	fx, err := o.prepare(ctx, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "storm: %d hosts enrolled, image promoted, peer files written in %v\n",
		o.hosts, time.Since(start).Round(time.Millisecond))
	targets := []*stormTarget{o.peerTarget(lab, fx), o.ironbaseTarget(lab, fx)}
	results, err := o.runRounds(ctx, lab, fx, targets, stderr)
	if err != nil {
		return err
	}
	printStorm(stdout, o, targets, results)
	return nil
}

func parseStormFlags(args []string, stderr io.Writer) (*stormOptions, error) {
	o := &stormOptions{}
	fs := flag.NewFlagSet("storm", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.hosts, "hosts", 1000, "simulated hosts booting at once")
	fs.IntVar(&o.rounds, "rounds", 3, "measured runs per server, after one cold run each (new leases)")
	fs.DurationVar(&o.ramp, "ramp", 10*time.Second, "hosts power on evenly spread over this time (0: all at once)")
	fs.IntVar(&o.kernelMiB, "kernel-mib", 2, "size of the kernel (random bytes) in MiB")
	fs.IntVar(&o.initrdMiB, "initrd-mib", 8, "size of the initrd (random bytes) in MiB")
	fs.StringVar(&o.ironbase, "ironbase", "", "ironbase binary (default: go build ./cmd/ironbase into a temp dir)")
	fs.StringVar(&o.dnsmasq, "dnsmasq", "dnsmasq", "dnsmasq binary (Debian dnsmasq-base)")
	fs.StringVar(&o.nginx, "nginx", "nginx", "nginx binary (Debian nginx-light)")
	fs.StringVar(&o.firstStage, "first-stage", "/usr/lib/ipxe/undionly.kpxe", "BIOS first stage served over TFTP (Debian ipxe)")
	serveFlags := fs.String("serve-flags", "", "extra flags for `ironbase serve`, space-separated (e.g. --no-controller, to diagnose)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	o.serveFlags = strings.Fields(*serveFlags)
	if o.hosts < 1 || o.hosts > 60000 || o.rounds < 1 || o.ramp < 0 || o.kernelMiB < 1 || o.initrdMiB < 1 {
		return nil, fmt.Errorf("want 1 ≤ -hosts ≤ 60000, -rounds ≥ 1, -ramp ≥ 0, -kernel-mib ≥ 1, -initrd-mib ≥ 1")
	}
	for _, t := range []struct {
		bin *string
		pkg string
	}{{&o.dnsmasq, "dnsmasq-base"}, {&o.nginx, "nginx-light"}} {
		p, err := exec.LookPath(*t.bin)
		if err != nil {
			return nil, fmt.Errorf("%s not found (Debian package %s): %w", *t.bin, t.pkg, err)
		}
		*t.bin = p
	}
	if _, err := os.Stat(o.firstStage); err != nil {
		return nil, fmt.Errorf("-first-stage (Debian package ipxe): %w", err)
	}
	if os.Geteuid() != 0 {
		return nil, fmt.Errorf("the storm benchmark needs root (network namespaces, ports 67 and 69)")
	}
	return o, nil
}
