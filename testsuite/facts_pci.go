package testsuite

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// PCIInfo is one PCI function as sysfs shows it. Ids are lower-case hex
// without "0x" ("10de").
type PCIInfo struct {
	Address string `json:"address"`
	Vendor  string `json:"vendor"`
	Device  string `json:"device"`
	Class   string `json:"class,omitempty"`
	Driver  string `json:"driver,omitempty"`
}

const pciDir = "sys/bus/pci/devices"

// ReadPCIDevices lists sys/bus/pci/devices. A host without PCI (no such
// directory) has none.
func ReadPCIDevices(root fs.FS) ([]PCIInfo, error) {
	ents, err := fs.ReadDir(root, pciDir)
	if err != nil {
		if isNotExist(err) {
			return nil, nil
		}
		return nil, fmt.Errorf("pci devices: %w", err)
	}
	out := make([]PCIInfo, 0, len(ents))
	for _, e := range ents {
		d, err := readPCI(root, e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

func readPCI(root fs.FS, addr string) (PCIInfo, error) {
	dir := path.Join(pciDir, addr)
	d := PCIInfo{Address: addr}
	var err error
	if d.Vendor, err = readHexID(root, path.Join(dir, "vendor")); err != nil {
		return d, err
	}
	if d.Device, err = readHexID(root, path.Join(dir, "device")); err != nil {
		return d, err
	}
	d.Class, _ = readHexID(root, path.Join(dir, "class"))
	if link, err := fs.ReadLink(root, path.Join(dir, "driver")); err == nil {
		d.Driver = path.Base(link)
	}
	return d, nil
}

// readHexID reads a sysfs id such as "0x10de\n" as "10de".
func readHexID(root fs.FS, name string) (string, error) {
	b, err := fs.ReadFile(root, name)
	if err != nil {
		return "", fmt.Errorf("pci: %w", err)
	}
	return normalizeID(string(b)), nil
}

func normalizeID(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.TrimPrefix(s, "0x")
}
