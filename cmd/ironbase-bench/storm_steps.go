package main

import (
	"context"
	"fmt"
	"net"

	"github.com/insomniacslk/dhcp/dhcpv4"
)

// xid is unique per host and DORA: the host's index and the DORA number.
func (h *stormHost) xid(n byte) dhcpv4.TransactionID {
	i := h.index
	return dhcpv4.TransactionID{byte(i >> 16), byte(i >> 8), byte(i), n}
}

// guid is the host's SMBIOS UUID as firmware sends it in option 97.
func (h *stormHost) guid() [16]byte {
	var g [16]byte
	copy(g[10:], h.mac)
	return g
}

// dhcpPXE is the firmware's DORA; the ACK names the first stage.
func (h *stormHost) dhcpPXE(ctx context.Context) error {
	ack, r, err := h.dhcp.dora(ctx, h.mac, h.xid(1), stormPXEOptions(h.guid(), false), stormPXETimeouts)
	h.retries += r
	if err != nil {
		return err
	}
	if stormBootFile(ack) == "" || stormNextServer(ack) == nil {
		return fmt.Errorf("ACK without a boot file and next-server (file %q, siaddr %v)", stormBootFile(ack), ack.ServerIPAddr)
	}
	h.ack = ack
	return nil
}

// stormBootFile is what firmware boots: the file field, else option 67
// (dnsmasq sends the option when the client asks for it).
func stormBootFile(ack *dhcpv4.DHCPv4) string {
	if ack.BootFileName != "" {
		return ack.BootFileName
	}
	return ack.BootFileNameOption()
}

// stormNextServer is the TFTP server: option 66 when it is an address,
// else siaddr; nil when neither is set.
func stormNextServer(ack *dhcpv4.DHCPv4) net.IP {
	if ip := net.ParseIP(ack.TFTPServerName()).To4(); ip != nil {
		return ip
	}
	if ack.ServerIPAddr == nil || ack.ServerIPAddr.IsUnspecified() {
		return nil
	}
	return ack.ServerIPAddr
}

// tftp fetches the first stage the ACK named from next-server.
func (h *stormHost) tftp(ctx context.Context) error {
	name := stormBootFile(h.ack)
	got, st, err := stormTFTPGetStats(&net.UDPAddr{IP: stormNextServer(h.ack)}, name)
	h.retries += st.Retries
	h.tftpSt = st
	if err != nil {
		return err
	}
	if got.Digest != h.cfg.First.Digest || got.Size != h.cfg.First.Size {
		return fmt.Errorf("tftp %s: %d bytes %s, want %d bytes %s", name, got.Size, got.Digest, h.cfg.First.Size, h.cfg.First.Digest)
	}
	return nil
}

// dhcpIPXE is iPXE's own DORA; the ACK's boot file is the script URL.
func (h *stormHost) dhcpIPXE(ctx context.Context) error {
	ack, r, err := h.dhcp.dora(ctx, h.mac, h.xid(2), stormPXEOptions(h.guid(), true), stormIPXETimeouts)
	h.retries += r
	if err != nil {
		return err
	}
	h.ack = ack
	return nil
}

func (h *stormHost) script(ctx context.Context) error {
	var err error
	h.plan, err = stormGetScript(h.web, stormBootFile(h.ack))
	if err == nil && h.plan.Initrd == "" {
		err = fmt.Errorf("script without an initrd line")
	}
	return err
}

func (h *stormHost) kernel(ctx context.Context) error {
	return stormGetArtifact(h.web, h.plan.Kernel, h.files)
}
func (h *stormHost) initrd(ctx context.Context) error {
	return stormGetArtifact(h.web, h.plan.Initrd, h.files)
}

// hello starts the "booted OS": a fresh HTTP stack, the agent's hello
// with the boot token from the script's kernel command line.
func (h *stormHost) hello(ctx context.Context) error {
	a, err := newStormAgent(h.plan.Cmdline)
	if err != nil {
		return err
	}
	h.agent = a
	return a.hello(ctx)
}

func (h *stormHost) suite(ctx context.Context) error { return h.agent.suite(ctx) }
