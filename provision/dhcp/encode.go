package dhcp

import (
	"encoding/binary"
	"net"
	"slices"
	"sync"

	"github.com/insomniacslk/dhcp/dhcpv4"
)

// bootpMinLen is the shortest BOOTP message (RFC 951); the dhcp library
// pads to it too, some relays drop shorter ones.
const bootpMinLen = 300

// appendMessage appends d in wire format to b: the same bytes as d.ToBytes
// (tested against it), without its intermediate buffers and allocations.
// Options go in code order, option 82 last (RFC 3046), values over 255
// bytes split into several instances (RFC 3396).
func appendMessage(b []byte, d *dhcpv4.DHCPv4) []byte {
	start := len(b)
	b = append(b, byte(d.OpCode), byte(d.HWType), byte(len(d.ClientHWAddr)), d.HopCount)
	b = append(b, d.TransactionID[:]...)
	b = binary.BigEndian.AppendUint16(b, d.NumSeconds)
	b = binary.BigEndian.AppendUint16(b, d.Flags)
	for _, ip := range [...]net.IP{d.ClientIPAddr, d.YourIPAddr, d.ServerIPAddr, d.GatewayIPAddr} {
		b = appendIP4(b, ip)
	}
	b = appendField(b, d.ClientHWAddr, 16, 16)
	b = appendField(b, []byte(d.ServerHostName), 63, 64)
	b = appendField(b, []byte(d.BootFileName), 127, 128)
	b = append(b, magicCookie...)
	b = appendOptions(b, d.Options)
	b = append(b, 255)
	for len(b)-start < bootpMinLen {
		b = append(b, 0)
	}
	return b
}

// appendIP4 appends ip's four bytes, zeros for nil (or a non-IPv4
// address, where the library would panic).
func appendIP4(b []byte, ip net.IP) []byte {
	if v4 := ip.To4(); v4 != nil {
		return append(b, v4...)
	}
	return append(b, 0, 0, 0, 0)
}

// appendField appends v cut to limit bytes, padded with zeros to size.
func appendField(b, v []byte, limit, size int) []byte {
	v = v[:min(len(v), limit)]
	b = append(b, v...)
	for range size - len(v) {
		b = append(b, 0)
	}
	return b
}

// appendOptions appends opts in the library's order, without End.
func appendOptions(b []byte, opts dhcpv4.Options) []byte {
	var arr [64]uint8
	codes := arr[:0]
	agent := false
	for c := range opts {
		switch c {
		case 0, 255:
		case 82:
			agent = true
		default:
			codes = append(codes, c)
		}
	}
	slices.Sort(codes)
	if agent {
		codes = append(codes, 82)
	}
	for _, c := range codes {
		b = appendOption(b, c, opts[c])
	}
	return b
}

// appendOption appends one option, split into 255-byte instances.
func appendOption(b []byte, code uint8, v []byte) []byte {
	if len(v) == 0 {
		return append(b, code, 0)
	}
	for len(v) > 0 {
		n := min(len(v), 255)
		b = append(b, code, byte(n))
		b = append(b, v[:n]...)
		v = v[n:]
	}
	return b
}

// bufPool recycles the buffers replies are encoded into: a reply's
// buffer goes back once the packet is sent.
type bufPool struct{ p sync.Pool }

func (bp *bufPool) get() *[]byte {
	if b, ok := bp.p.Get().(*[]byte); ok {
		return b
	}
	b := make([]byte, 0, 1024)
	return &b
}

func (bp *bufPool) put(b *[]byte) {
	if cap(*b) > 64<<10 {
		return // an outsized reply; let it go
	}
	*b = (*b)[:0]
	bp.p.Put(b)
}
