package dhcp

import (
	"context"
	"net"
	"net/netip"
)

// Observer receives what the server notices. Methods are called from the
// request workers: they must be quick and must not block.
type Observer interface {
	// RogueServer reports another DHCP server answering on our segment
	// (full mode only). Repeats of one server are reported at most once
	// every five minutes.
	RogueServer(ctx context.Context, r RogueServer)
	// ClientSeen reports a request the server answered, so a lifecycle
	// controller can note "DHCP seen" for a booting host.
	ClientSeen(ctx context.Context, c ClientSeen)
}

// RogueServer describes a foreign DHCP server.
type RogueServer struct {
	ServerID netip.Addr       // its server identifier (option 54)
	Source   netip.Addr       // where the packet came from, when known
	Client   net.HardwareAddr // the client in the exchange
	Evidence string           // "offer", "ack" or "client-selected"
}

// ClientSeen describes one answered request.
type ClientSeen struct {
	MAC      net.HardwareAddr
	Type     string     // request message type, e.g. "DISCOVER"
	Arch     int        // option 93, -1 when absent
	IPXE     bool       // the request came from iPXE
	BootFile string     // what we told it to boot; empty for none
	IP       netip.Addr // the address given (full mode)
	HostID   string     // the enrolled host, when the backend knows it
}

type nopObserver struct{}

func (nopObserver) RogueServer(context.Context, RogueServer) {}
func (nopObserver) ClientSeen(context.Context, ClientSeen)   {}
