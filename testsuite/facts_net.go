package testsuite

import (
	"fmt"
	"io/fs"
	"path"
)

// NICInfo is one network interface from sys/class/net.
type NICInfo struct {
	Name   string `json:"name"`
	MAC    string `json:"mac,omitempty"`
	State  string `json:"state,omitempty"`
	Driver string `json:"driver,omitempty"`
	// Virtual is true for interfaces with no device behind them (bridges, veths).
	Virtual bool `json:"virtual,omitempty"`
}

// ReadNICs lists sys/class/net except the loopback.
func ReadNICs(root fs.FS) ([]NICInfo, error) {
	ents, err := fs.ReadDir(root, "sys/class/net")
	if err != nil {
		if isNotExist(err) {
			return nil, nil
		}
		return nil, fmt.Errorf("network interfaces: %w", err)
	}
	var out []NICInfo
	for _, e := range ents {
		if e.Name() == "lo" {
			continue
		}
		out = append(out, readNIC(root, e.Name()))
	}
	return out, nil
}

func readNIC(root fs.FS, name string) NICInfo {
	dir := path.Join("sys/class/net", name)
	n := NICInfo{Name: name, MAC: readTrim(root, dir+"/address"), State: readTrim(root, dir+"/operstate")}
	if _, err := fs.Stat(root, dir+"/device"); err != nil {
		n.Virtual = true
	}
	if link, err := fs.ReadLink(root, dir+"/device/driver"); err == nil {
		n.Driver = path.Base(link)
	}
	return n
}
