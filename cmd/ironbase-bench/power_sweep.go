package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/ironbase/ironbase/power"
	"github.com/ironbase/ironbase/power/ipmi"
)

// sweepResult is one status sweep over every BMC.
type sweepResult struct {
	wall   time.Duration
	fails  int           // errors, unknown or wrong states
	cpu    time.Duration // client-side CPU (user+system)
	bmcCPU time.Duration // the BMC farm's CPU meanwhile
	err    error         // the first failure, if any
}

// wantOn is the state the farm gives BMC i (see newFarmBMC).
func wantOn(i int) bool { return i%3 == 0 }

// ironFleet is ironbase's side: one power.BMC per BMC over its own
// power/ipmi driver, all sharing one power.Limiter.
type ironFleet struct {
	drivers []*ipmi.Driver
	bmcs    []*power.BMC
}

func newIronFleet(ports []int, limit int, confirm time.Duration) (*ironFleet, error) {
	lim := power.NewLimiter(limit)
	f := &ironFleet{}
	for i, port := range ports {
		d, err := ipmi.New(ipmi.Config{Credentials: power.Credentials{
			Address:     fmt.Sprintf("127.0.0.1:%d", port),
			User:        powerUser,
			Password:    powerPassword,
			Interface:   power.Lanplus,
			CipherSuite: powerSuite,
		}})
		if err != nil {
			f.close()
			return nil, fmt.Errorf("ipmi driver for BMC %d: %w", i, err)
		}
		f.drivers = append(f.drivers, d)
		f.bmcs = append(f.bmcs, power.NewBMC(fmt.Sprintf("bmc%03d", i), d,
			power.BMCConfig{Limiter: lim, ConfirmDelay: confirm}))
	}
	return f, nil
}

// sweep calls State on every BMC at once (one goroutine each; the shared
// limiter bounds the calls in flight).
func (f *ironFleet) sweep(ctx context.Context) sweepResult {
	var fails atomic.Int64
	var first sync.Once
	var firstErr error
	var wg sync.WaitGroup
	cpu0 := selfCPU()
	start := time.Now()
	for i, b := range f.bmcs {
		wg.Go(func() {
			s, err := b.State(ctx)
			if err == nil && s != stateFor(i) {
				err = fmt.Errorf("%s: state %v, want %v", b.Name(), s, stateFor(i))
			}
			if err != nil {
				fails.Add(1)
				first.Do(func() { firstErr = err })
			}
		})
	}
	wg.Wait()
	return sweepResult{wall: time.Since(start), fails: int(fails.Load()), cpu: selfCPU() - cpu0, err: firstErr}
}

func stateFor(i int) power.PowerState {
	if wantOn(i) {
		return power.StateOn
	}
	return power.StateOff
}

// close ends every session (Close Session to each BMC, concurrently).
func (f *ironFleet) close() {
	var wg sync.WaitGroup
	for _, d := range f.drivers {
		wg.Go(func() { d.Close() })
	}
	wg.Wait()
}

// ipmitoolSweep runs "ipmitool ... chassis power status" once per BMC,
// par at a time (xargs -P style), and checks each answer.
func ipmitoolSweep(ctx context.Context, bin string, ports []int, par int) sweepResult {
	var mu sync.Mutex
	var res sweepResult
	jobs := make(chan int)
	var wg sync.WaitGroup
	start := time.Now()
	for range min(par, len(ports)) {
		wg.Go(func() {
			for i := range jobs {
				cpu, err := ipmitoolStatus(ctx, bin, ports[i], wantOn(i))
				mu.Lock()
				res.cpu += cpu
				if err != nil {
					res.fails++
					if res.err == nil {
						res.err = err
					}
				}
				mu.Unlock()
			}
		})
	}
	for i := range ports {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	res.wall = time.Since(start)
	return res
}

// ipmitoolStatus runs one query and returns the process's CPU time.
// A query that takes over 30s is killed (by its PID) and counted as failed.
func ipmitoolStatus(ctx context.Context, bin string, port int, on bool) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-I", "lanplus", "-C", strconv.Itoa(powerSuite),
		"-H", "127.0.0.1", "-p", strconv.Itoa(port), "-U", powerUser, "-P", powerPassword,
		"chassis", "power", "status")
	out, err := cmd.CombinedOutput()
	var cpu time.Duration
	if cmd.ProcessState != nil {
		cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	if err != nil {
		return cpu, fmt.Errorf("ipmitool port %d: %w: %s", port, err, strings.TrimSpace(string(out)))
	}
	want := "Chassis Power is off"
	if on {
		want = "Chassis Power is on"
	}
	if !strings.Contains(string(out), want) {
		return cpu, fmt.Errorf("ipmitool port %d: got %q, want %q", port, strings.TrimSpace(string(out)), want)
	}
	return cpu, nil
}

// checkIpmitool makes one query so that a missing binary or a farm that
// ipmitool cannot talk to stops the benchmark with the reason.
func checkIpmitool(ctx context.Context, bin string, port int) error {
	if _, err := exec.LookPath(bin); err != nil {
		return fmt.Errorf("%w (Debian package ipmitool)", err)
	}
	_, err := ipmitoolStatus(ctx, bin, port, wantOn(0))
	return err
}

// selfCPU is this process's CPU time so far (user+system, all threads).
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// procCPU is the CPU time of process pid so far, from /proc (Linux), or 0.
func procCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the command name "(...)": state is field 3, utime 14, stime 15.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0
	}
	const ticks = 100 // USER_HZ on Linux
	return time.Duration(ut+st) * time.Second / ticks
}

// loadAvg returns the first three fields of /proc/loadavg, or "?".
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
