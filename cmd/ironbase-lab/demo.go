package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/ironbase/ironbase/testsuite/lab"
	"github.com/ironbase/ironbase/testsuite/lab/image"
)

// runDemo brings up a two-host lab (one BIOS, one UEFI), runs ironbase
// serve in it, imports and promotes the lab image, enrols the hosts and
// lets them provision; it waits for Ctrl-C, then tears everything down.
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	bin := fs.String("bin", "bin", "directory with ironbase, ironbase-agent and ironbase-lab (make build)")
	cache := fs.String("cache", ".cache/lab", "lab image cache")
	if err := fs.Parse(args); err != nil {
		return &usageError{err}
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	m, err := image.Build(ctx, image.Options{CacheDir: *cache, Agent: filepath.Join(*bin, "ironbase-agent"), Logger: log})
	if err != nil {
		return err
	}
	self, _ := filepath.Abs(filepath.Join(*bin, "ironbase-lab"))
	l, err := lab.New(ctx, lab.Config{Helper: self, Logger: log,
		Hosts: []lab.HostSpec{{Name: "bios1"}, {Name: "uefi1", Firmware: lab.UEFI}}})
	if err != nil {
		return err
	}
	defer l.Close()
	d := demo{l: l, bin: filepath.Join(*bin, "ironbase"), out: stdout}
	if err := d.start(ctx, m); err != nil {
		return fmt.Errorf("%w\nserver log (last lines):\n%s", err, lab.TailFile(l.ServerLog(), 20))
	}
	<-ctx.Done()
	fmt.Fprintln(stdout, "\ntearing the lab down")
	return nil
}

type demo struct {
	l          *lab.Lab
	bin, token string
	out        io.Writer
}

func (d *demo) start(ctx context.Context, m image.Manifest) error {
	data, err := os.MkdirTemp("", "ironbase-demo-")
	if err != nil {
		return err
	}
	if err := d.l.StartServer(ctx, d.l.ServeArgs(d.bin, data)...); err != nil {
		return err
	}
	if err := d.l.WaitServer(ctx); err != nil {
		return err
	}
	tok, err := os.ReadFile(filepath.Join(data, "admin.token"))
	if err != nil {
		return err
	}
	d.token = strings.TrimSpace(string(tok))
	if err := d.setup(ctx, m); err != nil {
		return err
	}
	fmt.Fprintf(d.out, "\nironbase is running in lab %s\n  web UI:  %s/  (log in with the admin token)\n  token:   %s\n  CLI:     %s host list --server %s --token %s\n",
		d.l.Name(), d.l.URL(), d.token, d.bin, d.l.URL(), d.token)
	fmt.Fprintln(d.out, "\nWatch bios1 and uefi1 power on, PXE-boot, pass the suite and turn ready. Ctrl-C tears everything down.")
	go d.follow(ctx)
	return nil
}

func (d *demo) setup(ctx context.Context, m image.Manifest) error {
	v := m.Variants[image.Good]
	out, err := d.cli(ctx, "image", "import", "--name", "lab-good", "--kernel", m.Kernel, "--initrd", v.Initrd,
		"--cmdline", v.Cmdline, "--checks", m.Checks, "--version", m.KernelRelease, "-o", "json")
	if err != nil {
		return err
	}
	var im struct{ Digest string }
	if err := json.Unmarshal(out, &im); err != nil {
		return fmt.Errorf("image import: %w", err)
	}
	steps := [][]string{{"pool", "add", "lab", "--max-unavailable", "2"}, {"image", "promote", im.Digest, "--pool", "lab", "--force"}}
	for _, h := range d.l.Hosts() {
		steps = append(steps, []string{"host", "add", h.Name, "--mac", h.MAC, "--bmc", h.BMCAddr, "--bmc-user", h.BMCUser,
			"--bmc-password-file", h.BMCPasswordFile, "--bmc-cipher-suite", "3", "--firmware", string(h.Firmware), "--pool", "lab"})
	}
	for _, s := range steps {
		if _, err := d.cli(ctx, s...); err != nil {
			return err
		}
	}
	return nil
}

// follow prints the host list every few seconds until ctx ends.
func (d *demo) follow(ctx context.Context) {
	for ctx.Err() == nil {
		if out, err := d.cli(ctx, "host", "list"); err == nil {
			fmt.Fprintf(d.out, "\n%s\n%s", time.Now().Format("15:04:05"), out)
		}
		select {
		case <-ctx.Done():
		case <-time.After(5 * time.Second):
		}
	}
}

func (d *demo) cli(ctx context.Context, args ...string) ([]byte, error) {
	args = append(args, "--server", d.l.URL(), "--token", d.token)
	out, err := exec.CommandContext(ctx, d.bin, args...).CombinedOutput()
	if err != nil {
		return out, fmt.Errorf("ironbase %s: %w: %s", args[0], err, out)
	}
	return out, nil
}
