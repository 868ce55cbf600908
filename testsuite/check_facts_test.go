package testsuite

import "testing"

const vmlinuzSum = "718ecd27f86c1973d78aa9afa9a8b4c045cf012a12282b9fc7cf82d120bd292f"

// TestFactChecks runs every check that reads the root against the good,
// bad and broken fixture trees.
func TestFactChecks(t *testing.T) {
	tests := []struct {
		name, host, check string
		want              want
	}{
		{"kernel equals", "good", `{"kernel_release": {"equals": "6.1.0-18-amd64"}}`, want{StatusPass, "", "6.1.0-18-amd64", ""}},
		{"kernel prefix", "good", `{"kernel_release": {"prefix": "6.1."}}`, want{StatusPass, "", "", ""}},
		{"kernel regexp", "good", `{"kernel_release": {"regexp": "^6\\.1\\.0-[0-9]+-amd64$"}}`, want{StatusPass, "", "", ""}},
		{"kernel wrong", "bad", `{"kernel_release": {"prefix": "6.1."}}`, want{StatusFail, ClassBase, "6.5.0-rc1", "kernel 6.5.0-rc1, want 6.1.*"}},
		{"kernel unreadable", "broken", `{"kernel_release": {"equals": "x"}}`, want{StatusError, ClassBase, "", "cannot read kernel release: kernel release: open proc/sys/kernel/osrelease: no such file or directory"}},
		{"module", "good", `{"module_loaded": {"name": "nvidia"}}`, want{StatusPass, "", "", ""}},
		{"module dash", "good", `{"module_loaded": {"name": "nvidia-uvm"}}`, want{StatusPass, "", "", ""}},
		{"module missing", "bad", `{"module_loaded": {"name": "nvidia"}}`, want{StatusFail, ClassBase, "nouveau, e1000e", "module nvidia not loaded; loaded: nouveau, e1000e"}},
		{"no module support", "broken", `{"module_loaded": {"name": "nvidia"}}`, want{StatusFail, ClassBase, "none", "module nvidia not loaded; loaded: none"}},
		{"pci", "good", `{"pci_device": {"vendor": "0x10DE", "device": "2204"}}`, want{StatusPass, "", "1× 10de:2204", ""}},
		{"pci vendor only", "good", `{"pci_device": {"vendor": "8086"}}`, want{StatusPass, "", "1× 8086:*", ""}},
		{"pci count", "good", `{"pci_device": {"vendor": "10de", "min_count": 2}}`, want{StatusFail, ClassBase, "1× 10de:*", "PCI 10de:*: found 1, want 2; present: 8086:15bc, 10de:2204"}},
		{"pci missing", "bad", `{"pci_device": {"vendor": "10de", "device": "2204"}}`, want{StatusFail, ClassBase, "0× 10de:2204", "PCI 10de:2204: found 0, want 1; present: 8086:15bc"}},
		{"pci broken", "broken", `{"pci_device": {"vendor": "10de"}}`, want{StatusError, ClassBase, "", "cannot read PCI devices: pci: open sys/bus/pci/devices/0000-00-00.0/vendor: no such file or directory"}},
		{"file exists", "good", `{"file_exists": {"path": "/etc/os-release"}}`, want{StatusPass, "", "exists", ""}},
		{"file absent", "bad", `{"file_exists": {"path": "/etc/os-release"}}`, want{StatusFail, ClassBase, "absent", "/etc/os-release does not exist"}},
		{"sha256", "good", `{"file_sha256": {"path": "/boot/vmlinuz", "sha256": "sha256:` + vmlinuzSum + `"}}`, want{StatusPass, "", "sha256:" + vmlinuzSum, ""}},
		{"sha256 differs", "bad", `{"file_sha256": {"path": "/boot/vmlinuz", "sha256": "` + vmlinuzSum + `"}}`, want{StatusFail, ClassBase, "", "/boot/vmlinuz has sha256:92e78d0b0329…, want sha256:718ecd27f86c…"}},
		{"sha256 absent", "broken", `{"file_sha256": {"path": "/boot/vmlinuz", "sha256": "` + vmlinuzSum + `"}}`, want{StatusFail, ClassBase, "absent", "/boot/vmlinuz does not exist"}},
		{"sha256 of a dir", "good", `{"file_sha256": {"path": "/etc", "sha256": "` + vmlinuzSum + `"}}`, want{StatusError, ClassBase, "", "cannot read /etc: hash: read testdata/hosts/good/etc: is a directory"}},
		{"memory", "good", `{"min_memory": {"mib": 64000}}`, want{StatusPass, "", "64217 MiB", ""}},
		{"memory low", "bad", `{"min_memory": {"mib": 64000}}`, want{StatusFail, ClassBase, "7812 MiB", "memory 7812 MiB, want ≥ 64000 MiB"}},
		{"memory no total", "broken", `{"min_memory": {"mib": 1}}`, want{StatusError, ClassBase, "", "cannot read /proc/meminfo: meminfo: no MemTotal line"}},
		{"cpus online", "good", `{"cpu_count": {"min": 16}}`, want{StatusPass, "", "16", ""}},
		{"cpus exact", "good", `{"cpu_count": {"min": 8, "max": 8}}`, want{StatusFail, ClassBase, "16", "16 CPUs online, want 8"}},
		{"cpus from cpuinfo", "bad", `{"cpu_count": {"min": 16}}`, want{StatusFail, ClassBase, "2", "2 CPUs online, want ≥ 16"}},
		{"cpus bad list", "broken", `{"cpu_count": {"max": 4}}`, want{StatusError, ClassBase, "", `cannot read CPU count: cpu online list: "x-y": strconv.Atoi: parsing "x": invalid syntax`}},
		{"disk", "good", `{"disk_present": {"name": "nvme0n1", "min_gib": 900}}`, want{StatusPass, "", "nvme0n1 present, 931 GiB", ""}},
		{"disk small", "good", `{"disk_present": {"name": "nvme0n1", "min_gib": 2000}}`, want{StatusFail, ClassBase, "", "disk nvme0n1 has 931 GiB, want ≥ 2000 GiB"}},
		{"disk missing", "bad", `{"disk_present": {"name": "nvme0n1"}}`, want{StatusFail, ClassBase, "sda", "disk nvme0n1 not present; disks: sda"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.want.check(t, runOne(t, fixtureEnv(tt.host), tt.check))
		})
	}
}
