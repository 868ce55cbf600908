package dhcp

import (
	"net"

	"github.com/insomniacslk/dhcp/dhcpv4"
)

// replyOptions are the option values every address reply carries,
// encoded once at New rather than for every packet. The slices are shared
// by every reply and only ever read (ToBytes copies them out).
type replyOptions struct {
	serverID, mask, router, dns   []byte
	leaseTime, renewal, rebinding []byte
	msgType                       [dhcpv4.MessageTypeInform + 1][]byte
}

func newReplyOptions(cfg Config) replyOptions {
	o := replyOptions{
		serverID:  dhcpv4.IP(cfg.ServerIP.AsSlice()).ToBytes(),
		mask:      dhcpv4.IPMask(net.CIDRMask(cfg.Subnet.Bits(), 32)).ToBytes(),
		leaseTime: dhcpv4.Duration(cfg.LeaseTime).ToBytes(),
		renewal:   dhcpv4.Duration(cfg.LeaseTime / 2).ToBytes(),
		rebinding: dhcpv4.Duration(cfg.LeaseTime * 7 / 8).ToBytes(),
	}
	if cfg.Gateway.IsValid() {
		o.router = dhcpv4.IPs{net.IP(cfg.Gateway.AsSlice())}.ToBytes()
	}
	if len(cfg.DNS) > 0 {
		o.dns = dhcpv4.IPs(ips(cfg.DNS)).ToBytes()
	}
	for t := range o.msgType {
		o.msgType[t] = []byte{byte(t)}
	}
	return o
}

// set stores a shared, pre-encoded value in opts.
func set(opts dhcpv4.Options, code dhcpv4.OptionCode, v []byte) {
	opts[code.Code()] = v
}

// msgType is pkt's message type (option 53) without the dhcp library's
// decoder, which allocates; parse checked that the option has one byte.
func msgType(pkt *dhcpv4.DHCPv4) dhcpv4.MessageType {
	if v := pkt.Options.Get(dhcpv4.OptionDHCPMessageType); len(v) == 1 {
		return dhcpv4.MessageType(v[0])
	}
	return dhcpv4.MessageTypeNone
}
