package lab

import (
	"fmt"
	"log/slog"
	"net/netip"
	"os"
	"path/filepath"
)

// Firmware a lab host boots with.
type Firmware string

const (
	BIOS Firmware = "bios" // SeaBIOS and the iPXE option ROM
	UEFI Firmware = "uefi" // OVMF and the iPXE EFI driver
)

// HostSpec is one VM of the lab. Zero values work except Name.
type HostSpec struct {
	Name     string   // ironbase host name (and the VM's name)
	Firmware Firmware // default BIOS
	MAC      string   // default 52:54:00:1b:NN:II (NN from the lab, II the host index)
	MemMiB   int      // default 512
	NIC      string   // qemu NIC model: virtio-net-pci (default) or e1000
}

// Config describes a lab. Zero values work except Helper.
type Config struct {
	Hosts []HostSpec
	// Helper is the ironbase-lab binary, ipmi_sim's chassis_control program.
	Helper string
	// Subnet is the lab segment inside the namespace (default
	// 10.99.0.0/24); the server (the bridge) is its first address.
	Subnet string
	// HTTPPort is the server's HTTP port inside the namespace (default 8080).
	HTTPPort int
	// StateRoot holds one directory per lab (default $TMPDIR/ironbase-lab).
	StateRoot string
	// BMCPassword for every BMC (default a fixed lab password).
	BMCPassword string
	Logger      *slog.Logger
}

func (c *Config) setDefaults() error {
	if c.Helper == "" {
		return fmt.Errorf("lab: Config.Helper (the ironbase-lab binary) is required")
	}
	if c.Subnet == "" {
		c.Subnet = "10.99.0.0/24"
	}
	if c.HTTPPort == 0 {
		c.HTTPPort = 8080
	}
	if c.StateRoot == "" {
		c.StateRoot = filepath.Join(os.TempDir(), "ironbase-lab")
	}
	if c.BMCPassword == "" {
		c.BMCPassword = "lab-bmc-pw"
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	p, err := netip.ParsePrefix(c.Subnet)
	if err != nil || !p.Addr().Is4() || p.Bits() > 24 {
		return fmt.Errorf("lab: subnet %q: want an IPv4 prefix of /24 or larger", c.Subnet)
	}
	return c.setHostDefaults()
}

func (c *Config) setHostDefaults() error {
	seen := map[string]bool{}
	for i := range c.Hosts {
		h := &c.Hosts[i]
		if h.Name == "" || seen[h.Name] {
			return fmt.Errorf("lab: host %d: empty or duplicate name %q", i, h.Name)
		}
		seen[h.Name] = true
		if h.Firmware == "" {
			h.Firmware = BIOS
		}
		if h.Firmware != BIOS && h.Firmware != UEFI {
			return fmt.Errorf("lab: host %s: firmware %q (want bios or uefi)", h.Name, h.Firmware)
		}
		if h.MemMiB == 0 {
			h.MemMiB = 512
		}
		if h.NIC == "" {
			h.NIC = "virtio-net-pci"
		}
	}
	return nil
}
