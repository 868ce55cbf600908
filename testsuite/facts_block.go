package testsuite

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// DiskInfo is one block device from sys/block.
type DiskInfo struct {
	Name      string `json:"name"`
	SizeBytes uint64 `json:"size_bytes"`
	Model     string `json:"model,omitempty"`
}

// ReadDisks lists sys/block, skipping loop, ram and zram devices.
func ReadDisks(root fs.FS) ([]DiskInfo, error) {
	ents, err := fs.ReadDir(root, "sys/block")
	if err != nil {
		if isNotExist(err) {
			return nil, nil
		}
		return nil, fmt.Errorf("block devices: %w", err)
	}
	var out []DiskInfo
	for _, e := range ents {
		n := e.Name()
		if strings.HasPrefix(n, "loop") || strings.HasPrefix(n, "ram") || strings.HasPrefix(n, "zram") {
			continue
		}
		d := DiskInfo{Name: n, Model: readTrim(root, path.Join("sys/block", n, "device/model"))}
		if sectors, err := strconv.ParseUint(readTrim(root, path.Join("sys/block", n, "size")), 10, 64); err == nil {
			d.SizeBytes = sectors * 512
		}
		out = append(out, d)
	}
	return out, nil
}

// readTrim reads a small sysfs attribute; a missing one reads as "".
func readTrim(root fs.FS, name string) string {
	b, err := fs.ReadFile(root, name)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }
