package lab

import (
	"context"
	"fmt"
	"net/netip"
	"os/exec"
	"strings"
)

// Fixed names inside the namespace: the namespace is the lab's own.
const (
	bridge = "br0"
	uplink = "uplink"
)

func tapName(i int) string { return fmt.Sprintf("tap%d", i) }

// buildNetwork creates the namespace, the bridge with the server address,
// one tap per host and the uplink veth pair to the host namespace.
func (l *Lab) buildNetwork(ctx context.Context) error {
	if err := ip(ctx, "netns", "add", l.names.netns); err != nil {
		return err
	}
	steps := [][]string{
		{"link", "set", "lo", "up"},
		{"link", "add", bridge, "type", "bridge", "stp_state", "0", "forward_delay", "0"},
		{"addr", "add", l.serverPrefix(), "dev", bridge},
		{"link", "set", bridge, "up"},
	}
	for i := range l.cfg.Hosts {
		steps = append(steps, []string{"tuntap", "add", "dev", tapName(i), "mode", "tap"},
			[]string{"link", "set", tapName(i), "master", bridge, "up"})
	}
	for _, s := range steps {
		if err := ip(ctx, append([]string{"-n", l.names.netns}, s...)...); err != nil {
			return err
		}
	}
	return l.buildUplink(ctx)
}

// buildUplink joins the host namespace to the lab with a veth pair on a
// /30 nobody else on this machine uses.
func (l *Lab) buildUplink(ctx context.Context) error {
	if err := l.pickLink(ctx); err != nil {
		return err
	}
	hostIP, labIP := linkAddrs(l.names.linkIdx)
	ns := l.names.netns
	steps := [][]string{
		{"link", "add", l.names.hostIf, "type", "veth", "peer", "name", uplink, "netns", ns},
		{"addr", "add", hostIP.String() + "/30", "dev", l.names.hostIf},
		{"link", "set", l.names.hostIf, "up"},
		{"-n", ns, "addr", "add", labIP.String() + "/30", "dev", uplink},
		{"-n", ns, "link", "set", uplink, "up"},
	}
	for _, s := range steps {
		if err := ip(ctx, s...); err != nil {
			return err
		}
	}
	return nil
}

// pickLink moves linkIdx past /30s already configured in the host namespace.
func (l *Lab) pickLink(ctx context.Context) error {
	out, err := exec.CommandContext(ctx, "ip", "-4", "-o", "addr").Output()
	if err != nil {
		return fmt.Errorf("lab: ip -4 -o addr: %w", err)
	}
	for range 64 {
		h, _ := linkAddrs(l.names.linkIdx)
		if !strings.Contains(string(out), " "+h.String()+"/") {
			return nil
		}
		l.names.linkIdx = (l.names.linkIdx + 1) % linkSlots
	}
	return fmt.Errorf("lab: no free /30 for the uplink in 10.253.0.0/16")
}

// serverAddr is the bridge's address: the subnet's first.
func (l *Lab) serverAddr() netip.Addr { return l.subnet.Addr().Next() }

func (l *Lab) serverPrefix() string {
	return fmt.Sprintf("%s/%d", l.serverAddr(), l.subnet.Bits())
}

// ip runs the ip(8) command; the error carries its output.
func ip(ctx context.Context, args ...string) error {
	out, err := exec.CommandContext(ctx, "ip", args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("lab: ip %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return nil
}
