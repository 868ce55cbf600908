package testsuite

import (
	"context"
	"errors"
	"fmt"
)

// PCIDevice checks that at least MinCount (default 1) PCI functions with
// the vendor id (and device id, when given) are present. Ids are four hex
// digits, with or without "0x".
type PCIDevice struct {
	Vendor   string `json:"vendor"`
	Device   string `json:"device,omitempty"`
	MinCount int    `json:"min_count,omitempty"`
}

func (p *PCIDevice) prepare() (probe, error) {
	vendor, device := normalizeID(p.Vendor), normalizeID(p.Device)
	if !isHexID(vendor) {
		return probe{}, fmt.Errorf("vendor %q: want four hex digits such as 10de", p.Vendor)
	}
	if p.Device != "" && !isHexID(device) {
		return probe{}, fmt.Errorf("device %q: want four hex digits", p.Device)
	}
	if p.MinCount < 0 || p.MinCount > 4096 {
		return probe{}, errors.New("min_count: want 0 (means 1) to 4096")
	}
	want := max(p.MinCount, 1)
	id := vendor + ":" + orAny(device)
	expected := fmt.Sprintf("%d× %s", want, id)
	return probe{expected: expected, run: func(_ context.Context, env *Env) outcome {
		devs, err := ReadPCIDevices(env.Root)
		if err != nil {
			return readFailed("PCI devices", err)
		}
		n, seen := countPCI(devs, vendor, device)
		obs := fmt.Sprintf("%d× %s", n, id)
		if n < want {
			return failed(ClassBase, obs, "PCI %s: found %d, want %d; present: %s", id, n, want, shortList(seen))
		}
		return passed(obs)
	}}, nil
}

func countPCI(devs []PCIInfo, vendor, device string) (int, []string) {
	n := 0
	seen := make([]string, 0, len(devs))
	for _, d := range devs {
		seen = append(seen, d.Vendor+":"+d.Device)
		if d.Vendor == vendor && (device == "" || d.Device == device) {
			n++
		}
	}
	return n, seen
}

func orAny(s string) string {
	if s == "" {
		return "*"
	}
	return s
}

func isHexID(s string) bool {
	if len(s) != 4 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
