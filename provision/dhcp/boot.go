package dhcp

import (
	"slices"
	"strings"

	"github.com/insomniacslk/dhcp/dhcpv4"
	"github.com/insomniacslk/dhcp/iana"
)

// client is what a request says about its boot firmware.
type client struct {
	pxe     bool // vendor class PXEClient...
	http    bool // vendor class HTTPClient... (UEFI HTTP boot)
	ipxe    bool // iPXE: user class "iPXE" or option 175 present
	hasArch bool
	arch    iana.Arch // option 93, first entry
}

// optIPXE is iPXE's encapsulated option space.
const optIPXE = 175

// classify reads the boot-related options of req.
func classify(req *dhcpv4.DHCPv4) client {
	vc := req.ClassIdentifier()
	c := client{
		pxe:  strings.HasPrefix(vc, "PXEClient"),
		http: strings.HasPrefix(vc, "HTTPClient"),
		ipxe: slices.Contains(req.UserClass(), "iPXE") || req.Options.Has(dhcpv4.GenericOptionCode(optIPXE)),
	}
	if archs := req.ClientArch(); len(archs) > 0 {
		c.hasArch, c.arch = true, archs[0]
	}
	if c.hasArch && (c.arch == iana.EFI_X86_64_HTTP || c.arch == iana.EFI_ARM64_HTTP) {
		c.http = true
	}
	return c
}

// booting reports whether the client asks to network boot at all.
func (c client) booting() bool { return c.pxe || c.http || c.ipxe }

func (c client) archOrNone() int {
	if !c.hasArch {
		return -1
	}
	return int(c.arch)
}

// bootFile chooses what the client should load next; "" when we have
// nothing for its architecture.
func (s *Server) bootFile(c client, mac string) string {
	if c.ipxe {
		return s.cfg.AdvertiseURL + "/boot/ipxe?mac=" + mac
	}
	arch := iana.INTEL_X86PC // no option 93: assume legacy BIOS PXE
	if c.hasArch {
		arch = c.arch
	}
	switch arch {
	case iana.INTEL_X86PC:
		return s.cfg.BIOSBootFile
	case iana.EFI_BC, iana.EFI_X86_64:
		return s.cfg.UEFIBootFile
	case iana.EFI_ARM64:
		return s.cfg.ARM64BootFile
	case iana.EFI_X86_64_HTTP:
		return s.cfg.AdvertiseURL + "/boot/" + s.cfg.UEFIBootFile
	case iana.EFI_ARM64_HTTP:
		return s.cfg.AdvertiseURL + "/boot/" + s.cfg.ARM64BootFile
	}
	return ""
}
