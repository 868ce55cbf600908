package main

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The lab segment. perfdhcp relays from relayIP (it sets giaddr to it), so
// every server serves this one subnet to relayed clients. A /14 leaves room
// for 50k existing leases plus every new client of a trial.
var (
	labSubnet   = netip.MustParsePrefix("10.64.0.0/14")
	labServerIP = netip.MustParseAddr("10.64.0.1")
	labRelayIP  = netip.MustParseAddr("10.64.0.2")
	labFirst    = netip.MustParseAddr("10.64.1.0")
	labLast     = netip.MustParseAddr("10.67.255.254")
)

const labMask = "255.252.0.0"

// dhcpLab is a server and a client namespace joined by one veth pair, all
// named after this process so concurrent runs on the machine do not clash.
type dhcpLab struct {
	srvNS, cliNS, srvIf, cliIf string
}

func newDHCPLab(ctx context.Context) (*dhcpLab, error) {
	id := strconv.Itoa(os.Getpid())
	l := &dhcpLab{srvNS: "ibdhs" + id, cliNS: "ibdhc" + id, srvIf: "ibdhs" + id, cliIf: "ibdhc" + id}
	l.close() // leftovers of an earlier process with the same pid
	steps := [][]string{
		{"netns", "add", l.srvNS},
		{"netns", "add", l.cliNS},
		{"-n", l.srvNS, "link", "add", l.srvIf, "type", "veth", "peer", "name", l.cliIf, "netns", l.cliNS},
		{"-n", l.srvNS, "addr", "add", labAddr(labServerIP), "dev", l.srvIf},
		{"-n", l.cliNS, "addr", "add", labAddr(labRelayIP), "dev", l.cliIf},
		{"-n", l.srvNS, "link", "set", "lo", "up"},
		{"-n", l.cliNS, "link", "set", "lo", "up"},
		{"-n", l.srvNS, "link", "set", l.srvIf, "up"},
		{"-n", l.cliNS, "link", "set", l.cliIf, "up"},
	}
	for _, s := range steps {
		if out, err := exec.CommandContext(ctx, "ip", s...).CombinedOutput(); err != nil {
			l.close()
			return nil, fmt.Errorf("ip %s: %w\n%s", strings.Join(s, " "), err, out)
		}
	}
	return l, nil
}

func labAddr(a netip.Addr) string {
	return netip.PrefixFrom(a, labSubnet.Bits()).String()
}

// close deletes both namespaces, and with them the veth pair. Processes
// must have been stopped first, or a namespace lingers while they live.
func (l *dhcpLab) close() {
	for _, ns := range []string{l.srvNS, l.cliNS} {
		exec.Command("ip", "netns", "del", ns).Run() //nolint:errcheck // may not exist
	}
}

// dhcpProc is a server running inside the server namespace. `ip netns exec`
// execs the program, so the pid is the server's own.
type dhcpProc struct {
	name string
	cmd  *exec.Cmd
	log  string // its stdout and stderr
	done chan struct{}
	err  error
}

// dhcpStartInNS starts bin in ns with its output in logPath. The process gets
// its own process group (a terminal's Ctrl-C reaches only us; we stop it)
// and is killed if this process dies.
func dhcpStartInNS(ns, name, logPath string, env []string, bin string, args ...string) (*dhcpProc, error) {
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	cmd := exec.Command("ip", append([]string{"netns", "exec", ns, bin}, args...)...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &dhcpProc{name: name, cmd: cmd, log: logPath, done: make(chan struct{})}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	return p, nil
}

func (p *dhcpProc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// stop ends the process by its pid: SIGTERM, then SIGKILL after 5 s.
func (p *dhcpProc) stop() {
	if p.exited() {
		return
	}
	p.cmd.Process.Signal(syscall.SIGTERM) //nolint:errcheck // it may just have exited
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		p.cmd.Process.Kill() //nolint:errcheck
		<-p.done
	}
}

// cpu is the process's user+system time so far (all its threads).
func (p *dhcpProc) cpu() time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:]) // after "pid (comm)"
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * time.Second / 100 // USER_HZ is 100 on Linux
}

// logTail is the end of the process's log, for error messages.
func (p *dhcpProc) logTail() string {
	b, _ := os.ReadFile(p.log)
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}
