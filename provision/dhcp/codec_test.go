package dhcp

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/insomniacslk/dhcp/dhcpv4"
)

// codecSeeds are requests to decode and replies to encode: our test
// packets, the firmware captures and the malformed seeds.
func codecSeeds(t testing.TB) map[string][]byte {
	seeds := map[string][]byte{
		"discover":       packet(t, knownMAC, dhcpv4.MessageTypeDiscover),
		"pxe discover":   packet(t, knownMAC, dhcpv4.MessageTypeDiscover, pxeBIOS...),
		"ipxe request":   packet(t, "52:54:00:00:00:09", dhcpv4.MessageTypeRequest, append(ipxeClient(), requested("10.9.0.100"))...),
		"relayed inform": packet(t, knownMAC, dhcpv4.MessageTypeInform, dhcpv4.WithRelay(ip4("10.20.0.1"))),
		"long option 82": packet(t, knownMAC, dhcpv4.MessageTypeDiscover, dhcpv4.WithGatewayIP(ip4("10.9.0.2")),
			dhcpv4.WithGeneric(dhcpv4.OptionRelayAgentInformation, bytes.Repeat([]byte{1}, 400))),
		"empty option": append(append([]byte(nil), packet(t, knownMAC, dhcpv4.MessageTypeDiscover)[:240]...),
			53, 1, 1, 12, 0, 60, 0, 60, 3, 'a', 'b', 'c', 0, 0, 255, 9, 9),
		"repeated option": append(append([]byte(nil), packet(t, knownMAC, dhcpv4.MessageTypeDiscover)[:240]...),
			53, 1, 1, 12, 2, 'a', 'b', 12, 1, 'c', 255),
		"no options": packet(t, knownMAC, dhcpv4.MessageTypeDiscover)[:240],
	}
	for name, tc := range malformedSeeds(t) {
		seeds["malformed "+name] = tc.raw
	}
	files, _ := filepath.Glob("testdata/firmware/*.bin")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		seeds[filepath.Base(f)] = b
	}
	return seeds
}

// checkDecode compares decode with the library's FromBytes on raw: both
// refuse it, or both return the same message; raw is left as it was.
func checkDecode(t testing.TB, raw []byte) {
	t.Helper()
	orig := append([]byte(nil), raw...)
	want, wantErr := dhcpv4.FromBytes(raw)
	got, err := decode(raw)
	if (err == nil) != (wantErr == nil) {
		t.Fatalf("decode error %v, library's %v", err, wantErr)
	}
	if err == nil {
		if d := cmp.Diff(want, got); d != "" {
			t.Fatalf("decode differs from the library (-library +ours):\n%s", d)
		}
	}
	if !bytes.Equal(raw, orig) {
		t.Fatal("decode changed its input")
	}
}

// checkEncode compares appendMessage with the library's ToBytes on m.
func checkEncode(t testing.TB, m *dhcpv4.DHCPv4) {
	t.Helper()
	want := m.ToBytes()
	got := appendMessage([]byte("prefix"), m)
	if !bytes.HasPrefix(got, []byte("prefix")) || !bytes.Equal(got[len("prefix"):], want) {
		t.Fatalf("appendMessage differs from ToBytes:\n got %x\nwant %x", got[min(len(got), len("prefix")):], want)
	}
	a, errA := dhcpv4.FromBytes(got[len("prefix"):])
	b, errB := dhcpv4.FromBytes(want)
	if errA != nil || errB != nil {
		t.Fatalf("encoded replies do not decode: ours %v, library's %v", errA, errB)
	}
	if d := cmp.Diff(b, a); d != "" {
		t.Fatalf("decoded replies differ (-library +ours):\n%s", d)
	}
}

func TestDecodeMatchesLibrary(t *testing.T) {
	for name, raw := range codecSeeds(t) {
		t.Run(name, func(t *testing.T) { checkDecode(t, raw) })
	}
}

// TestEncodeMatchesLibrary encodes the replies the server gives to every
// seed in both modes, and the seeds themselves.
func TestEncodeMatchesLibrary(t *testing.T) {
	for name, raw := range codecSeeds(t) {
		t.Run(name, func(t *testing.T) {
			if m, err := dhcpv4.FromBytes(raw); err == nil {
				checkEncode(t, m)
			}
			for _, mode := range []Mode{ModeFull, ModeProxy} {
				for _, port := range []int{67, 4011} {
					s, _ := newTestServer(t, mode, nil)
					if r, ok := s.handle(context.Background(), raw, inbound{localPort: port}); ok {
						checkEncode(t, r.pkt)
					}
				}
			}
		})
	}
}

func TestEncodeSplitsLongOptions(t *testing.T) {
	m, err := dhcpv4.New(dhcpv4.WithGeneric(dhcpv4.OptionRelayAgentInformation, bytes.Repeat([]byte{7}, 600)),
		dhcpv4.WithGeneric(dhcpv4.OptionDNSDomainSearchList, nil), dhcpv4.WithServerIP(ip4("10.0.0.1")),
		dhcpv4.WithGeneric(dhcpv4.OptionEnd, []byte{1}), dhcpv4.WithGeneric(dhcpv4.OptionPad, []byte{1}))
	if err != nil {
		t.Fatal(err)
	}
	m.BootFileName = strings.Repeat("f", 200)
	m.ServerHostName = strings.Repeat("s", 70)
	m.ClientHWAddr = bytes.Repeat([]byte{0xaa}, 20)
	checkEncode(t, m)
}

func FuzzDecode(f *testing.F) {
	for _, raw := range codecSeeds(f) {
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		checkDecode(t, raw)
		if m, err := dhcpv4.FromBytes(raw); err == nil {
			checkEncode(t, m)
		}
	})
}
