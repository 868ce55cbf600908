package testsuite

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
)

// Inventory is what a host reports about itself in its hello.
type Inventory struct {
	KernelRelease string     `json:"kernel_release"`
	Modules       []string   `json:"modules"`
	PCI           []PCIInfo  `json:"pci"`
	MemTotalKiB   uint64     `json:"mem_total_kib"`
	CPUs          int        `json:"cpus"`
	Disks         []DiskInfo `json:"disks"`
	NICs          []NICInfo  `json:"nics"`
	Cmdline       string     `json:"cmdline"`
}

// ReadInventory reads the inventory from a host root. It reads everything
// it can and returns the joined errors of what it could not.
func ReadInventory(root fs.FS) (Inventory, error) {
	var inv Inventory
	var errs []error
	keep := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	var err error
	inv.KernelRelease, err = ReadKernelRelease(root)
	keep(err)
	inv.Modules, err = ReadModules(root)
	keep(err)
	inv.PCI, err = ReadPCIDevices(root)
	keep(err)
	inv.MemTotalKiB, err = ReadMemTotalKiB(root)
	keep(err)
	inv.CPUs, err = ReadCPUCount(root)
	keep(err)
	inv.Disks, err = ReadDisks(root)
	keep(err)
	inv.NICs, err = ReadNICs(root)
	keep(err)
	inv.Cmdline, err = ReadCmdline(root)
	keep(err)
	return inv, errors.Join(errs...)
}

// ReadCmdline returns the kernel command line from proc/cmdline.
func ReadCmdline(root fs.FS) (string, error) {
	b, err := fs.ReadFile(root, "proc/cmdline")
	if err != nil {
		return "", fmt.Errorf("kernel command line: %w", err)
	}
	return strings.TrimSpace(string(b)), nil
}
