// Package ipmisim runs OpenIPMI's ipmi_sim as a real BMC for tests and the
// virtual lab: one process per BMC on 127.0.0.1, its own port and state
// directory, and a chassis_control program that does what power and
// boot-device commands ask (records them, or drives a qemu VM).
package ipmisim

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Config describes one simulated BMC. Zero values work except Dir.
type Config struct {
	Dir      string // working directory: config files and state
	Port     int    // UDP port on 127.0.0.1; 0 picks a free one
	User     string // default "admin"
	Password string // default "secret"
	// Chassis is the chassis_control program; default a recording script
	// written into Dir (see Recorder).
	Chassis string
	// Extra lines for lan.conf (e.g. a `serial 15 ... codec VM` link).
	Extra []string
	// Netns, when set, runs ipmi_sim inside that network namespace
	// (`ip netns exec`); Port must then be set, since a free port is
	// picked in the caller's namespace.
	Netns string
}

// Sim is one running ipmi_sim.
type Sim struct {
	cfg Config
	cmd *exec.Cmd
}

// Start writes the configuration and starts ipmi_sim, waiting until its
// UDP port is bound.
func Start(ctx context.Context, cfg Config) (*Sim, error) {
	bin, err := exec.LookPath("ipmi_sim")
	if err != nil {
		return nil, fmt.Errorf("ipmisim: ipmi_sim not in PATH (Debian package openipmi): %w", err)
	}
	if err := cfg.prepare(); err != nil {
		return nil, err
	}
	s := &Sim{cfg: cfg}
	return s, s.start(ctx, bin)
}

func (s *Sim) start(ctx context.Context, bin string) error {
	d := s.cfg.Dir
	argv := []string{bin, "-c", filepath.Join(d, "lan.conf"), "-f", filepath.Join(d, "bmc.emu"),
		"-s", filepath.Join(d, "state"), "-n"}
	if s.cfg.Netns != "" {
		argv = append([]string{"ip", "netns", "exec", s.cfg.Netns}, argv...)
	}
	s.cmd = exec.Command(argv[0], argv[1:]...)
	s.cmd.Dir = d
	// ipmi_sim dies with its parent, even one killed with SIGKILL.
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
	log, err := os.Create(filepath.Join(d, "ipmi_sim.log"))
	if err != nil {
		return fmt.Errorf("ipmisim: %w", err)
	}
	s.cmd.Stdout, s.cmd.Stderr = log, log
	if err := s.cmd.Start(); err != nil {
		log.Close()
		return fmt.Errorf("ipmisim: start: %w", err)
	}
	log.Close()
	return s.waitBound(ctx)
}

// waitBound polls until ipmi_sim has bound its UDP port, read from
// /proc/PID/net/udp (the sockets of the process's network namespace).
func (s *Sim) waitBound(ctx context.Context) error {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		if udpBound(s.cmd.Process.Pid, s.cfg.Port) {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.Kill()
	return errors.New("ipmisim: ipmi_sim did not bind " + s.Addr())
}

// udpBound reports whether 127.0.0.1:port is bound in pid's namespace.
func udpBound(pid, port int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/net/udp", pid))
	return err == nil && strings.Contains(string(b), fmt.Sprintf(" 0100007F:%04X ", port))
}

// Pid is ipmi_sim's process id (0 when it is not running).
func (s *Sim) Pid() int {
	if s.cmd == nil || s.cmd.Process == nil {
		return 0
	}
	return s.cmd.Process.Pid
}

// Addr is the BMC's address (127.0.0.1:PORT).
func (s *Sim) Addr() string { return fmt.Sprintf("127.0.0.1:%d", s.cfg.Port) }

// Port is the BMC's UDP port.
func (s *Sim) Port() int { return s.cfg.Port }

// Kill stops ipmi_sim and reaps it; safe to call more than once.
func (s *Sim) Kill() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Kill()
	s.cmd.Wait()
	s.cmd = nil
}

// Restart kills and starts ipmi_sim again on the same port.
func (s *Sim) Restart(ctx context.Context) error {
	s.Kill()
	bin, err := exec.LookPath("ipmi_sim")
	if err != nil {
		return err
	}
	return s.start(ctx, bin)
}
