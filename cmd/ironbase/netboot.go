package main

import (
	"flag"
	"fmt"
	"net"
	"net/netip"
	"strings"

	"github.com/ironbase/ironbase/provision/dhcp"
	"github.com/ironbase/ironbase/provision/tftp"
)

// netbootOpts are serve's DHCP/TFTP flags.
type netbootOpts struct {
	dhcpIface, dhcpMode, subnet, rng, gateway, dns string
	tftpAddr, ipxeDir, advertise                   string
	stageDir                                       string // DATA/tftp, set by serve
}

func (o *netbootOpts) register(fs *flag.FlagSet) {
	fs.StringVar(&o.dhcpMode, "dhcp-mode", "off", "off, full (a dedicated lab segment) or proxy (beside an existing DHCP server)")
	fs.StringVar(&o.dhcpIface, "dhcp-interface", "", "the only interface DHCP answers on")
	fs.StringVar(&o.subnet, "subnet", "", "full mode: the lab segment, e.g. 10.9.0.0/24")
	fs.StringVar(&o.rng, "range", "", "full mode: addresses to hand out, FIRST-LAST")
	fs.StringVar(&o.gateway, "gateway", "", "full mode: router to announce")
	fs.StringVar(&o.dns, "dns", "", "full mode: DNS servers to announce, comma-separated")
	fs.StringVar(&o.tftpAddr, "tftp", "", "TFTP address (default: SERVER_IP:69 when DHCP is on, else off)")
	fs.StringVar(&o.ipxeDir, "ipxe-dir", tftp.DefaultDir, "directory of first-stage iPXE binaries served over TFTP")
	fs.StringVar(&o.advertise, "advertise-url", "", "URL hosts reach the HTTP server at (default http://SERVER_IP:HTTP_PORT)")
}

// netbootPlan is what serve starts: parsed and checked before anything runs.
type netbootPlan struct {
	dhcp     *dhcp.Config // nil: DHCP off
	first    netip.Addr
	last     netip.Addr
	tftpAddr string // "": TFTP off
}

func (o *netbootOpts) plan(httpAddr string) (netbootPlan, error) {
	var p netbootPlan
	if o.dhcpMode == "off" {
		p.tftpAddr = o.tftpAddr
		return p, nil
	}
	mode, err := dhcp.ParseMode(o.dhcpMode)
	if err != nil {
		return p, usageErr("--dhcp-mode %q: want off, full or proxy", o.dhcpMode)
	}
	if o.dhcpIface == "" {
		return p, usageErr("--dhcp-mode %s needs --dhcp-interface: ironbase answers DHCP only where it is told to", o.dhcpMode)
	}
	ip, err := interfaceIPv4(o.dhcpIface)
	if err != nil {
		return p, err
	}
	adv, err := o.advertiseURL(ip, httpAddr)
	if err != nil {
		return p, err
	}
	p.dhcp = &dhcp.Config{Mode: mode, Interface: o.dhcpIface, ServerIP: ip, AdvertiseURL: adv}
	p.tftpAddr = or(o.tftpAddr, net.JoinHostPort(ip.String(), "69"))
	if mode == dhcp.ModeFull {
		err = o.fullMode(&p, ip)
	}
	return p, err
}

func (o *netbootOpts) fullMode(p *netbootPlan, ip netip.Addr) error {
	var err error
	if p.dhcp.Subnet, err = netip.ParsePrefix(o.subnet); err != nil || !p.dhcp.Subnet.Addr().Is4() {
		return usageErr("--subnet %q: full mode needs the lab segment as an IPv4 CIDR", o.subnet)
	}
	if !p.dhcp.Subnet.Contains(ip) {
		return usageErr("--subnet %s does not contain %s, the address of %s", o.subnet, ip, o.dhcpIface)
	}
	a, b, ok := strings.Cut(o.rng, "-")
	if p.first, err = netip.ParseAddr(a); ok && err == nil {
		p.last, err = netip.ParseAddr(b)
	}
	if !ok || err != nil || !p.dhcp.Subnet.Contains(p.first) || !p.dhcp.Subnet.Contains(p.last) || p.last.Less(p.first) {
		return usageErr("--range %q: want FIRST-LAST inside %s", o.rng, o.subnet)
	}
	if o.gateway != "" {
		if p.dhcp.Gateway, err = netip.ParseAddr(o.gateway); err != nil {
			return usageErr("--gateway %q: want an IPv4 address", o.gateway)
		}
	}
	for _, d := range strings.FieldsFunc(o.dns, func(r rune) bool { return r == ',' }) {
		a, err := netip.ParseAddr(strings.TrimSpace(d))
		if err != nil {
			return usageErr("--dns %q: want IPv4 addresses separated by commas", o.dns)
		}
		p.dhcp.DNS = append(p.dhcp.DNS, a)
	}
	return nil
}

// advertiseURL is where hosts fetch scripts and artifacts. A loopback-only
// HTTP listener cannot serve them, so that is refused up front.
func (o *netbootOpts) advertiseURL(ip netip.Addr, httpAddr string) (string, error) {
	if o.advertise != "" {
		return strings.TrimRight(o.advertise, "/"), nil
	}
	host, port, err := net.SplitHostPort(httpAddr)
	if err != nil {
		return "", usageErr("--http %q: want HOST:PORT", httpAddr)
	}
	if a, err := netip.ParseAddr(host); err == nil && a.IsLoopback() {
		return "", usageErr("--http %s is loopback only: hosts on %s could not fetch their boot files; "+
			"listen on %s:%s or 0.0.0.0:%s (or set --advertise-url)", httpAddr, o.dhcpIface, ip, port, port)
	}
	return fmt.Sprintf("http://%s", net.JoinHostPort(ip.String(), port)), nil
}

func interfaceIPv4(name string) (netip.Addr, error) {
	ifi, err := net.InterfaceByName(name)
	if err != nil {
		return netip.Addr{}, usageErr("--dhcp-interface %s: %v", name, err)
	}
	addrs, err := ifi.Addrs()
	if err != nil {
		return netip.Addr{}, fmt.Errorf("addresses of %s: %w", name, err)
	}
	for _, a := range addrs {
		if pfx, err := netip.ParsePrefix(a.String()); err == nil && pfx.Addr().Is4() {
			return pfx.Addr(), nil
		}
	}
	return netip.Addr{}, usageErr("--dhcp-interface %s has no IPv4 address", name)
}
