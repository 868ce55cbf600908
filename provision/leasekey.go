package provision

import (
	"net"
	"net/netip"
)

// macKey is a 6-byte Ethernet address used as a map key (no allocation).
type macKey [6]byte

// keyOf is mac's key; false for anything but a 6-byte address, and for
// the all-zero one, the mirror's "nobody" (a declined address's holder).
func keyOf(mac net.HardwareAddr) (macKey, bool) {
	var k macKey
	if len(mac) != len(k) {
		return k, false
	}
	copy(k[:], mac)
	return k, k != macKey{}
}

func parseKey(s string) (macKey, bool) {
	hw, err := net.ParseMAC(s)
	if err != nil {
		return macKey{}, false
	}
	return keyOf(hw)
}

// String is the catalog's spelling of the MAC (lower case, colons).
func (k macKey) String() string { return net.HardwareAddr(k[:]).String() }

func u32(a netip.Addr) uint32 {
	b := a.As4()
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

func addr(v uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}
