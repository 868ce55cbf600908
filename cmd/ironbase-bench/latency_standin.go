package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"syscall"
	"time"

	"github.com/insomniacslk/dhcp/dhcpv4"
	"golang.org/x/sys/unix"
)

// standin is the plain arm's server: the least a lab segment needs to
// PXE-boot the lab image. DHCP hands every MAC one address and, to iPXE,
// the URL of a static script (with option 175.176 no-pxedhcp, as ironbase
// sends); HTTP serves that script, the kernel and the initrd, and records
// when the image's agent phones home (POST /agent/v1/hello).
type standin struct {
	server  netip.Addr // the bridge's address
	prefix  netip.Prefix
	httpURL string
	kernel  string
	initrd  string
	cmdline string
	log     *slog.Logger

	mu     sync.Mutex
	leases map[string]netip.Addr
	dhcpAt time.Time // the first request seen
	ipxeAt time.Time // the boot script's first fetch
	gotAt  time.Time // the end of the last kernel or initrd download
	hello  chan time.Time

	dhcp net.PacketConn
	http *http.Server
}

// listen opens the DHCP and HTTP sockets. Call it inside the lab's
// namespace (lab.Do): the sockets stay there.
func (s *standin) listen(bridge string, httpPort int) (net.Listener, error) {
	lc := net.ListenConfig{Control: func(_, _ string, rc syscall.RawConn) error {
		var opErr error
		err := rc.Control(func(fd uintptr) {
			opErr = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_BROADCAST, 1)
			if opErr == nil {
				opErr = unix.BindToDevice(int(fd), bridge)
			}
		})
		if err != nil {
			return err
		}
		return opErr
	}}
	pc, err := lc.ListenPacket(context.Background(), "udp4", "0.0.0.0:67")
	if err != nil {
		return nil, fmt.Errorf("stand-in dhcp: %w", err)
	}
	ln, err := net.Listen("tcp4", fmt.Sprintf("0.0.0.0:%d", httpPort))
	if err != nil {
		pc.Close()
		return nil, fmt.Errorf("stand-in http: %w", err)
	}
	s.dhcp = pc
	return ln, nil
}

// serve answers DHCP and HTTP until close.
func (s *standin) serve(ln net.Listener) {
	s.leases, s.hello = map[string]netip.Addr{}, make(chan time.Time, 4)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /boot.ipxe", s.script)
	mux.HandleFunc("GET /vmlinuz", s.file(s.kernel))
	mux.HandleFunc("GET /initrd", s.file(s.initrd))
	mux.HandleFunc("POST /agent/v1/hello", func(w http.ResponseWriter, _ *http.Request) {
		select {
		case s.hello <- time.Now():
		default:
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintln(w, `{"heartbeat":"1h","sample":false}`)
	})
	s.http = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go s.http.Serve(ln) //nolint:errcheck // ends with close
	go s.serveDHCP()
}

func (s *standin) close() {
	if s.http != nil {
		s.http.Close()
	}
	if s.dhcp != nil {
		s.dhcp.Close()
	}
}

// script is the static boot script: the same kernel line shape as
// ironbase's (image command line plus the agent's parameters).
func (s *standin) script(w http.ResponseWriter, _ *http.Request) {
	s.mark(&s.ipxeAt)
	fmt.Fprintf(w, "#!ipxe\nkernel %s/vmlinuz initrd=initrd %s\ninitrd --name initrd %s/initrd\nboot\n",
		s.httpURL, s.cmdline, s.httpURL)
}

func (s *standin) serveDHCP() {
	buf := make([]byte, 1500)
	for {
		n, _, err := s.dhcp.ReadFrom(buf)
		if err != nil {
			return
		}
		req, err := dhcpv4.FromBytes(buf[:n])
		if err != nil || req.OpCode != dhcpv4.OpcodeBootRequest {
			continue
		}
		s.mark(&s.dhcpAt)
		resp, err := s.reply(req)
		if err != nil || resp == nil {
			continue
		}
		bcast := &net.UDPAddr{IP: net.IPv4bcast, Port: 68}
		if _, err := s.dhcp.WriteTo(resp.ToBytes(), bcast); err != nil {
			s.log.Warn("stand-in dhcp reply", "err", err)
		}
	}
}

// reply is the OFFER or ACK for req (nil for anything else).
func (s *standin) reply(req *dhcpv4.DHCPv4) (*dhcpv4.DHCPv4, error) {
	var typ dhcpv4.MessageType
	switch req.MessageType() {
	case dhcpv4.MessageTypeDiscover:
		typ = dhcpv4.MessageTypeOffer
	case dhcpv4.MessageTypeRequest:
		typ = dhcpv4.MessageTypeAck
	default:
		return nil, nil
	}
	addr := s.lease(req.ClientHWAddr.String())
	mods := []dhcpv4.Modifier{
		dhcpv4.WithMessageType(typ), dhcpv4.WithYourIP(net.IP(addr.AsSlice())),
		dhcpv4.WithServerIP(net.IP(s.server.AsSlice())),
		dhcpv4.WithOption(dhcpv4.OptServerIdentifier(net.IP(s.server.AsSlice()))),
		dhcpv4.WithOption(dhcpv4.OptSubnetMask(net.CIDRMask(s.prefix.Bits(), 32))),
		dhcpv4.WithOption(dhcpv4.OptRouter(net.IP(s.server.AsSlice()))),
		dhcpv4.WithOption(dhcpv4.OptIPAddressLeaseTime(time.Hour)),
	}
	if isIPXE(req) {
		mods = append(mods, dhcpv4.WithOption(dhcpv4.OptGeneric(dhcpv4.GenericOptionCode(175), []byte{176, 1, 1})))
	}
	resp, err := dhcpv4.NewReplyFromRequest(req, mods...)
	if err == nil && isIPXE(req) {
		resp.BootFileName = s.httpURL + "/boot.ipxe"
	}
	return resp, err
}

func isIPXE(req *dhcpv4.DHCPv4) bool {
	for _, uc := range req.UserClass() {
		if uc == "iPXE" {
			return true
		}
	}
	return req.Options.Has(dhcpv4.GenericOptionCode(175))
}

// lease is mac's address: .100 on, in order of first sight.
func (s *standin) lease(mac string) netip.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a, ok := s.leases[mac]; ok {
		return a
	}
	b := s.prefix.Addr().As4()
	b[3] = byte(100 + len(s.leases))
	a := netip.AddrFrom4(b)
	s.leases[mac] = a
	return a
}

// mark records now in *at unless it is set.
func (s *standin) mark(at *time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if at.IsZero() {
		*at = time.Now()
	}
}

// file serves path and records when the download ended.
func (s *standin) file(path string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, path)
		s.mu.Lock()
		s.gotAt = time.Now()
		s.mu.Unlock()
	}
}

// phases are the first DHCP request, the script's fetch and the end of
// the kernel and initrd downloads, from t0.
func (s *standin) phases(t0 time.Time) []latencyPhase {
	s.mu.Lock()
	defer s.mu.Unlock()
	return []latencyPhase{{"dhcp", s.dhcpAt.Sub(t0)}, {"script", s.ipxeAt.Sub(t0)}, {"fetched", s.gotAt.Sub(t0)}}
}
