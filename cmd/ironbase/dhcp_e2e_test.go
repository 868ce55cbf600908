package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ironbase/ironbase/testsuite/prereq"
)

// TestServeDHCPLeasesSurviveRestart runs the real binary with DHCP in full
// mode in a network namespace and asks for addresses with busybox udhcpc:
// an enrolled host and an unknown MAC get different addresses, the unknown
// one is discovered as a `new` host, and both get the same addresses back
// after ironbase restarts.
func TestServeDHCPLeasesSurviveRestart(t *testing.T) {
	prereq.Root(t)
	prereq.Tool(t, "ip", "iproute2")
	prereq.Tool(t, "busybox", "busybox")
	prereq.Tool(t, "curl", "curl")
	prereq.File(t, "/usr/lib/ipxe/undionly.kpxe", "ipxe")
	bin := ironbaseBinary(t)
	l := newNetLab(t, "10.77.0.1/24")
	data := filepath.Join(t.TempDir(), "data")
	args := []string{"--data", data, "--http", "0.0.0.0:8080", "--dhcp-mode", "full", "--dhcp-interface", l.srvIf,
		"--subnet", "10.77.0.0/24", "--range", "10.77.0.100-10.77.0.120", "--gateway", "10.77.0.1", "--ipxe-dir", "/usr/lib/ipxe"}
	p := l.serve(t, bin, args...)
	l.waitReady(t, p, bin, data)
	if out, err := l.cli(t, bin, data, "host", "add", "n1", "--mac", "52:54:00:77:00:01"); err != nil {
		t.Fatalf("host add: %v\n%s", err, out)
	}
	known, unknown := l.udhcpc(t, "52:54:00:77:00:01"), l.udhcpc(t, "52:54:00:77:00:99")
	if known == "" || unknown == "" || known == unknown {
		t.Fatalf("addresses: enrolled %q, unknown %q; want two different ones\n%s", known, unknown, p.logs)
	}
	list, _ := l.cli(t, bin, data, "host", "list")
	if !strings.Contains(list, "mac-525400770099") || !strings.Contains(list, "new") {
		t.Errorf("the unknown MAC was not discovered as a new host:\n%s", list)
	}
	sh(t, "ip", "-n", l.cliNS, "addr", "add", known+"/24", "dev", l.cliIf) // what udhcpc's script would do
	l.fetchBootChain(t, "52:54:00:77:00:01")
	sh(t, "ip", "-n", l.cliNS, "addr", "flush", "dev", l.cliIf)
	p.stop()
	p = l.serve(t, bin, args...)
	l.waitReady(t, p, bin, data)
	if k, u := l.udhcpc(t, "52:54:00:77:00:01"), l.udhcpc(t, "52:54:00:77:00:99"); k != known || u != unknown {
		t.Fatalf("after restart: enrolled %q (was %q), unknown %q (was %q)\n%s", k, known, u, unknown, p.logs)
	}
}

// fetchBootChain does from the client namespace what firmware and iPXE do
// after DHCP: TFTP of both first stages (ipxe.efi is a symlink out of
// /usr/lib/ipxe on Debian), then HTTP of the boot script.
func (l *netLab) fetchBootChain(t *testing.T, mac string) {
	t.Helper()
	for _, f := range []string{"undionly.kpxe", "ipxe.efi"} {
		got, err := exec.Command("ip", "netns", "exec", l.cliNS, "curl", "-sS", "--max-time", "30", "--tftp-blksize", "1468",
			"tftp://10.77.0.1/"+f).Output()
		want, _ := os.ReadFile("/usr/lib/ipxe/" + f)
		if err != nil || !bytes.Equal(got, want) || len(want) == 0 {
			t.Errorf("TFTP %s: %d bytes, %v; want the %d bytes of /usr/lib/ipxe/%s", f, len(got), err, len(want), f)
		}
	}
	script, err := exec.Command("ip", "netns", "exec", l.cliNS, "curl", "-sS", "-f", "--max-time", "30",
		"http://10.77.0.1:8080/boot/ipxe?mac="+mac).Output()
	if err != nil || !bytes.HasPrefix(script, []byte("#!ipxe\n")) || !bytes.Contains(script, []byte("host n1")) {
		t.Errorf("boot script: %v\n%s", err, script)
	}
}
