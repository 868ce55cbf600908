package dhcp

import (
	"net"

	"github.com/insomniacslk/dhcp/dhcpv4"
)

// Raw option payloads the library has no type for.
var (
	// pxeVendorOptions is option 43 with PXE sub-option 6
	// (PXE_DISCOVERY_CONTROL) = 8: boot the file we name, skip boot-server
	// discovery.
	pxeVendorOptions = []byte{6, 1, 8, 255}
	// ipxeNoPXEDHCP is option 175 with iPXE sub-option 176 (no-pxedhcp) = 1:
	// do not wait for a proxyDHCP answer.
	ipxeNoPXEDHCP = []byte{176, 1, 1}
)

// withBoot adds the boot options for client c to resp: next-server, boot
// file, vendor class, option 43, the echoed option 97 and, for iPXE,
// option 175. It returns false when there is nothing to boot for c.
func (s *Server) withBoot(resp, req *dhcpv4.DHCPv4, c client) bool {
	file := s.bootFile(c, macString(req.ClientHWAddr))
	if file == "" {
		return false
	}
	resp.BootFileName = file
	resp.ServerIPAddr = net.IP(s.cfg.TFTPAddr.AsSlice())
	switch {
	case c.http:
		resp.UpdateOption(dhcpv4.OptClassIdentifier("HTTPClient"))
	case c.pxe:
		resp.UpdateOption(dhcpv4.OptClassIdentifier("PXEClient"))
	}
	if c.pxe {
		resp.UpdateOption(dhcpv4.OptGeneric(dhcpv4.OptionVendorSpecificInformation, pxeVendorOptions))
	}
	if uuid := req.Options.Get(dhcpv4.OptionClientMachineIdentifier); uuid != nil {
		resp.UpdateOption(dhcpv4.OptGeneric(dhcpv4.OptionClientMachineIdentifier, uuid))
	}
	if c.ipxe {
		resp.UpdateOption(dhcpv4.OptGeneric(dhcpv4.GenericOptionCode(optIPXE), ipxeNoPXEDHCP))
	}
	return true
}

// macString formats a MAC lowercase and colon-separated, as the boot
// script URL wants it.
func macString(mac net.HardwareAddr) string {
	return mac.String() // net.HardwareAddr.String is lowercase with colons
}
