package catalog

import (
	"net"
	"strconv"
	"time"
)

// Host is a machine ironbase manages.
type Host struct {
	ID         int64             `json:"id"`
	Name       string            `json:"name"`
	State      HostState         `json:"state"`
	Phase      string            `json:"phase,omitempty"`
	Reason     string            `json:"reason,omitempty"`
	Alert      string            `json:"alert,omitempty"`    // a flag that does not change the state (BMC unreachable, …)
	Attempts   int               `json:"attempts,omitempty"` // recovery rungs and retries in this cycle
	Pool       string            `json:"pool,omitempty"`
	Arch       string            `json:"arch"`
	Firmware   string            `json:"firmware"`
	IP         string            `json:"ip,omitempty"`
	MACs       []string          `json:"macs"`
	Tags       map[string]string `json:"tags"`
	BMC        *BMCInfo          `json:"bmc,omitempty"`
	Slots      []Slot            `json:"slots"`
	CreatedAt  time.Time         `json:"created_at"`
	StateSince time.Time         `json:"state_since"`
	PhaseSince time.Time         `json:"phase_since,omitzero"`
}

// Slot is one of a host's two boot slots.
type Slot struct {
	Slot   string `json:"slot"`            // A or B
	Image  string `json:"image,omitempty"` // digest
	Status string `json:"status,omitempty"`
}

// BMCInfo is what may be shown of a host's BMC: never the password.
type BMCInfo struct {
	Address     string `json:"address"`
	Username    string `json:"username"`
	Interface   string `json:"interface"`
	CipherSuite int    `json:"cipher_suite"` // -1 (or 0 on input): negotiate 17, then 3
}

// BMCCredentials is a BMC endpoint with its password, for the power layer.
type BMCCredentials struct {
	BMCInfo
	Password Secret `json:"password"`
}

// NewHost is what enrolment needs.
type NewHost struct {
	Name     string            `json:"name"`
	MACs     []string          `json:"macs"`
	Pool     string            `json:"pool,omitempty"`
	Arch     string            `json:"arch,omitempty"`     // x86_64 (default) or arm64
	Firmware string            `json:"firmware,omitempty"` // bios (default) or uefi
	Tags     map[string]string `json:"tags,omitempty"`
	BMC      *BMCCredentials   `json:"bmc,omitempty"`
}

// normalize validates h and puts it in canonical form.
func (h *NewHost) normalize() error {
	if err := ValidName("host", h.Name); err != nil {
		return err
	}
	if len(h.MACs) == 0 {
		return Errorf(KindInvalid, "host %s: at least one MAC address is required", h.Name)
	}
	seen := map[string]bool{}
	for i, m := range h.MACs {
		mac, err := ParseMAC(m)
		if err != nil {
			return err
		}
		if seen[mac] {
			return Errorf(KindInvalid, "host %s: MAC %s given twice", h.Name, mac)
		}
		seen[mac], h.MACs[i] = true, mac
	}
	if err := h.defaults(); err != nil {
		return err
	}
	if err := ValidTags(h.Tags); err != nil {
		return err
	}
	if h.BMC != nil {
		return h.BMC.normalize()
	}
	return nil
}

func (h *NewHost) defaults() error {
	if h.Arch == "" {
		h.Arch = "x86_64"
	}
	if h.Firmware == "" {
		h.Firmware = "bios"
	}
	if h.Arch != "x86_64" && h.Arch != "arm64" {
		return Errorf(KindInvalid, "host %s: arch %q: want x86_64 or arm64", h.Name, h.Arch)
	}
	if h.Firmware != "bios" && h.Firmware != "uefi" {
		return Errorf(KindInvalid, "host %s: firmware %q: want bios or uefi", h.Name, h.Firmware)
	}
	return nil
}

func (b *BMCCredentials) normalize() error {
	if _, _, err := net.SplitHostPort(b.Address); err != nil {
		b.Address = net.JoinHostPort(b.Address, "623")
	}
	host, port, err := net.SplitHostPort(b.Address)
	if p, perr := strconv.Atoi(port); err != nil || host == "" || perr != nil || p < 1 || p > 65535 {
		return Errorf(KindInvalid, "BMC address %q: want HOST or HOST:PORT", b.Address)
	}
	if b.Username == "" || b.Password == "" {
		return Errorf(KindInvalid, "BMC %s: a user name and a password are required", b.Address)
	}
	if b.Interface == "" {
		b.Interface = "lanplus"
	}
	if b.Interface != "lan" && b.Interface != "lanplus" {
		return Errorf(KindInvalid, "BMC %s: interface %q: want lan or lanplus", b.Address, b.Interface)
	}
	if b.CipherSuite == 0 {
		b.CipherSuite = -1
	}
	if b.CipherSuite < -1 || b.CipherSuite > 17 {
		return Errorf(KindInvalid, "BMC %s: cipher suite %d: want 0-17, or -1 to negotiate", b.Address, b.CipherSuite)
	}
	return nil
}
