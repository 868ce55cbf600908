package dhcp

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/sys/unix"

	vlab "github.com/ironbase/ironbase/testsuite/lab"
	"github.com/ironbase/ironbase/testsuite/prereq"
)

// netnsCounter makes namespace names unique within this process; the pid
// makes them unique across concurrent runs on the machine.
var netnsCounter atomic.Int32

// lab is a veth pair between a server and a client network namespace.
type lab struct {
	serverNS, clientNS string
	serverIf, clientIf string
}

// requireNetnsTools skips (or, under CI=true, fails) without root, ip and
// busybox.
func requireNetnsTools(t *testing.T) {
	t.Helper()
	prereq.Root(t)
	prereq.Tool(t, "ip", "iproute2")
	prereq.Tool(t, "busybox", "busybox-static")
}

// newLab creates the namespaces and veth pair, with serverCIDR on the
// server side, and removes them in t.Cleanup.
func newLab(t *testing.T, serverCIDR string) *lab {
	t.Helper()
	for _, prefix := range []string{"ibdhcp-s-", "ibdhcp-c-"} { // left by killed test binaries
		vlab.SweepNamespaces(context.Background(), prefix, slog.New(slog.NewTextHandler(t.Output(), nil)))
	}
	id := fmt.Sprintf("%d-%d", os.Getpid(), netnsCounter.Add(1))
	short := fmt.Sprintf("%d%d", os.Getpid()%100000, netnsCounter.Load()%1000)
	l := &lab{serverNS: "ibdhcp-s-" + id, clientNS: "ibdhcp-c-" + id, serverIf: "ibs" + short, clientIf: "ibc" + short}
	for _, ns := range []string{l.serverNS, l.clientNS} {
		run(t, "ip", "netns", "add", ns)
		t.Cleanup(func() { _ = exec.Command("ip", "netns", "del", ns).Run() })
	}
	run(t, "ip", "-n", l.serverNS, "link", "add", l.serverIf, "type", "veth", "peer", "name", l.clientIf, "netns", l.clientNS)
	run(t, "ip", "-n", l.serverNS, "addr", "add", serverCIDR, "dev", l.serverIf)
	for ns, ifname := range map[string]string{l.serverNS: l.serverIf, l.clientNS: l.clientIf} {
		run(t, "ip", "-n", ns, "link", "set", "lo", "up")
		run(t, "ip", "-n", ns, "link", "set", ifname, "up")
	}
	return l
}

// run runs a command and fails the test with its output on error.
func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// listenIn opens a DHCP socket on ifname inside namespace ns. The socket
// keeps its namespace after the thread switches back.
func listenIn(t *testing.T, ns, ifname string, port int) net.PacketConn {
	t.Helper()
	var conn net.PacketConn
	err := inNetns(ns, func() error {
		var err error
		conn, err = Listen(context.Background(), ifname, port)
		return err
	})
	if err != nil {
		t.Fatalf("listen in %s: %v", ns, err)
	}
	return conn
}

// inNetns runs f on a locked OS thread switched into namespace ns.
func inNetns(ns string, f func() error) error {
	runtime.LockOSThread()
	self, err := os.Open("/proc/thread-self/ns/net")
	if err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("open own netns: %w", err)
	}
	defer self.Close()
	target, err := os.Open("/run/netns/" + ns)
	if err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("open netns %s: %w", ns, err)
	}
	defer target.Close()
	if err := unix.Setns(int(target.Fd()), unix.CLONE_NEWNET); err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("enter netns %s: %w", ns, err)
	}
	ferr := f()
	if err := unix.Setns(int(self.Fd()), unix.CLONE_NEWNET); err != nil {
		return fmt.Errorf("leave netns %s (thread left locked): %w", ns, err)
	}
	runtime.UnlockOSThread()
	return ferr
}
