package main

import (
	"context"
	"debug/elf"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/ironbase/ironbase/testsuite/lab"
	"github.com/ironbase/ironbase/testsuite/lab/image"
)

// latencyOptions are the flags of `ironbase-bench latency` (BENCHMARKS.md
// scenario 6): the same lab VM PXE-booted by a plain stand-in server and
// by ironbase, alternating.
type latencyOptions struct {
	rounds int
	uefi   bool
	bin    string // ironbase, ironbase-agent, ironbase-lab
	cache  string // lab image cache
	limit  time.Duration
	log    *slog.Logger
}

func runLatency(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("latency", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := latencyOptions{}
	fs.IntVar(&o.rounds, "rounds", 3, "boots per arm and firmware (plain and ironbase alternate)")
	fs.BoolVar(&o.uefi, "uefi", false, "also boot the UEFI (OVMF) variant of the VM")
	fs.StringVar(&o.bin, "bin", "bin", "directory with ironbase, ironbase-agent and ironbase-lab (make build)")
	fs.StringVar(&o.cache, "cache", ".cache/lab", "lab image cache (make lab-image)")
	fs.DurationVar(&o.limit, "limit", 4*time.Minute, "give up on one boot after this long")
	verbose := fs.Bool("v", false, "log the labs' progress")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.rounds < 1 {
		return fmt.Errorf("latency: -rounds %d: want at least 1", o.rounds)
	}
	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelInfo
	}
	o.log = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	if err := latencyPrereqs(&o); err != nil {
		return err
	}
	m, err := image.Build(ctx, image.Options{CacheDir: o.cache, Agent: filepath.Join(o.bin, "ironbase-agent"), Logger: o.log})
	if err != nil {
		return fmt.Errorf("latency: lab image: %w", err)
	}
	fws := []lab.Firmware{lab.BIOS}
	if o.uefi {
		fws = append(fws, lab.UEFI)
	}
	fmt.Fprintf(stdout, "lab VM PXE boot: plain stand-in (power-on → agent hello) vs ironbase (power-on → ready, suite passed), %d rounds, load %s\n",
		o.rounds, loadAvg())
	res := map[lab.Firmware]*latencyRuns{}
	for r := range o.rounds {
		for _, fw := range fws {
			if res[fw] == nil {
				res[fw] = &latencyRuns{}
			}
			if err := latencyRound(ctx, o, m, fw, r, res[fw], stdout); err != nil {
				return err
			}
		}
	}
	for _, fw := range fws {
		res[fw].print(stdout, fw)
	}
	return nil
}

// latencyRound boots the VM once per arm; odd rounds start with ironbase
// so a drift in the machine's load does not always favour one arm.
func latencyRound(ctx context.Context, o latencyOptions, m image.Manifest, fw lab.Firmware, r int, runs *latencyRuns, w io.Writer) error {
	arms := []func() error{
		func() error {
			p, err := plainBoot(ctx, o, m, fw)
			if err == nil {
				runs.plain = append(runs.plain, p)
				fmt.Fprintf(w, "  %s round %d plain    hello %s (load %s)\n", fw, r+1, p, loadAvg())
			}
			return err
		},
		func() error {
			b, err := ironbaseBoot(ctx, o, m, fw)
			if err == nil {
				runs.ironbase = append(runs.ironbase, b)
				fmt.Fprintf(w, "  %s round %d ironbase ready %s (load %s)\n", fw, r+1, b, loadAvg())
			}
			return err
		},
	}
	if r%2 == 1 {
		arms[0], arms[1] = arms[1], arms[0]
	}
	for _, arm := range arms {
		if err := arm(); err != nil {
			return fmt.Errorf("latency: %s round %d: %w", fw, r+1, err)
		}
	}
	return nil
}

func latencyPrereqs(o *latencyOptions) error {
	if os.Geteuid() != 0 {
		return errors.New("latency: needs root (the virtual lab uses network namespaces and taps)")
	}
	for _, tool := range []string{"ip", "ipmi_sim", "ipmitool", "qemu-system-x86_64", "apt-get", "dpkg-deb"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("latency: %s not in PATH (make deps installs the lab's packages)", tool)
		}
	}
	for _, b := range []string{"ironbase", "ironbase-agent", "ironbase-lab"} {
		p, err := filepath.Abs(filepath.Join(o.bin, b))
		if err != nil {
			return err
		}
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("latency: %w (run make build, or pass -bin)", err)
		}
	}
	abs, err := filepath.Abs(o.bin)
	o.bin = abs
	if err != nil {
		return err
	}
	return staticAgent(filepath.Join(abs, "ironbase-agent"))
}

// staticAgent refuses an agent the lab image's busybox userspace cannot
// run: one linked against the C library.
func staticAgent(path string) error {
	f, err := elf.Open(path)
	if err != nil {
		return fmt.Errorf("latency: %w", err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return fmt.Errorf("latency: %s is dynamically linked: build it with CGO_ENABLED=0 (make build does)", path)
		}
	}
	return nil
}

// newBenchLab is a one-host lab named bench1.
func newBenchLab(ctx context.Context, o latencyOptions, fw lab.Firmware) (*lab.Lab, error) {
	return lab.New(ctx, lab.Config{Hosts: []lab.HostSpec{{Name: benchHost, Firmware: fw}},
		Helper: filepath.Join(o.bin, "ironbase-lab"), Logger: o.log})
}

const benchHost = "bench1"
