package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// tftpOptions are the flags of "ironbase-bench tftp".
type tftpOptions struct {
	rounds, bigRounds, parRounds int
	parallel                     []int
	timeout                      time.Duration // per transfer
	tftpd, curl                  string
	progress                     io.Writer // one line per parallel round
}

// runTFTP fetches 1 MiB and 32 MiB files at blksize 512, 1468 and 8192,
// and N parallel 1 MiB files (for each N in -parallel), from tftpd-hpa and
// from ironbase in turn, with curl, and prints the medians and the ratio
// tftpd-hpa/ironbase (above 1 means ironbase was faster). Every transfer
// ends within -transfer-timeout: a parallel one that does not is counted
// as a failure with its reason. After each parallel round the server is
// restarted, ending transfers still in progress, and stderr gets one line
// with the round's wall time, failures and CPU time: tftpd-hpa's children
// reap themselves, so its "children" CPU is curl's alone, like ironbase's;
// ironbase's server runs inside "this process".
func runTFTP(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o tftpOptions
	fs := flag.NewFlagSet("tftp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.rounds, "rounds", 11, "rounds per 1 MiB scenario (each server once per round; 0: skip)")
	fs.IntVar(&o.bigRounds, "big-rounds", 3, "rounds per 32 MiB scenario (0: skip)")
	fs.IntVar(&o.parRounds, "parallel-rounds", 3, "rounds of each parallel scenario (0: skip)")
	o.parallel = []int{200}
	fs.Func("parallel", "comma-separated counts of concurrent 1 MiB transfers, one scenario each (default 200; 0: skip)", o.setParallel)
	fs.DurationVar(&o.timeout, "transfer-timeout", 3*time.Minute, "limit for one transfer (curl --max-time); a parallel transfer over it is a failure")
	fs.StringVar(&o.tftpd, "tftpd", "/usr/sbin/in.tftpd", "tftpd-hpa server binary (Debian tftpd-hpa)")
	fs.StringVar(&o.curl, "curl", "curl", "curl binary")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.timeout < time.Second {
		return fmt.Errorf("-transfer-timeout %v: want at least 1s", o.timeout)
	}
	o.progress = stderr
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

// setParallel parses -parallel: counts of 2 or more, or a single 0.
func (o *tftpOptions) setParallel(v string) error {
	o.parallel = nil
	for f := range strings.SplitSeq(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		switch {
		case err != nil:
			return fmt.Errorf("%q: not a number", f)
		case n == 0 && v == "0":
			return nil
		case n < 2:
			return fmt.Errorf("%d: want 2 or more concurrent transfers, or 0 to skip", n)
		}
		o.parallel = append(o.parallel, n)
	}
	return nil
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
