// Package lab is the virtual bare-metal lab for end-to-end tests and the
// demo: a network namespace per lab with a bridge (the lab segment), one
// tap per host, an uplink veth pair so the host namespace reaches the
// server, one ipmi_sim BMC per host whose chassis_control (ironbase-lab
// chassis) starts and kills the host's qemu VM, and a server command the
// caller chooses (normally `ironbase serve`) running inside the namespace.
//
// Everything a lab creates is named after the process that owns it and
// recorded in a state directory, so Close removes it all, and so does the
// next New of any run after the owner was killed (Sweep). It needs root.
package lab

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
)

// Lab is one running virtual lab.
type Lab struct {
	cfg    Config
	names  names
	subnet netip.Prefix
	dir    string
	hosts  []*Host
	byName map[string]*Host

	mu     sync.Mutex
	server *server
	radv   *exec.Cmd
	closed bool
}

// New builds a lab: namespace, bridge, taps, uplink and one BMC per host
// (VMs stay off until powered on over IPMI). It sweeps labs of dead runs
// first. On error everything built so far is removed.
func New(ctx context.Context, cfg Config) (*Lab, error) {
	if os.Geteuid() != 0 {
		return nil, errors.New("lab: needs root (network namespaces, taps)")
	}
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.StateRoot, 0o755); err != nil {
		return nil, fmt.Errorf("lab: %w", err)
	}
	Sweep(ctx, cfg.StateRoot, cfg.Logger)
	l := &Lab{cfg: cfg, subnet: netip.MustParsePrefix(cfg.Subnet).Masked(), byName: map[string]*Host{}}
	if err := l.claim(); err != nil {
		return nil, err
	}
	if err := l.build(ctx); err != nil {
		l.Close()
		return nil, err
	}
	cfg.Logger.Info("lab up", "netns", l.names.netns, "url", l.URL(), "hosts", len(l.hosts))
	return l, nil
}

// claim picks unused names and records this process as the owner before
// anything is created, so a crash at any later point is swept.
func (l *Lab) claim() error {
	for range 100 {
		l.names = newNames()
		l.dir = filepath.Join(l.cfg.StateRoot, l.names.id)
		if err := os.Mkdir(l.dir, 0o755); errors.Is(err, os.ErrExist) {
			continue
		} else if err != nil {
			return fmt.Errorf("lab: %w", err)
		}
		return writeOwner(l.dir, selfOwner(l.names))
	}
	return errors.New("lab: no free lab name")
}

func (l *Lab) build(ctx context.Context) error {
	if err := l.buildNetwork(ctx); err != nil {
		return err
	}
	if err := writeOwner(l.dir, selfOwner(l.names)); err != nil { // linkIdx may have moved
		return err
	}
	if err := l.startRadv(); err != nil {
		return err
	}
	for i, spec := range l.cfg.Hosts {
		h, err := l.newHost(ctx, i, spec)
		if err != nil {
			return err
		}
		l.hosts = append(l.hosts, h)
		l.byName[h.Name] = h
	}
	return nil
}

// Close stops the server, every VM and BMC, and removes the namespace
// (taps, bridge, uplink) and the state directory. Safe to call twice.
func (l *Lab) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil
	}
	l.closed = true
	ctx := context.Background()
	if l.server != nil {
		l.server.stop()
	}
	if l.radv != nil {
		l.radv.Process.Kill()
		l.radv.Wait()
	}
	for _, h := range l.hosts {
		h.chassis.PowerOff(ctx)
		h.sim.Kill()
	}
	destroy(ctx, selfOwner(l.names), l.dir)
	if leftover := namespacePids(ctx, l.names.netns); len(leftover) > 0 {
		return fmt.Errorf("lab: processes %v outlived the lab's namespace %s", leftover, l.names.netns)
	}
	l.cfg.Logger.Info("lab down", "netns", l.names.netns)
	return nil
}

// Name is the lab's network namespace.
func (l *Lab) Name() string { return l.names.netns }

// Dir is the lab's state directory (configs, logs, consoles); Close removes it.
func (l *Lab) Dir() string { return l.dir }

// HostInterface is the host-namespace end of the uplink veth pair.
func (l *Lab) HostInterface() string { return l.names.hostIf }

// ServerAddr is the server's address on the lab segment (the bridge's).
func (l *Lab) ServerAddr() netip.Addr { return l.serverAddr() }

// Subnet is the lab segment.
func (l *Lab) Subnet() netip.Prefix { return l.subnet }

// URL is the server's HTTP URL from the host namespace (over the uplink).
func (l *Lab) URL() string {
	_, labIP := linkAddrs(l.names.linkIdx)
	return fmt.Sprintf("http://%s:%d", labIP, l.cfg.HTTPPort)
}

// InnerURL is the server's HTTP URL on the lab segment, as hosts see it.
func (l *Lab) InnerURL() string {
	return fmt.Sprintf("http://%s:%d", l.serverAddr(), l.cfg.HTTPPort)
}

// startRadv runs `HELPER ra br0` in the namespace: router advertisements
// that end iPXE's wait for one (about 13 s per boot otherwise).
func (l *Lab) startRadv() error {
	l.radv = l.command(l.cfg.Helper, "ra", bridge)
	if out, err := os.Create(filepath.Join(l.dir, "radv.log")); err == nil {
		l.radv.Stdout, l.radv.Stderr = out, out
		defer out.Close()
	}
	if err := l.radv.Start(); err != nil {
		l.radv = nil
		return fmt.Errorf("lab: start router advertisements: %w", err)
	}
	return nil
}
