package main

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/insomniacslk/dhcp/dhcpv4"
	"github.com/insomniacslk/dhcp/iana"
)

// checkReply checks what the firmware needs from the reply to its
// captured request: the type, an address of the range, the server, the
// boot file for its architecture (or, for iPXE, the script URL with
// option 175.176 no-pxedhcp), option 97 echoed, and for a PXEClient
// vendor class 60 = PXEClient and option 43 with sub-option 6 = 8.
func checkReply(t *testing.T, frame []byte, resp *dhcpv4.DHCPv4, want dhcpv4.MessageType) {
	t.Helper()
	req := mustParse(t, frame)
	if resp.MessageType() != want {
		t.Fatalf("reply to %s is %s (%s), want %s", req.MessageType(), resp.MessageType(), resp.Message(), want)
	}
	if ip := resp.YourIPAddr.To4(); ip == nil || ip[0] != 10 || ip[1] != 99 || ip[2] != 0 || ip[3] < 100 || ip[3] > 199 {
		t.Errorf("yiaddr %s, want one of 10.99.0.100-199", resp.YourIPAddr)
	}
	if asked := req.RequestedIPAddress(); asked != nil && !asked.Equal(resp.YourIPAddr) {
		t.Errorf("the firmware requested %s, the server gave %s", asked, resp.YourIPAddr)
	}
	if sid := resp.ServerIdentifier(); !sid.Equal(net.ParseIP(replayServer)) {
		t.Errorf("server identifier %s, want %s", sid, replayServer)
	}
	if file := wantBootFile(req); resp.BootFileName != file {
		t.Errorf("boot file %q, want %q", resp.BootFileName, file)
	}
	if uuid := req.Options.Get(dhcpv4.OptionClientMachineIdentifier); uuid != nil {
		if got := resp.Options.Get(dhcpv4.OptionClientMachineIdentifier); !bytes.Equal(got, uuid) {
			t.Errorf("option 97 %x, want the client's %x echoed", got, uuid)
		}
	}
	if strings.HasPrefix(req.ClassIdentifier(), "PXEClient") {
		checkPXEOptions(t, resp)
	}
	if isIPXE(req) {
		if o := resp.Options.Get(dhcpv4.GenericOptionCode(175)); !bytes.Contains(o, []byte{176, 1, 1}) {
			t.Errorf("option 175 %x, want sub-option 176 (no-pxedhcp) = 1", o)
		}
	}
}

func checkPXEOptions(t *testing.T, resp *dhcpv4.DHCPv4) {
	t.Helper()
	if vc := resp.ClassIdentifier(); vc != "PXEClient" {
		t.Errorf("option 60 %q, want PXEClient", vc)
	}
	if o := resp.Options.Get(dhcpv4.OptionVendorSpecificInformation); !bytes.HasPrefix(o, []byte{6, 1, 8}) {
		t.Errorf("option 43 %x, want sub-option 6 (discovery control) = 8 first", o)
	}
}

func isIPXE(req *dhcpv4.DHCPv4) bool { return slices.Contains(req.UserClass(), "iPXE") }

// wantBootFile is what a client with req's options must be told to load.
func wantBootFile(req *dhcpv4.DHCPv4) string {
	if isIPXE(req) {
		return replayURL + "/boot/ipxe?mac=" + req.ClientHWAddr.String()
	}
	if archs := req.ClientArch(); len(archs) > 0 && (archs[0] == iana.EFI_X86_64 || archs[0] == iana.EFI_BC) {
		return "ipxe.efi"
	}
	return "undionly.kpxe"
}

// golden compares a reply, rendered, with NAME.golden (-update rewrites it).
func golden(t *testing.T, name string, m *dhcpv4.DHCPv4) {
	t.Helper()
	path := filepath.Join(firmwareDir, name+".golden")
	got := renderReply(m)
	if *updateFirmware {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -run TestFirmwareDHCPReplay -update writes it)", err)
	}
	if d := cmp.Diff(string(want), got); d != "" {
		t.Errorf("%s differs from the golden reply (-want +got):\n%s", name, d)
	}
}

// renderReply prints every header field and option of a reply, options
// by code, values in hex and, when printable, as text.
func renderReply(m *dhcpv4.DHCPv4) string {
	var b strings.Builder
	fmt.Fprintf(&b, "op %s\nhtype %s hops %d\nxid %s\nsecs %d flags %s\n", m.OpCode, m.HWType,
		m.HopCount, m.TransactionID, m.NumSeconds, m.FlagsToString())
	fmt.Fprintf(&b, "ciaddr %s\nyiaddr %s\nsiaddr %s\ngiaddr %s\nchaddr %s\nsname %q\nfile %q\n", m.ClientIPAddr,
		m.YourIPAddr, m.ServerIPAddr, m.GatewayIPAddr, m.ClientHWAddr, m.ServerHostName, m.BootFileName)
	codes := make([]int, 0, len(m.Options))
	for c := range m.Options {
		codes = append(codes, int(c))
	}
	slices.Sort(codes)
	for _, c := range codes {
		v := m.Options[uint8(c)]
		fmt.Fprintf(&b, "option %d: %x", c, v)
		if printable(v) {
			fmt.Fprintf(&b, " %q", v)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func printable(v []byte) bool {
	if len(v) < 2 {
		return false
	}
	for _, c := range v {
		if c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}
