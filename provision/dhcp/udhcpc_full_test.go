package dhcp

import (
	"testing"

	"github.com/insomniacslk/dhcp/dhcpv4"
)

func TestUdhcpcFullMode(t *testing.T) {
	l, _ := serveLab(t, ModeFull)

	first := runUdhcpc(t, l, "02:00:00:00:00:01")
	if first.err != nil || first.bound == nil {
		t.Fatalf("plain udhcpc got no lease (exit %v)", first.err)
	}
	if got := first.bound["ip"]; got != "10.213.0.100" {
		t.Errorf("ip: got %q, want 10.213.0.100", got)
	}
	if got := first.bound["router"]; got != "10.213.0.1" {
		t.Errorf("router: got %q, want 10.213.0.1", got)
	}

	pxe := runUdhcpc(t, l, "02:00:00:00:00:02", "-V", "PXEClient:Arch:00000:UNDI:002001", "-x", "0x5d:0000")
	if pxe.bound == nil {
		t.Fatalf("PXE udhcpc got no lease (exit %v)", pxe.err)
	}
	if got := pxe.bound["boot_file"]; got != "undionly.kpxe" {
		t.Errorf("boot_file: got %q, want undionly.kpxe", got)
	}
	if got := pxe.bound["siaddr"]; got != "10.213.0.1" {
		t.Errorf("siaddr: got %q, want 10.213.0.1", got)
	}
	if pxe.bound["ip"] == first.bound["ip"] {
		t.Errorf("second MAC got the first MAC's address %s", first.bound["ip"])
	}

	again := runUdhcpc(t, l, "02:00:00:00:00:01")
	if again.bound == nil || again.bound["ip"] != first.bound["ip"] {
		t.Errorf("first MAC again: got %v, want its address %s back", again.bound["ip"], first.bound["ip"])
	}
}

func TestUdhcpcProxyMode(t *testing.T) {
	l, s := serveLab(t, ModeProxy)
	res := runUdhcpc(t, l, "02:00:00:00:00:03", "-V", "PXEClient:Arch:00007:UNDI:003016", "-x", "0x5d:0007")
	if res.bound != nil {
		t.Fatalf("proxy mode gave an address: %v", res.bound["ip"])
	}
	if res.err == nil {
		t.Error("udhcpc succeeded, want it to fail for lack of an address")
	}
	if got := counterValue(t, s.metrics.replies.WithLabelValues(dhcpv4.MessageTypeOffer.String())); got < 1 {
		t.Errorf("proxy offers sent: got %v, want at least 1", got)
	}
}
