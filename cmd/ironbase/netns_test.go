package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	vlab "github.com/ironbase/ironbase/testsuite/lab"
)

// netLab is a server and a client network namespace joined by a veth pair.
type netLab struct {
	srvNS, cliNS, srvIf, cliIf string
}

// The namespaces are named prefix+PID-N after the test process, so the
// next newNetLab sweeps those of a test binary killed before its cleanup
// ran (a timeout), with whatever still runs in them.
const (
	srvNSPrefix = "ibsrv-"
	cliNSPrefix = "ibcli-"
)

var netLabCount atomic.Int64

func newNetLab(t *testing.T, srvCIDR string) *netLab {
	t.Helper()
	sweepNetLabs(t)
	id := fmt.Sprintf("%d-%d", os.Getpid(), netLabCount.Add(1)) // "ibs"+id fits the 15 bytes of an interface name
	l := &netLab{srvNS: srvNSPrefix + id, cliNS: cliNSPrefix + id, srvIf: "ibs" + id, cliIf: "ibc" + id}
	for _, ns := range []string{l.srvNS, l.cliNS} {
		sh(t, "ip", "netns", "add", ns)
		t.Cleanup(func() { exec.Command("ip", "netns", "del", ns).Run() })
	}
	sh(t, "ip", "-n", l.srvNS, "link", "add", l.srvIf, "type", "veth", "peer", "name", l.cliIf, "netns", l.cliNS)
	sh(t, "ip", "-n", l.srvNS, "addr", "add", srvCIDR, "dev", l.srvIf)
	for ns, ifc := range map[string]string{l.srvNS: l.srvIf, l.cliNS: l.cliIf} {
		sh(t, "ip", "-n", ns, "link", "set", "lo", "up")
		sh(t, "ip", "-n", ns, "link", "set", ifc, "up")
	}
	return l
}

// sweepNetLabs deletes the namespaces of netLabs whose process is gone.
func sweepNetLabs(t *testing.T) {
	log := slog.New(slog.NewTextHandler(t.Output(), nil))
	for _, prefix := range []string{srvNSPrefix, cliNSPrefix} {
		vlab.SweepNamespaces(context.Background(), prefix, log)
	}
}

func sh(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// serveProc is a real `ironbase serve` running inside the server namespace.
// Its output is copied into logs while a test may read them (a failure
// message), hence the lock.
type serveProc struct {
	cmd  *exec.Cmd
	logs *syncBuffer
}

func (l *netLab) serve(t *testing.T, bin string, args ...string) *serveProc {
	t.Helper()
	p := &serveProc{logs: &syncBuffer{}}
	p.cmd = exec.Command("ip", append([]string{"netns", "exec", l.srvNS, bin, "serve"}, args...)...)
	p.cmd.Stdout, p.cmd.Stderr = p.logs, p.logs
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.stop() })
	return p
}

func (p *serveProc) stop() {
	if p.cmd.ProcessState != nil {
		return
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	p.cmd.Wait()
}

// cli runs the real binary as a client inside the server namespace.
func (l *netLab) cli(t *testing.T, bin, data string, args ...string) (string, error) {
	t.Helper()
	tok, _ := os.ReadFile(filepath.Join(data, "admin.token"))
	full := append([]string{"netns", "exec", l.srvNS, bin}, args...)
	full = append(full, "--server", "http://127.0.0.1:8080", "--token", strings.TrimSpace(string(tok)))
	out, err := exec.Command("ip", full...).CombinedOutput()
	return string(out), err
}

func (l *netLab) waitReady(t *testing.T, p *serveProc, bin, data string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := l.cli(t, bin, data, "pool", "list"); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("serve did not become ready:\n%s", p.logs)
}

// udhcpc runs busybox udhcpc once in the client namespace as mac and
// returns the address it was given ("" when none).
func (l *netLab) udhcpc(t *testing.T, mac string) string {
	t.Helper()
	sh(t, "ip", "-n", l.cliNS, "link", "set", "dev", l.cliIf, "address", mac)
	dir := t.TempDir()
	script := filepath.Join(dir, "script")
	os.WriteFile(script, []byte("#!/bin/sh\n[ \"$1\" = bound ] && echo \"$ip\" > \""+dir+"/ip\"\nexit 0\n"), 0o755)
	out, err := exec.Command("ip", "netns", "exec", l.cliNS, "busybox", "udhcpc", "-i", l.cliIf,
		"-n", "-q", "-f", "-t", "5", "-T", "1", "-s", script).CombinedOutput()
	if err != nil {
		t.Logf("udhcpc %s: %v\n%s", mac, err, out)
	}
	ip, _ := os.ReadFile(filepath.Join(dir, "ip"))
	return strings.TrimSpace(string(ip))
}
