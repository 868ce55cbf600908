package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"sync"
	"time"

	"github.com/insomniacslk/dhcp/dhcpv4"
	"github.com/insomniacslk/dhcp/iana"
)

// pxeVendorClass is what BIOS PXE firmware sends as option 60.
const pxeVendorClass = "PXEClient:Arch:00000:UNDI:002001"

// proxyLoad is a proxyDHCP load generator: many BIOS PXE clients, each
// doing what firmware does beside a lab's own DHCP server — a DISCOVER
// (options 60, 93, 94, 97), relayed like perfdhcp's so that one socket
// serves every client, then a REQUEST to the proxy's port 4011. A client
// completes when a valid ACK arrives; the proxy must never offer an address.
type proxyLoad struct {
	relay   *net.UDPConn // relayIP:67: the proxy answers relayed DISCOVERs here
	direct  *net.UDPConn // relayIP:any: port 4011 answers come back here
	server  netip.Addr
	relayIP netip.Addr
	file    string // the boot file a BIOS client must be told

	mu      sync.Mutex
	clients map[uint32]*pxeClient // by transaction id
}

type pxeClient struct {
	mac      net.HardwareAddr
	uuid     []byte // option 97: type 0 and 16 bytes
	sent     time.Time
	latency  time.Duration // DISCOVER to ACK; 0 while incomplete
	problems string
}

// proxyResult is one trial at a fixed offered rate.
type proxyResult struct {
	sent, offers, acks, bad int
	latencies               []time.Duration
	period                  time.Duration
	firstBad                string
}

func (r proxyResult) lost() float64 {
	if r.sent == 0 {
		return 1
	}
	return 1 - float64(r.acks)/float64(r.sent)
}

// percentile is the p-th (0–1) percentile of the completed clients' latencies.
func (r proxyResult) percentile(p float64) time.Duration { return pct(r.latencies, 100*p) }

// trial offers rate new clients per second for period, then waits grace
// for answers still in flight (an answer later than that is a drop).
func (g *proxyLoad) trial(ctx context.Context, seq uint32, rate float64, period, grace time.Duration) (proxyResult, error) {
	n := int(rate*period.Seconds() + 0.5)
	g.mu.Lock()
	g.clients = make(map[uint32]*pxeClient, n)
	g.mu.Unlock()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var offers int
	wg.Add(2)
	go func() { defer wg.Done(); offers = g.readOffers(stop) }()
	go func() { defer wg.Done(); g.readAcks(stop) }()
	start := time.Now()
	var err error
	for i := 0; i < n && err == nil && ctx.Err() == nil; i++ {
		time.Sleep(time.Until(start.Add(time.Duration(float64(i) / rate * float64(time.Second)))))
		err = g.discover(seq<<24 | uint32(i))
	}
	time.Sleep(grace)
	close(stop)
	g.relay.SetReadDeadline(time.Now())
	g.direct.SetReadDeadline(time.Now())
	wg.Wait()
	g.relay.SetReadDeadline(time.Time{})
	g.direct.SetReadDeadline(time.Time{})
	r := g.tally(n, period)
	r.offers = offers
	return r, err
}

func (g *proxyLoad) tally(n int, period time.Duration) proxyResult {
	g.mu.Lock()
	defer g.mu.Unlock()
	r := proxyResult{sent: n, period: period}
	for _, c := range g.clients {
		switch {
		case c.problems != "":
			r.bad++
			if r.firstBad == "" {
				r.firstBad = c.problems
			}
		case c.latency > 0:
			r.acks++
			r.latencies = append(r.latencies, c.latency)
		}
	}
	return r
}

// discover sends client id's DISCOVER through the relay socket.
func (g *proxyLoad) discover(id uint32) error {
	c := &pxeClient{mac: net.HardwareAddr{0x02, 0x05, byte(id >> 24), byte(id >> 16), byte(id >> 8), byte(id)},
		uuid: append([]byte{0}, bytes.Repeat(binary.BigEndian.AppendUint32(nil, id), 4)...)}
	m, err := g.packet(c, id, dhcpv4.MessageTypeDiscover)
	if err != nil {
		return err
	}
	m.GatewayIPAddr, m.HopCount = g.relayIP.AsSlice(), 1
	g.mu.Lock()
	g.clients[id] = c
	c.sent = time.Now()
	g.mu.Unlock()
	_, err = g.relay.WriteToUDPAddrPort(m.ToBytes(), netip.AddrPortFrom(g.server, 67))
	return err
}

