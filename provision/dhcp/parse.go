package dhcp

import (
	"bytes"

	"github.com/insomniacslk/dhcp/dhcpv4"
	"github.com/insomniacslk/dhcp/iana"
)

// headerLen is the fixed BOOTP header plus the magic cookie.
const headerLen = 236 + 4

var magicCookie = []byte{99, 130, 83, 99}

// parse decodes raw, or returns the reason it must be dropped.
func parse(raw []byte) (*dhcpv4.DHCPv4, string) {
	if len(raw) < headerLen {
		return nil, dropTruncated
	}
	if !bytes.Equal(raw[236:240], magicCookie) {
		return nil, dropBadCookie
	}
	pkt, err := decode(raw)
	if err != nil {
		return nil, dropBadOptions
	}
	if pkt.OpCode != dhcpv4.OpcodeBootRequest && pkt.OpCode != dhcpv4.OpcodeBootReply {
		return nil, dropBadOpcode
	}
	if pkt.HWType != iana.HWTypeEthernet || len(pkt.ClientHWAddr) != 6 {
		return nil, dropBadHWAddr
	}
	if len(pkt.Options.Get(dhcpv4.OptionDHCPMessageType)) != 1 {
		return nil, dropNoMessageType
	}
	return pkt, ""
}
