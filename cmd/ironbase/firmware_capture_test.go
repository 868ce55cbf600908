//go:build capture

// The capture is a one-off tool, not a test: it is built only with
// -tags capture (see provision/dhcp/testdata/firmware/README.md).

package main

import (
	"context"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/insomniacslk/dhcp/dhcpv4"

	vlab "github.com/ironbase/ironbase/testsuite/lab"
	"github.com/ironbase/ironbase/testsuite/lab/chassis"
	"github.com/ironbase/ironbase/testsuite/prereq"
)

// captureHost is one VM of the capture and the exchanges expected from it,
// by whether the request carries iPXE's user class (option 77).
type captureHost struct {
	spec   vlab.HostSpec
	native bool              // the NIC has no option ROM: OVMF's own PXE client
	want   map[bool]string   // iPXE? → capture name
	frames map[string][]byte // "NAME.discover" → the frame
}

// TestCaptureFirmwareDHCP is not a test but the tool that made the
// golden data: built with -tags capture it boots lab VMs (BIOS + iPXE ROM,
// OVMF + iPXE ROM, OVMF's native PXE which then chainloads ipxe.efi)
// against the real server and keeps the first DISCOVER and REQUEST of
// each firmware stage as seen on the lab's bridge. See the README there.
func TestCaptureFirmwareDHCP(t *testing.T) {
	prereq.Root(t)
	prereq.Tool(t, "ip", "iproute2")
	prereq.Tool(t, "qemu-system-x86_64", "qemu-system-x86")
	prereq.Tool(t, "ipmi_sim", "openipmi")
	hosts := []*captureHost{
		{spec: vlab.HostSpec{Name: "bios", MAC: "52:54:00:fb:00:01"}, want: map[bool]string{true: "bios-ipxe-rom"}},
		{spec: vlab.HostSpec{Name: "uefi", MAC: "52:54:00:fb:00:02", Firmware: vlab.UEFI}, want: map[bool]string{true: "uefi-ipxe-rom"}},
		{spec: vlab.HostSpec{Name: "uefipxe", MAC: "52:54:00:fb:00:03", Firmware: vlab.UEFI}, native: true,
			want: map[bool]string{false: "uefi-ovmf-pxe", true: "uefi-ipxe-efi"}},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	l := captureLab(t, ctx, hosts)
	sock, err := openRaw(l.Name(), l.Bridge())
	if err != nil {
		t.Fatal(err)
	}
	defer sock.close()
	var mu sync.Mutex
	go captureFrames(ctx, sock, &mu, hosts)
	for _, h := range hosts { // one VM at a time: the machine is shared
		runCapture(t, ctx, l, &mu, []*captureHost{h})
	}
	for _, h := range hosts {
		for name, frame := range h.frames {
			if err := os.WriteFile(filepath.Join(firmwareDir, name+".bin"), frame, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// captureLab is a lab with the hosts and `ironbase serve` (no controller:
// the test starts the VMs itself) with the hosts enrolled.
func captureLab(t *testing.T, ctx context.Context, hosts []*captureHost) *vlab.Lab {
	bin := ironbaseBinary(t)
	helper := filepath.Join(filepath.Dir(bin), "ironbase-lab")
	if out, err := exec.Command("go", "build", "-o", helper, "../ironbase-lab").CombinedOutput(); err != nil {
		t.Fatalf("build ironbase-lab: %v\n%s", err, out)
	}
	var specs []vlab.HostSpec
	for _, h := range hosts {
		specs = append(specs, h.spec)
	}
	l, err := vlab.New(ctx, vlab.Config{Hosts: specs, Helper: helper, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	data := t.TempDir()
	if err := l.StartServer(ctx, append(l.ServeArgs(bin, data), "--no-controller")...); err != nil {
		t.Fatal(err)
	}
	if err := l.WaitServer(ctx); err != nil {
		t.Fatal(err)
	}
	tok, _ := os.ReadFile(filepath.Join(data, "admin.token"))
	for _, h := range l.Hosts() {
		out, err := exec.Command(bin, "host", "add", h.Name, "--mac", h.MAC, "--firmware", string(h.Firmware),
			"--server", l.URL(), "--token", strings.TrimSpace(string(tok))).CombinedOutput()
		if err != nil {
			t.Fatalf("host add %s: %v\n%s", h.Name, err, out)
		}
	}
	return l
}

// captureFrames keeps, per host and stage, the first DISCOVER and REQUEST.
func captureFrames(ctx context.Context, sock *rawSocket, mu *sync.Mutex, hosts []*captureHost) {
	buf := make([]byte, 65536)
	for ctx.Err() == nil {
		frame, ok, err := sock.read(buf)
		if err != nil {
			return
		}
		src, dst, payload, isUDP := udpPayload(frame)
		if !ok || !isUDP || src != 68 || dst != 67 {
			continue
		}
		msg, err := dhcpv4.FromBytes(payload)
		if err != nil || msg.MessageType() != dhcpv4.MessageTypeDiscover && msg.MessageType() != dhcpv4.MessageTypeRequest {
			continue
		}
		mu.Lock()
		for _, h := range hosts {
			name, want := h.want[slices.Contains(msg.UserClass(), "iPXE")]
			key := name + "." + strings.ToLower(msg.MessageType().String())
			if !want || !strings.EqualFold(msg.ClientHWAddr.String(), h.spec.MAC) || h.frames[key] != nil {
				continue
			}
			if h.frames == nil {
				h.frames = map[string][]byte{}
			}
			h.frames[key] = slices.Clone(frame)
		}
		mu.Unlock()
	}
}

// runCapture boots the hosts' VMs in the foreground until every wanted
// frame is captured.
func runCapture(t *testing.T, ctx context.Context, l *vlab.Lab, mu *sync.Mutex, hosts []*captureHost) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	for _, h := range hosts {
		cmd, err := captureVM(ctx, l, h)
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		wg.Go(func() { cmd.Wait() })
	}
	defer wg.Wait()
	defer cancel()
	for !captured(mu, hosts) {
		select {
		case <-ctx.Done():
			t.Fatalf("not every DHCP exchange was captured; console of %s:\n%s", hosts[0].spec.Name, vlab.TailFile(l.Host(hosts[0].spec.Name).Console, 10))
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func captured(mu *sync.Mutex, hosts []*captureHost) bool {
	mu.Lock()
	defer mu.Unlock()
	for _, h := range hosts {
		if len(h.frames) < 2*len(h.want) {
			return false
		}
	}
	return true
}

// captureVM is the host's qemu as the lab would start it, in the
// foreground (killed with ctx); a native host's NIC loses its iPXE ROM.
func captureVM(ctx context.Context, l *vlab.Lab, h *captureHost) (*exec.Cmd, error) {
	c, err := chassis.Load(l.Host(h.spec.Name).Dir)
	if err != nil {
		return nil, err
	}
	var argv []string
	for i := 0; i < len(c.Qemu); i++ {
		switch a := c.Qemu[i]; {
		case a == "-daemonize":
		case a == "-pidfile":
			i++
		case h.native && strings.Contains(a, "netdev=net0,"):
			argv = append(argv, a+",romfile=")
		default:
			argv = append(argv, a)
		}
	}
	return l.Command(ctx, argv[0], argv[1:]...), nil
}
