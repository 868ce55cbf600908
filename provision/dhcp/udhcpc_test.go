package dhcp

import (
	"bufio"
	"context"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// udhcpcScript records the environment of each udhcpc event in DIR/EVENT.env.
const udhcpcScript = "#!/bin/sh\nenv > \"$(dirname \"$0\")/$1.env\"\n"

// udhcpcResult is what one udhcpc run reported.
type udhcpcResult struct {
	err   error             // udhcpc's exit status
	bound map[string]string // env of the "bound" event; nil if none
}

// runUdhcpc runs busybox udhcpc once in the client namespace with mac and
// extra flags, and returns what its script recorded.
func runUdhcpc(t *testing.T, l *lab, mac string, extra ...string) udhcpcResult {
	t.Helper()
	run(t, "ip", "-n", l.clientNS, "link", "set", l.clientIf, "address", mac)
	dir := t.TempDir()
	script := filepath.Join(dir, "script.sh")
	if err := os.WriteFile(script, []byte(udhcpcScript), 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	args := append([]string{"netns", "exec", l.clientNS, "busybox", "udhcpc",
		"-i", l.clientIf, "-f", "-q", "-n", "-t", "3", "-T", "1", "-s", script}, extra...)
	out, err := exec.CommandContext(ctx, "ip", args...).CombinedOutput()
	t.Logf("udhcpc %s: %v\n%s", mac, err, out)
	return udhcpcResult{err: err, bound: readEnv(t, filepath.Join(dir, "bound.env"))}
}

// readEnv parses a file of KEY=VALUE lines; nil if it does not exist.
func readEnv(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	env := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			env[k] = v
		}
	}
	return env
}

// serveLab runs a server of mode on the lab's server side at 10.213.0.1.
func serveLab(t *testing.T, mode Mode) (*lab, *Server) {
	t.Helper()
	requireNetnsTools(t)
	l := newLab(t, "10.213.0.1/24")
	be, err := NewMemoryBackend(netip.MustParseAddr("10.213.0.100"), netip.MustParseAddr("10.213.0.120"), nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Mode: mode, Interface: l.serverIf, ServerIP: netip.MustParseAddr("10.213.0.1"),
		AdvertiseURL: "http://10.213.0.1:8080", Subnet: netip.MustParsePrefix("10.213.0.0/24"),
		Gateway: netip.MustParseAddr("10.213.0.1"), Backend: be, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	conns := []net.PacketConn{listenIn(t, l.serverNS, l.serverIf, 67)}
	if mode == ModeProxy {
		conns = append(conns, listenIn(t, l.serverNS, l.serverIf, 4011))
	}
	stop := startServe(t, s, conns...)
	t.Cleanup(stop)
	return l, s
}

func TestListenIsExclusive(t *testing.T) {
	requireNetnsTools(t)
	l := newLab(t, "10.213.0.1/24")
	first := listenIn(t, l.serverNS, l.serverIf, 67)
	defer first.Close()
	err := inNetns(l.serverNS, func() error {
		c, err := Listen(context.Background(), l.serverIf, 67)
		if err == nil {
			c.Close()
		}
		return err
	})
	if err == nil {
		t.Error("a second listener on port 67 of the same interface succeeded; want EADDRINUSE")
	}
}
