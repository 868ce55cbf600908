package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// dhcpOptions are the flags of "ironbase-bench dhcp".
type dhcpOptions struct {
	rounds                       int
	period                       time.Duration
	maxDrop                      float64 // a trial passes with at most this fraction of DORAs lost
	resolution                   float64 // a search stops once failing/passing rate ≤ 1+resolution
	startRate                    float64
	fixedRate                    float64 // > 0: no search, trials at this rate only (dhcp_fixed.go)
	leases                       []int   // existing leases for the ironbase targets
	known                        int     // > 0: the clients are this many known hosts (dhcp_known.go)
	macList, hostsFile           string  // with known: perfdhcp's MAC list, dnsmasq's hosts file
	keaThreads                   int
	peers                        []string
	ironbase                     string // "": go build ./cmd/ironbase
	perfdhcp, kea, dnsmasq, curl string
	work                         string // this run's temp dir
}

// runDHCP measures full-mode DHCP: DORA/s for new clients at ≤ 1% drops,
// driven by perfdhcp (which acts as a relay) across a veth pair between two
// network namespaces, against Kea (memfile), dnsmasq (--no-ping) and the
// real ironbase binary with 1k and 50k existing leases in its catalog. The
// servers take turns (peer, ironbase, peer, ironbase) step by step of each
// rate search; every trial starts its server afresh; medians are quoted.
func runDHCP(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseDHCPFlags(args, stderr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	if err := o.findTools(); err != nil {
		return err
	}
	dir, err := workDir(ctx, "dhcp", &o.ironbase)
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	o.work = dir
	if o.known > 0 {
		if o.macList, o.hostsFile, err = writeKnownFiles(dir, o.known); err != nil {
			return err
		}
	}
	lab, err := newDHCPLab(ctx)
	if err != nil {
		return err
	}
	defer lab.close()
	targets, err := o.targets(ctx, lab, dir, stderr)
	if err != nil {
		return err
	}
	loadBefore := loadAvg()
	fmt.Fprintf(stderr, "dhcp: load average before: %s\n", loadBefore)
	fmt.Fprintf(stdout, "command: ironbase-bench dhcp %s\n", strings.Join(args, " "))
	if o.fixedRate > 0 {
		err := fixedRateAll(ctx, o, lab, targets, stdout, stderr)
		fmt.Fprintf(stdout, "load average (1, 5, 15 min): %s before, %s after\n", loadBefore, loadAvg())
		return err
	}
	results, err := searchAll(ctx, o, lab, targets, stderr)
	if err != nil {
		return err
	}
	printDHCP(stdout, o, targets, results, loadBefore, loadAvg())
	return nil
}

func parseDHCPFlags(args []string, stderr io.Writer) (dhcpOptions, error) {
	var o dhcpOptions
	var leases, peers string
	fs := flag.NewFlagSet("dhcp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.rounds, "rounds", 3, "independent rate searches per server (the median is quoted)")
	fs.DurationVar(&o.period, "period", 3*time.Second, "length of one perfdhcp trial at a fixed rate (whole seconds)")
	fs.Float64Var(&o.maxDrop, "max-drop", 0.01, "largest fraction of DORAs lost for a trial to pass")
	fs.Float64Var(&o.resolution, "resolution", 0.1, "a search stops when the lowest failing rate is within this fraction of the highest passing one")
	fs.Float64Var(&o.startRate, "start-rate", 1000, "first rate tried (DORA/s) in the first round")
	fs.Float64Var(&o.fixedRate, "fixed-rate", 0, "no rate search: -rounds trials per server at this rate, reporting CPU per DORA")
	fs.StringVar(&leases, "leases", "1000,50000", "existing leases in ironbase's catalog, one ironbase target each")
	fs.IntVar(&o.known, "known", 0, "clients are this many known hosts (enrolled in ironbase, reserved in Kea and dnsmasq) instead of new ones")
	fs.IntVar(&o.keaThreads, "kea-threads", 2, "Kea multi-threading pool size (0: single-threaded)")
	fs.StringVar(&peers, "peers", "kea,dnsmasq", "peer servers, alternated with the ironbase targets")
	fs.StringVar(&o.ironbase, "ironbase", "", "ironbase binary (default: go build ./cmd/ironbase into a temp dir)")
	fs.StringVar(&o.perfdhcp, "perfdhcp", "perfdhcp", "perfdhcp binary (Debian kea-admin)")
	fs.StringVar(&o.kea, "kea", "kea-dhcp4", "kea-dhcp4 binary (Debian kea-dhcp4-server)")
	fs.StringVar(&o.dnsmasq, "dnsmasq", "dnsmasq", "dnsmasq binary (Debian dnsmasq-base)")
	fs.StringVar(&o.curl, "curl", "curl", "curl, to read ironbase's /metrics after each trial (optional)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	for _, s := range strings.Split(leases, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 0 {
			return o, fmt.Errorf("-leases %q: want counts separated by commas", leases)
		}
		o.leases = append(o.leases, n)
	}
	for _, p := range strings.Split(peers, ",") {
		if p = strings.TrimSpace(p); p != "" {
			if p != "kea" && p != "dnsmasq" {
				return o, fmt.Errorf("-peers: unknown peer %q (have kea, dnsmasq)", p)
			}
			o.peers = append(o.peers, p)
		}
	}
	if o.rounds < 1 || o.period < time.Second || o.period%time.Second != 0 || o.maxDrop < 0 || o.resolution <= 0 || o.startRate <= 0 || o.fixedRate < 0 || o.known < 0 || o.known > 1<<16 {
		return o, fmt.Errorf("want -rounds ≥ 1, -period whole seconds ≥ 1s, -max-drop ≥ 0, -resolution > 0, -start-rate > 0, -fixed-rate ≥ 0, 0 ≤ -known ≤ 65536")
	}
	return o, nil
}

// findTools resolves the binaries, naming the Debian package of a missing one.
func (o *dhcpOptions) findTools() error {
	type tool struct {
		bin *string
		pkg string
	}
	need := []tool{{&o.perfdhcp, "kea-admin"}}
	for _, p := range o.peers {
		if p == "kea" {
			need = append(need, tool{&o.kea, "kea-dhcp4-server"})
		} else {
			need = append(need, tool{&o.dnsmasq, "dnsmasq-base"})
		}
	}
	for _, n := range need {
		path, err := exec.LookPath(*n.bin)
		if err != nil {
			return fmt.Errorf("%s not found (Debian package %s): %w", *n.bin, n.pkg, err)
		}
		*n.bin = path
	}
	if _, err := exec.LookPath("ip"); err != nil {
		return fmt.Errorf("ip not found (Debian package iproute2): %w", err)
	}
	if p, err := exec.LookPath(o.curl); err == nil {
		o.curl = p
	} else {
		o.curl = ""
	}
	if os.Geteuid() != 0 {
		return fmt.Errorf("the dhcp benchmark needs root (network namespaces, port 67)")
	}
	return nil
}

// workDir makes a benchmark's temp dir (world-readable: nginx and tftpd
// workers run as nobody) and, when *bin is empty, builds the real ironbase
// binary into it. The caller removes the dir.
func workDir(ctx context.Context, name string, bin *string) (string, error) {
	dir, err := os.MkdirTemp("", "ironbase-bench-"+name+"-")
	if err != nil {
		return "", fmt.Errorf("temp dir: %w", err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	if *bin == "" {
		if *bin, err = buildIronbase(ctx, dir); err != nil {
			os.RemoveAll(dir)
			return "", err
		}
	}
	return dir, nil
}

// buildIronbase builds the real binary, so leases go through its catalog
// exactly as in production.
func buildIronbase(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "ironbase")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/ironbase/ironbase/cmd/ironbase")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ironbase (run inside the module, or pass -ironbase): %w\n%s", err, out)
	}
	return bin, nil
}
