// Package ipmisim runs OpenIPMI's ipmi_sim as a real BMC for tests and the
// virtual lab: one process per BMC on 127.0.0.1, its own port and state
// directory, and a chassis_control program that does what power and
// boot-device commands ask (records them, or drives a qemu VM).
package ipmisim

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
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
	s.cmd = exec.Command(bin, "-c", filepath.Join(d, "lan.conf"), "-f", filepath.Join(d, "bmc.emu"),
		"-s", filepath.Join(d, "state"), "-n")
	s.cmd.Dir = d
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

// waitBound polls until the UDP port can no longer be bound by us.
func (s *Sim) waitBound(ctx context.Context) error {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		c, err := net.ListenPacket("udp", s.Addr())
		if err != nil {
			return nil
		}
		c.Close()
		time.Sleep(20 * time.Millisecond)
	}
	s.Kill()
	return errors.New("ipmisim: ipmi_sim did not bind " + s.Addr())
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
