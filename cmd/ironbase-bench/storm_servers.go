package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Where the servers listen inside the server namespace.
const (
	stormIronbaseHTTP = "10.64.0.1:8080"
	stormPeerHTTP     = "10.64.0.1:8081"
)

// stormTarget is one server setup under test. start runs it in the server
// namespace; its state (leases, catalog) persists from run to run.
type stormTarget struct {
	name     string
	ironbase bool
	ready    string // a URL that answers 200 once the HTTP side is up
	start    func(ctx context.Context, run string) ([]*dhcpProc, error)
}

// peerTarget is dnsmasq (DHCP and TFTP, --no-ping, the BIOS first stage
// for PXE firmware, the static script's URL for iPXE) and nginx (the
// script, kernel and initrd).
func (o *stormOptions) peerTarget(l *dhcpLab, fx *stormFixture) *stormTarget {
	return &stormTarget{name: "dnsmasq+nginx", ready: "http://" + stormPeerHTTP + "/boot.ipxe",
		start: func(ctx context.Context, run string) ([]*dhcpProc, error) {
			dir := fx.peerDir
			args := []string{"--keep-in-foreground", "--conf-file=/dev/null", "--port=0", "--no-resolv", "--no-hosts",
				"--interface=" + l.srvIf, "--bind-interfaces", "--user=root", "--no-ping", "--quiet-dhcp", "--quiet-tftp",
				"--dhcp-range=" + strings.Join([]string{labFirst.String(), labLast.String(), labMask, "1h"}, ","),
				"--dhcp-option=option:router," + labServerIP.String(), "--dhcp-lease-max=1000000",
				"--dhcp-leasefile=" + filepath.Join(dir, "dnsmasq.leases"),
				"--pid-file=" + filepath.Join(dir, "dnsmasq.pid"),
				"--log-facility=" + filepath.Join(dir, "dnsmasq.syslog"),
				"--enable-tftp", "--tftp-root=" + fx.ipxeDir, fmt.Sprintf("--tftp-max=%d", max(50, len(fx.macs))),
				"--dhcp-match=set:ipxe,175",
				"--dhcp-boot=tag:!ipxe,undionly.kpxe",
				"--dhcp-boot=tag:ipxe,http://" + stormPeerHTTP + "/boot.ipxe"}
			dm, err := dhcpStartInNS(l.srvNS, "dnsmasq", filepath.Join(dir, run+"-dnsmasq.log"), nil, o.dnsmasq, args...)
			if err != nil {
				return nil, err
			}
			conf := filepath.Join(dir, "nginx.conf")
			b := fmt.Appendf(nil, nginxConf, dir, stormPeerHTTP, filepath.Join(dir, "root"))
			if err := os.WriteFile(conf, b, 0o644); err != nil {
				dm.stop()
				return nil, err
			}
			ng, err := dhcpStartInNS(l.srvNS, "nginx", filepath.Join(dir, run+"-nginx.log"), nil, o.nginx,
				"-p", dir, "-c", conf, "-e", filepath.Join(dir, "error.log"))
			if err != nil {
				dm.stop()
				return nil, err
			}
			return []*dhcpProc{dm, ng}, nil
		}}
}

// ironbaseTarget is the real binary in full DHCP mode on the lab segment,
// with the catalog the fixture enrolled, and its controller on.
func (o *stormOptions) ironbaseTarget(l *dhcpLab, fx *stormFixture) *stormTarget {
	return &stormTarget{name: "ironbase", ironbase: true, ready: "http://" + stormIronbaseHTTP + "/healthz",
		start: func(ctx context.Context, run string) ([]*dhcpProc, error) {
			_, port, _ := strings.Cut(stormIronbaseHTTP, ":")
			args := []string{"serve", "--data", fx.data, "--http", "0.0.0.0:" + port, "--dhcp-mode", "full",
				"--dhcp-interface", l.srvIf, "--subnet", labSubnet.String(),
				"--range", labFirst.String() + "-" + labLast.String(), "--gateway", labServerIP.String(),
				"--ipxe-dir", fx.ipxeDir}
			args = append(args, o.serveFlags...)
			p, err := dhcpStartInNS(l.srvNS, "ironbase", filepath.Join(o.work, run+"-ironbase.log"), nil, o.ironbase, args...)
			if err != nil {
				return nil, err
			}
			return []*dhcpProc{p}, nil
		}}
}
