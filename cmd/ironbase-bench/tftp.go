package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// tftpOptions are the flags of "ironbase-bench tftp".
type tftpOptions struct {
	rounds, bigRounds, parRounds, parallel int
	tftpd, curl                            string
}

// runTFTP fetches 1 MiB and 32 MiB files at blksize 512, 1468 and 8192,
// and N parallel 1 MiB files, from tftpd-hpa and from ironbase in turn,
// with curl, and prints the medians and the ratio tftpd-hpa/ironbase
// (above 1 means ironbase was faster).
func runTFTP(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o tftpOptions
	fs := flag.NewFlagSet("tftp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.rounds, "rounds", 11, "rounds per 1 MiB scenario (each server once per round)")
	fs.IntVar(&o.bigRounds, "big-rounds", 3, "rounds per 32 MiB scenario")
	fs.IntVar(&o.parRounds, "parallel-rounds", 3, "rounds of the parallel scenario")
	fs.IntVar(&o.parallel, "parallel", 200, "concurrent 1 MiB transfers (below 2: skip that scenario)")
	fs.StringVar(&o.tftpd, "tftpd", "/usr/sbin/in.tftpd", "tftpd-hpa server binary (Debian tftpd-hpa)")
	fs.StringVar(&o.curl, "curl", "curl", "curl binary")
	if err := fs.Parse(args); err != nil {
		return err
	}
	dir, err := benchDir()
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	servers, stop, err := startPeers(ctx, o.tftpd, dir, stderr)
	if err != nil {
		return err
	}
	defer stop()
	return runScenarios(ctx, o, servers, stdout)
}

// benchDir makes a world-readable directory (tftpd-hpa drops to nobody)
// holding small.bin (1 MiB) and big.bin (32 MiB) of random bytes.
func benchDir() (string, error) {
	dir, err := os.MkdirTemp("", "ironbase-bench-tftp-")
	if err != nil {
		return "", fmt.Errorf("temp dir: %w", err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		return "", fmt.Errorf("chmod %s: %w", dir, err)
	}
	for name, size := range map[string]int64{"small.bin": 1 << 20, "big.bin": 32 << 20} {
		if err := writeRandomFile(filepath.Join(dir, name), size); err != nil {
			return "", err
		}
	}
	return dir, nil
}

func writeRandomFile(path string, size int64) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create: %w", err)
	}
	defer f.Close()
	src, err := os.Open("/dev/urandom")
	if err != nil {
		return fmt.Errorf("open /dev/urandom: %w", err)
	}
	defer src.Close()
	if _, err := io.CopyN(f, src, size); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Chmod(0o644)
}

// median returns the middle of ds (the upper middle for an even count).
func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
