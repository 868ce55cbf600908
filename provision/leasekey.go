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

// keyHash is FNV-1a over the MAC's catalog spelling, the catalog's own
// probe start, so an offer lands where the catalog would have put it.
func keyHash(k macKey) uint32 {
	const hexdig = "0123456789abcdef"
	h := uint32(2166136261)
	for i, b := range k {
		if i > 0 {
			h = (h ^ ':') * 16777619
		}
		h = (h ^ uint32(hexdig[b>>4])) * 16777619
		h = (h ^ uint32(hexdig[b&15])) * 16777619
	}
	return h
}

func u32(a netip.Addr) uint32 {
	b := a.As4()
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

func addr(v uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}
