package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/ironbase/ironbase/imaging"
)

// contender is one way of doing a benchmark's job. run does it once and
// returns the time it took; it cleans up after itself, untimed.
type contender struct {
	name string
	run  func(ctx context.Context) (time.Duration, error)
}

// alternate runs every contender once per round, in order, after warmup
// untimed rounds, flushing dirty pages (untimed) before each run so that
// one run's writeback does not land in the next one's time.
func alternate(ctx context.Context, cs []contender, warmup, rounds int) ([][]time.Duration, error) {
	times := make([][]time.Duration, len(cs))
	for r := -warmup; r < rounds; r++ {
		for i, c := range cs {
			syscall.Sync()
			d, err := c.run(ctx)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", c.name, err)
			}
			if r >= 0 {
				times[i] = append(times[i], d)
			}
		}
	}
	return times, nil
}

func benchIngest(ctx context.Context, o imagingOptions, work string, stdout, stderr io.Writer) error {
	size := o.sizeMiB << 20
	src := filepath.Join(work, "input.bin")
	start := time.Now()
	want, err := writeRandomBig(src, size, 1)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\ningest: %d MiB random file %s written in %s\n", o.sizeMiB, src, round(time.Since(start)))
	store, err := imaging.OpenStore(filepath.Join(work, "store"), nil)
	if err != nil {
		return err
	}
	cs := []contender{
		opensslContender(o, size),
		ingestContender(store, src, imaging.Digest(want)),
		cpShaContender(src, filepath.Join(work, "copy.bin"), want, false),
		cpShaContender(src, filepath.Join(work, "copy.bin"), want, true),
		ddContender(src, filepath.Join(work, "copy.bin")),
	}
	times, err := alternate(ctx, cs, o.warmup, o.rounds)
	if err != nil {
		return err
	}
	printIngest(stdout, o, cs, times, size)
	return nil
}

// ingestContender stores src with Store.Ingest, checks the digest, and
// removes the blob (untimed) so every round writes a new one.
func ingestContender(s *imaging.Store, src string, want imaging.Digest) contender {
	return contender{"ironbase Store.Ingest", func(ctx context.Context) (time.Duration, error) {
		f, err := os.Open(src)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		start := time.Now()
		b, err := s.Ingest(ctx, f, "")
		d := time.Since(start)
		if err != nil {
			return 0, err
		}
		if b.Digest != want {
			return 0, fmt.Errorf("digest %s, want %s", b.Digest, want)
		}
		return d, s.Remove(b.Digest)
	}}
}

// cpShaContender runs `cp src dst` [`sync dst`] `sha256sum dst`, checks
// the sum and removes dst (untimed).
func cpShaContender(src, dst, want string, sync bool) contender {
	name := "cp + sha256sum"
	if sync {
		name = "cp + sync FILE + sha256sum"
	}
	return contender{name, func(ctx context.Context) (time.Duration, error) {
		defer os.Remove(dst)
		start := time.Now()
		if out, err := exec.CommandContext(ctx, "cp", src, dst).CombinedOutput(); err != nil {
			return 0, fmt.Errorf("cp: %w: %s", err, out)
		}
		if sync {
			if out, err := exec.CommandContext(ctx, "sync", dst).CombinedOutput(); err != nil {
				return 0, fmt.Errorf("sync: %w: %s", err, out)
			}
		}
		out, err := exec.CommandContext(ctx, "sha256sum", dst).Output()
		d := time.Since(start)
		if err != nil {
			return 0, fmt.Errorf("sha256sum: %w", err)
		}
		if got := "sha256:" + strings.Fields(string(out) + " ")[0]; got != want {
			return 0, fmt.Errorf("sha256sum says %s, want %s", got, want)
		}
		return d, nil
	}}
}

// ddContender copies src with `dd conv=fsync` and no hashing: the write +
// fsync ceiling of the disk, to tell a slow hash from a slow disk.
func ddContender(src, dst string) contender {
	return contender{"dd conv=fsync (no hash)", func(ctx context.Context) (time.Duration, error) {
		defer os.Remove(dst)
		start := time.Now()
		out, err := exec.CommandContext(ctx, "dd", "if="+src, "of="+dst, "bs=4M", "conv=fsync", "status=none").CombinedOutput()
		if err != nil {
			return 0, fmt.Errorf("dd: %w: %s", err, out)
		}
		return time.Since(start), nil
	}}
}

// opensslContender runs `openssl speed -evp sha256` at its largest block
// size and converts the rate into the time it would take to hash size
// bytes, so that it sits in the same table as the others.
func opensslContender(o imagingOptions, size int64) contender {
	return contender{"openssl speed -evp sha256", func(ctx context.Context) (time.Duration, error) {
		out, err := exec.CommandContext(ctx, o.openssl, "speed", "-evp", "sha256",
			"-seconds", fmt.Sprint(o.opensslSeconds), "-bytes", "16384").Output()
		if err != nil {
			return 0, fmt.Errorf("openssl speed: %w", err)
		}
		rate, err := parseOpensslSpeed(string(out), "sha256")
		if err != nil {
			return 0, err
		}
		return time.Duration(float64(size) / rate * float64(time.Second)), nil
	}}
}

// parseOpensslSpeed returns the bytes/s of algo at the largest block size
// (the last column) from `openssl speed` output, whose figures are in
// 1000s of bytes per second ("1714242.68k").
func parseOpensslSpeed(out, algo string) (float64, error) {
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || f[0] != algo {
			continue
		}
		k, err := strconv.ParseFloat(strings.TrimSuffix(f[len(f)-1], "k"), 64)
		if err != nil {
			return 0, fmt.Errorf("openssl speed: parse %q: %w", line, err)
		}
		return k * 1000, nil
	}
	return 0, fmt.Errorf("openssl speed: no %s line in %q", algo, out)
}
