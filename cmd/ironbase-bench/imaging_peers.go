package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// pipeSize is the pipe buffer every streaming contender reads from (the
// Linux default is 64 KiB).
const pipeSize = 1 << 20

// pipeFrom starts `cat src` writing into a pipe and returns its read end
// and a function that closes it and waits for cat.
func pipeFrom(ctx context.Context, src string) (*os.File, func() error, error) {
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, nil, err
	}
	if _, err := unix.FcntlInt(pw.Fd(), unix.F_SETPIPE_SZ, pipeSize); err != nil {
		pr.Close()
		pw.Close()
		return nil, nil, fmt.Errorf("pipe size: %w", err)
	}
	cmd := exec.CommandContext(ctx, "cat", src)
	cmd.Stdout = pw
	err = cmd.Start()
	pw.Close()
	if err != nil {
		pr.Close()
		return nil, nil, fmt.Errorf("cat: %w", err)
	}
	return pr, func() error { pr.Close(); return cmd.Wait() }, nil
}

// pipeHashContender runs `cat src | prog args...` and checks the digest
// prog prints first.
func pipeHashContender(name, src, want, prog string, args ...string) contender {
	return contender{name, func(ctx context.Context) (time.Duration, error) {
		start := time.Now()
		r, wait, err := pipeFrom(ctx, src)
		if err != nil {
			return 0, err
		}
		cmd := exec.CommandContext(ctx, prog, args...)
		cmd.Stdin = r
		out, err := cmd.Output()
		d := time.Since(start)
		if werr := wait(); err == nil && werr != nil {
			err = fmt.Errorf("cat: %w", werr)
		}
		if err != nil {
			return 0, fmt.Errorf("%s: %w", prog, err)
		}
		return d, checkSum(prog, out, want)
	}}
}

// fileHashContender evicts the blob from the page cache, then runs
// `prog args... BLOB` and checks the digest.
func fileHashContender(name string, b storedBlob, want, prog string, args ...string) contender {
	return contender{name, func(ctx context.Context) (time.Duration, error) {
		if err := evict(b.path); err != nil {
			return 0, err
		}
		start := time.Now()
		out, err := exec.CommandContext(ctx, prog, append(args, b.path)...).Output()
		d := time.Since(start)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", prog, err)
		}
		return d, checkSum(prog, out, want)
	}}
}

func checkSum(prog string, out []byte, want string) error {
	if got := "sha256:" + strings.Fields(string(out) + " ")[0]; got != want {
		return fmt.Errorf("%s says %s, want %s", prog, got, want)
	}
	return nil
}

// evict drops path's pages from the page cache (it must be clean).
func evict(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED); err != nil {
		return fmt.Errorf("evict %s: %w", path, err)
	}
	return nil
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
		return d, checkSum("sha256sum", out, want)
	}}
}

// ddContender copies src to dst with `dd bs=4M conv=fsync` plus flags and
// no hashing: the disk's ceiling, to tell a slow hash from a slow disk.
// A dst other than /dev/null is removed afterwards.
func ddContender(name, src, dst string, flags ...string) contender {
	return contender{name, func(ctx context.Context) (time.Duration, error) {
		args := []string{"if=" + src, "of=" + dst, "bs=4M", "status=none"}
		if dst != os.DevNull {
			defer os.Remove(dst)
			args = append(args, "conv=fsync")
		}
		start := time.Now()
		out, err := exec.CommandContext(ctx, "dd", append(args, flags...)...).CombinedOutput()
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
