package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/insomniacslk/dhcp/dhcpv4"

	"github.com/ironbase/ironbase/testsuite/prereq"
)

var updateFirmware = flag.Bool("update", false, "rewrite the golden replies in provision/dhcp/testdata/firmware")

// The replay network is the virtual lab's, where the frames were captured:
// the requests name this server and the addresses it gave.
const (
	replayServer = "10.99.0.1"
	replayURL    = "http://10.99.0.1:8080"
)

// firmwareCapture is one firmware stage's captured DISCOVER and REQUEST.
type firmwareCapture struct {
	name              string // e.g. uefi-ovmf-pxe
	discover, request []byte // whole Ethernet frames
}

// TestFirmwareDHCPReplay replays DHCP frames captured from real firmware
// (SeaBIOS + iPXE ROM, OVMF + iPXE ROM, OVMF's own PXE client and the
// ipxe.efi it chainloads) to the real `ironbase serve` in a network
// namespace, checks each OFFER and ACK's essentials and compares them with
// the golden replies (go test -run TestFirmwareDHCPReplay -update rewrites
// those).
func TestFirmwareDHCPReplay(t *testing.T) {
	prereq.Root(t)
	prereq.Tool(t, "ip", "iproute2")
	prereq.File(t, "/usr/lib/ipxe/undionly.kpxe", "ipxe")
	captures := loadCaptures(t)
	bin := ironbaseBinary(t)
	l := newNetLab(t, replayServer+"/24")
	data := filepath.Join(t.TempDir(), "data")
	p := l.serve(t, bin, "--data", data, "--http", "0.0.0.0:8080", "--dhcp-mode", "full", "--dhcp-interface", l.srvIf,
		"--subnet", "10.99.0.0/24", "--range", "10.99.0.100-10.99.0.199", "--gateway", replayServer,
		"--ipxe-dir", "/usr/lib/ipxe", "--advertise-url", replayURL, "--no-controller")
	l.waitReady(t, p, bin, data)
	enrolCaptured(t, l, bin, data, captures)
	sock, err := openRaw(l.cliNS, l.cliIf)
	if err != nil {
		t.Fatal(err)
	}
	defer sock.close()
	for _, c := range captures {
		t.Run(c.name, func(t *testing.T) {
			offer := exchange(t, sock, c.discover)
			checkReply(t, c.discover, offer, dhcpv4.MessageTypeOffer)
			golden(t, c.name+".offer", offer)
			ack := exchange(t, sock, c.request)
			checkReply(t, c.request, ack, dhcpv4.MessageTypeAck)
			golden(t, c.name+".ack", ack)
			if !offer.YourIPAddr.Equal(ack.YourIPAddr) {
				t.Errorf("offered %s, acknowledged %s", offer.YourIPAddr, ack.YourIPAddr)
			}
		})
	}
	if t.Failed() {
		t.Logf("server log:\n%s", p.logs)
	}
}

func loadCaptures(t *testing.T) []firmwareCapture {
	t.Helper()
	names, _ := filepath.Glob(filepath.Join(firmwareDir, "*.discover.bin"))
	if len(names) == 0 {
		t.Fatalf("no captured frames (*.discover.bin) in %s", firmwareDir)
	}
	var cs []firmwareCapture
	for _, n := range names {
		c := firmwareCapture{name: strings.TrimSuffix(filepath.Base(n), ".discover.bin")}
		var err error
		if c.discover, err = os.ReadFile(n); err != nil {
			t.Fatal(err)
		}
		if c.request, err = os.ReadFile(filepath.Join(firmwareDir, c.name+".request.bin")); err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
	}
	return cs
}

// enrolCaptured adds one host per captured MAC, with the firmware its
// capture is named after (bios-… or uefi-…).
func enrolCaptured(t *testing.T, l *netLab, bin, data string, cs []firmwareCapture) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range cs {
		mac := mustParse(t, c.discover).ClientHWAddr.String()
		if seen[mac] {
			continue
		}
		seen[mac] = true
		fw, _, _ := strings.Cut(c.name, "-")
		name := "fw" + strings.ReplaceAll(mac[9:], ":", "")
		if out, err := l.cli(t, bin, data, "host", "add", name, "--mac", mac, "--firmware", fw); err != nil {
			t.Fatalf("host add %s: %v\n%s", name, err, out)
		}
	}
}

func mustParse(t *testing.T, frame []byte) *dhcpv4.DHCPv4 {
	t.Helper()
	_, _, payload, ok := udpPayload(frame)
	if !ok {
		t.Fatal("captured frame is not IPv4/UDP")
	}
	m, err := dhcpv4.FromBytes(payload)
	if err != nil {
		t.Fatalf("captured frame: %v", err)
	}
	return m
}

// exchange sends a captured frame as it is and returns the server's reply
// to its transaction, resending up to three times.
func exchange(t *testing.T, sock *rawSocket, frame []byte) *dhcpv4.DHCPv4 {
	t.Helper()
	req := mustParse(t, frame)
	buf := make([]byte, 65536)
	for range 3 {
		if err := sock.send(frame); err != nil {
			t.Fatalf("send %s: %v", req.MessageType(), err)
		}
		deadline := time.Now().Add(2 * time.Second)
		for time.Now().Before(deadline) {
			f, ok, err := sock.read(buf)
			if err != nil {
				t.Fatal(err)
			}
			src, dst, payload, isUDP := udpPayload(f)
			if !ok || !isUDP || src != 67 || dst != 68 {
				continue
			}
			if m, err := dhcpv4.FromBytes(payload); err == nil && m.OpCode == dhcpv4.OpcodeBootReply && m.TransactionID == req.TransactionID {
				return m
			}
		}
	}
	t.Fatalf("no reply to the captured %s (xid %s)", req.MessageType(), req.TransactionID)
	return nil
}
