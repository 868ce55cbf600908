package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/ironbase/ironbase/testsuite/lab"
	"github.com/ironbase/ironbase/testsuite/lab/image"
)

// standinToken and standinImage fill the agent's required parameters; the
// stand-in checks neither.
const (
	standinToken = "standin-boot-token"
	standinImage = "sha256:0000000000000000000000000000000000000000000000000000000000000000"
)

// plainBoot powers the VM on over IPMI (ipmi_sim → ironbase-lab chassis →
// qemu, as ironbase does) in a fresh lab served by the stand-in, and times
// it from qemu's start until the image's agent says hello.
func plainBoot(ctx context.Context, o latencyOptions, m image.Manifest, fw lab.Firmware) (bootResult, error) {
	l, err := newBenchLab(ctx, o, fw)
	if err != nil {
		return bootResult{}, err
	}
	defer l.Close()
	v := m.Variants[image.Good]
	s := &standin{server: l.ServerAddr(), prefix: l.Subnet(), httpURL: l.InnerURL(), kernel: m.Kernel, initrd: v.Initrd,
		log: o.log, cmdline: fmt.Sprintf("%s ironbase.server=%s ironbase.host=%s ironbase.boot=%s ironbase.slot=A ironbase.image=%s",
			v.Cmdline, l.InnerURL(), benchHost, standinToken, standinImage)}
	var ln net.Listener
	err = l.Do(func() (err error) {
		ln, err = s.listen(l.Bridge(), httpPort(l.InnerURL()))
		return err
	})
	if err != nil {
		return bootResult{}, err
	}
	s.serve(ln)
	defer s.close()
	ctx, cancel := context.WithTimeout(ctx, o.limit)
	defer cancel()
	console := watchConsole(ctx, l.Host(benchHost).Console, consoleSize(l.Host(benchHost).Console))
	if err := powerOn(ctx, l); err != nil {
		return bootResult{}, err
	}
	t0, err := qemuStart(ctx, l)
	if err != nil {
		return bootResult{}, err
	}
	cpu0 := nsCPU(ctx, l.Name())
	select {
	case at := <-s.hello:
		ps := append(console.phases(t0), s.phases(t0)...)
		ps = append(ps, latencyPhase{"hello", at.Sub(t0)})
		return bootResult{total: at.Sub(t0), phases: ps, note: "[" + cpuNote(cpuSince(cpu0, nsCPU(ctx, l.Name()))) + "]"}, nil
	case <-ctx.Done():
		return bootResult{}, fmt.Errorf("plain: no hello after %s; console:\n%s", o.limit, consoleTail(l, 15))
	}
}

// httpPort is the port of a lab URL (http://ADDR:PORT).
func httpPort(url string) int {
	p, _ := strconv.Atoi(url[strings.LastIndexByte(url, ':')+1:])
	return p
}

// qemuStart waits for the host's qemu and returns when its process
// started (from /proc, to the kernel's clock tick), so both arms are timed
// from the same instant however the power-on reached the chassis.
func qemuStart(ctx context.Context, l *lab.Lab) (time.Time, error) {
	for {
		if pid, ok := l.QemuPid(benchHost); ok {
			return procStart(pid)
		}
		select {
		case <-ctx.Done():
			return time.Time{}, fmt.Errorf("qemu did not start: %w", ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// procStart is pid's start time: field 22 of /proc/PID/stat is in clock
// ticks since boot (CLOCK_BOOTTIME).
func procStart(pid int) (time.Time, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return time.Time{}, err
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	if len(f) < 20 {
		return time.Time{}, fmt.Errorf("/proc/%d/stat: too short", pid)
	}
	ticks, err := strconv.ParseInt(f[19], 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("/proc/%d/stat: %w", pid, err)
	}
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_BOOTTIME, &ts); err != nil {
		return time.Time{}, err
	}
	const hz = 100 // USER_HZ on Linux
	age := time.Duration(ts.Nano()) - time.Duration(ticks)*time.Second/hz
	return time.Now().Add(-age), nil
}

func consoleTail(l *lab.Lab, n int) string {
	h := l.Host(benchHost)
	b, _ := os.ReadFile(h.Console)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// powerOn sends chassis power on over IPMI; a BMC just started may not
// take a session yet, so it tries a few times.
func powerOn(ctx context.Context, l *lab.Lab) error {
	var err error
	for range 5 {
		if _, err = l.IPMI(ctx, benchHost, "chassis", "power", "on"); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(time.Second):
		}
	}
	return err
}