func (g *proxyLoad) packet(c *pxeClient, xid uint32, t dhcpv4.MessageType) (*dhcpv4.DHCPv4, error) {
	var id dhcpv4.TransactionID
	binary.BigEndian.PutUint32(id[:], xid)
	return dhcpv4.New(dhcpv4.WithHwAddr(c.mac), dhcpv4.WithTransactionID(id), dhcpv4.WithMessageType(t),
		dhcpv4.WithOption(dhcpv4.OptClassIdentifier(pxeVendorClass)),
		dhcpv4.WithOption(dhcpv4.OptClientArch(iana.INTEL_X86PC)),
		dhcpv4.WithGeneric(dhcpv4.OptionClientNetworkInterfaceIdentifier, []byte{1, 2, 1}),
		dhcpv4.WithGeneric(dhcpv4.OptionClientMachineIdentifier, c.uuid))
}

// readOffers answers every valid proxy OFFER with a REQUEST to port 4011,
// as PXE firmware does, and returns how many OFFERs arrived.
func (g *proxyLoad) readOffers(stop <-chan struct{}) int {
	buf := make([]byte, 1500)
	offers := 0
	for {
		n, err := g.relay.Read(buf)
		if err != nil {
			if stopped(stop, err) {
				return offers
			}
			continue
		}
		m, c := g.match(buf[:n])
		if c == nil {
			continue
		}
		offers++
		if g.judge(c, m, dhcpv4.MessageTypeOffer) {
			g.request(c, m.TransactionID)
		}
	}
}

func (g *proxyLoad) request(c *pxeClient, xid dhcpv4.TransactionID) {
	m, err := g.packet(c, binary.BigEndian.Uint32(xid[:]), dhcpv4.MessageTypeRequest)
	if err != nil {
		return
	}
	m.ClientIPAddr = g.relayIP.AsSlice() // the address the lab's DHCP server gave it
	g.direct.WriteToUDPAddrPort(m.ToBytes(), netip.AddrPortFrom(g.server, 4011))
}

// readAcks completes the clients whose port 4011 ACK is valid.
func (g *proxyLoad) readAcks(stop <-chan struct{}) {
	buf := make([]byte, 1500)
	for {
		n, err := g.direct.Read(buf)
		if err != nil {
			if stopped(stop, err) {
				return
			}
			continue
		}
		m, c := g.match(buf[:n])
		if c != nil && g.judge(c, m, dhcpv4.MessageTypeAck) {
			g.mu.Lock()
			c.latency = time.Since(c.sent)
			g.mu.Unlock()
		}
	}
}

// stopped: the trial is over, or the socket is gone.
func stopped(stop <-chan struct{}, err error) bool {
	select {
	case <-stop:
		return true
	default:
		return errors.Is(err, net.ErrClosed)
	}
}

func (g *proxyLoad) match(b []byte) (*dhcpv4.DHCPv4, *pxeClient) {
	m, err := dhcpv4.FromBytes(b)
	if err != nil {
		return nil, nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return m, g.clients[binary.BigEndian.Uint32(m.TransactionID[:])]
}

// judge records what is wrong with a reply, if anything.
func (g *proxyLoad) judge(c *pxeClient, m *dhcpv4.DHCPv4, want dhcpv4.MessageType) bool {
	problem := proxyProblem(m, want, c, g.file)
	if problem != "" {
		g.mu.Lock()
		c.problems = problem
		g.mu.Unlock()
	}
	return problem == ""
}

func proxyProblem(m *dhcpv4.DHCPv4, want dhcpv4.MessageType, c *pxeClient, file string) string {
	switch {
	case m.MessageType() != want:
		return fmt.Sprintf("got %s, want %s", m.MessageType(), want)
	case !bytes.Equal(m.ClientHWAddr, c.mac):
		return "reply for another MAC"
	case !m.YourIPAddr.IsUnspecified():
		return "a proxy offered an address: " + m.YourIPAddr.String()
	case m.ClassIdentifier() != "PXEClient":
		return fmt.Sprintf("option 60 %q, want PXEClient", m.ClassIdentifier())
	case m.BootFileNameOption() != file && m.BootFileName != file:
		return fmt.Sprintf("boot file %q/%q, want %s", m.BootFileName, m.BootFileNameOption(), file)
	case !bytes.Equal(m.GetOneOption(dhcpv4.OptionClientMachineIdentifier), c.uuid):
		return "option 97 not echoed"
	}
	return ""
}
