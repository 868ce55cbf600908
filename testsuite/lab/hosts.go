package lab

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ironbase/ironbase/testsuite/lab/chassis"
	"github.com/ironbase/ironbase/testsuite/lab/ipmisim"
)

// Ports inside the lab's namespace (its own, so fixed ports are safe).
const (
	bmcPortBase    = 16230 // UDP, IPMI over LAN, one per host
	serialPortBase = 16330 // TCP, ipmi_sim ⇄ qemu in-band BMC link
)

// BMCUser is every lab BMC's user name.
const BMCUser = "admin"

// Host is one lab host: a VM (off until powered on) and its BMC.
type Host struct {
	Name     string
	Firmware Firmware
	MAC      string
	// BMCAddr is the BMC's IPMI address inside the namespace
	// (127.0.0.1:PORT): what `ironbase host add --bmc` takes.
	BMCAddr         string
	BMCUser         string
	BMCPasswordFile string // mode 0600
	Console         string // the serial console log (appended across boots)
	Dir             string
	Tap             string

	bmcPort int
	chassis chassis.Config
	sim     *ipmisim.Sim
}

func (l *Lab) newHost(ctx context.Context, i int, spec HostSpec) (*Host, error) {
	dir := filepath.Join(l.dir, "hosts", spec.Name)
	if err := os.MkdirAll(filepath.Join(dir, "bmc"), 0o755); err != nil {
		return nil, fmt.Errorf("lab: %w", err)
	}
	h := &Host{Name: spec.Name, Firmware: spec.Firmware, MAC: spec.MAC, Dir: dir, Tap: tapName(i),
		BMCUser: BMCUser, BMCPasswordFile: filepath.Join(dir, "bmc-password"),
		Console: filepath.Join(dir, "console.log"), bmcPort: bmcPortBase + i}
	if h.MAC == "" {
		h.MAC = hostMAC(l.names.linkIdx, i)
	}
	h.BMCAddr = fmt.Sprintf("127.0.0.1:%d", h.bmcPort)
	if err := os.WriteFile(h.BMCPasswordFile, []byte(l.cfg.BMCPassword), 0o600); err != nil {
		return nil, fmt.Errorf("lab: %w", err)
	}
	if err := l.writeChassis(h, spec, serialPortBase+i); err != nil {
		return nil, err
	}
	return h, l.startBMC(ctx, h, serialPortBase+i)
}

// writeChassis writes the chassis program's view of the VM.
func (l *Lab) writeChassis(h *Host, spec HostSpec, serialPort int) error {
	h.chassis = chassis.Config{
		PIDFile: filepath.Join(h.Dir, "qemu.pid"), QMP: filepath.Join(h.Dir, "qmp.sock"),
		Log: filepath.Join(h.Dir, "qemu.log"), Console: h.Console, BootFile: filepath.Join(h.Dir, "bootdev"),
	}
	q := qemuVM{name: h.Name, mac: h.MAC, tap: h.Tap, nic: spec.NIC, memMiB: spec.MemMiB, serialPort: serialPort, c: h.chassis}
	if spec.Firmware == UEFI {
		q.vars = filepath.Join(h.Dir, "OVMF_VARS.fd")
		if err := copyFile(ovmfVars, q.vars); err != nil {
			return err
		}
	}
	h.chassis.Qemu = q.argv()
	return h.chassis.Save(h.Dir)
}

func (l *Lab) startBMC(ctx context.Context, h *Host, serialPort int) error {
	sim, err := ipmisim.Start(ctx, ipmisim.Config{
		Dir: filepath.Join(h.Dir, "bmc"), Port: h.bmcPort, User: h.BMCUser, Password: l.cfg.BMCPassword,
		Chassis: l.cfg.Helper + " chassis " + h.Dir, Netns: l.names.netns,
		Extra: []string{fmt.Sprintf("  serial 15 127.0.0.1 %d codec VM", serialPort)},
	})
	if err != nil {
		return fmt.Errorf("lab: host %s: %w", h.Name, err)
	}
	h.sim = sim
	return nil
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("lab: %w (Debian package ovmf)", err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		return fmt.Errorf("lab: %w", err)
	}
	return nil
}

// Hosts lists the lab's hosts in Config order.
func (l *Lab) Hosts() []*Host { return l.hosts }

// Host returns the named host, or nil.
func (l *Lab) Host(name string) *Host { return l.byName[name] }
