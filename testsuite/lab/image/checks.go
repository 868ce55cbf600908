package image

import (
	"encoding/json"
	"fmt"
	"os"
)

// checksFile is the lab image's acceptance suite in the testsuite JSON
// format (testsuite.ParseChecks reads it): the kernel that was built, the
// NIC driver loaded, the in-band BMC present, the VM's memory and a clean
// kernel log.
func checksFile(release string) ([]byte, error) {
	type check map[string]any
	suite := map[string]any{
		"version":       1,
		"timeout":       "2m",
		"check_timeout": "20s",
		"checks": []check{
			{"name": "kernel", "kernel_release": map[string]string{"equals": release}},
			{"name": "nic driver", "module_loaded": map[string]string{"name": "virtio_net"}},
			{"name": "in-band bmc", "file_exists": map[string]string{"path": "/dev/ipmi0"}},
			{"name": "memory", "min_memory": map[string]int{"mib": 400}},
			{"name": "kernel log", "dmesg_clean": map[string][]string{"patterns": {"Call Trace"}}},
		},
	}
	b, err := json.MarshalIndent(suite, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("image: checks: %w", err)
	}
	return append(b, '\n'), nil
}

func writeChecks(path, release string) error {
	b, err := checksFile(release)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("image: %w", err)
	}
	return nil
}
