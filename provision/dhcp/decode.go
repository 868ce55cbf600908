package dhcp

import (
	"bytes"
	"encoding/binary"
	"errors"
	"net"

	"github.com/insomniacslk/dhcp/dhcpv4"
	"github.com/insomniacslk/dhcp/iana"
)

// errDecode is the one error decode returns; parse counts the reason.
var errDecode = errors.New("dhcp: malformed message")

// decode is dhcpv4.FromBytes without its copies: it accepts exactly the
// packets FromBytes accepts and returns a message equal to FromBytes's
// (fuzzed against it), but the addresses, the hardware address and the
// option values are slices of raw, so raw must not change while the
// message is in use. An option that appears several times is
// concatenated into a new slice, as FromBytes does (RFC 3396). FromBytes
// allocated about half of a DORA's objects.
func decode(raw []byte) (*dhcpv4.DHCPv4, error) {
	if len(raw) < headerLen || !bytes.Equal(raw[236:240], magicCookie) {
		return nil, errDecode
	}
	opts, err := decodeOptions(raw[headerLen:])
	if err != nil {
		return nil, err
	}
	hlen := min(int(raw[2]), 16)
	p := &dhcpv4.DHCPv4{
		OpCode:         dhcpv4.OpcodeType(raw[0]),
		HWType:         iana.HWType(raw[1]),
		HopCount:       raw[3],
		TransactionID:  dhcpv4.TransactionID(raw[4:8]),
		NumSeconds:     binary.BigEndian.Uint16(raw[8:10]),
		Flags:          binary.BigEndian.Uint16(raw[10:12]),
		ClientIPAddr:   net.IP(raw[12:16:16]),
		YourIPAddr:     net.IP(raw[16:20:20]),
		ServerIPAddr:   net.IP(raw[20:24:24]),
		GatewayIPAddr:  net.IP(raw[24:28:28]),
		ClientHWAddr:   net.HardwareAddr(raw[28 : 28+hlen : 28+hlen]),
		ServerHostName: cString(raw[44:108]),
		BootFileName:   cString(raw[108:236]),
		Options:        opts,
	}
	return p, nil
}

// decodeOptions reads the options after the magic cookie as FromBytes
// does: pads skipped, the End option required (unless there are no
// option bytes at all), anything after End ignored.
func decodeOptions(b []byte) (dhcpv4.Options, error) {
	opts := make(dhcpv4.Options)
	if len(b) == 0 {
		return opts, nil
	}
	for i := 0; i < len(b); {
		code := b[i]
		switch code {
		case 0: // pad
			i++
			continue
		case 255: // end
			return opts, nil
		}
		if i+1 >= len(b) {
			return nil, errDecode
		}
		n := int(b[i+1])
		start := i + 2
		if start+n > len(b) {
			return nil, errDecode
		}
		addOption(opts, code, b[start:start+n:start+n])
		i = start + n
	}
	return nil, errDecode // no End option
}

// addOption stores v as FromBytes does: a zero-length first instance is a
// nil value, a repeated one is appended (v's capacity is its length, so
// append copies rather than writing into the packet).
func addOption(opts dhcpv4.Options, code uint8, v []byte) {
	old, seen := opts[code]
	switch {
	case seen:
		opts[code] = append(old, v...)
	case len(v) == 0:
		opts[code] = nil
	default:
		opts[code] = v
	}
}

// cString is b up to its first NUL byte.
func cString(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}
