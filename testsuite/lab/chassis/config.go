// Package chassis is the virtual lab's chassis_control program for
// ipmi_sim: ipmi_sim runs `PROGRAM ARGS get power|boot`, `set power 1|0`,
// `set reset 1` and `set boot DEV`, and this package answers by starting
// the host's qemu VM (-daemonize, a pid file), killing it, resetting it
// over QMP and keeping the boot device in a file. `get power` reads the
// pid file and /proc only, so status queries stay fast.
package chassis

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// ConfigFile is the name of a host directory's chassis configuration.
const ConfigFile = "chassis.json"

// Config is what the chassis program knows about one VM. The lab writes it
// into the host's directory; every path is absolute.
type Config struct {
	Qemu     []string `json:"qemu"`      // argv: the qemu binary and its arguments, with -daemonize and -pidfile PIDFile
	PIDFile  string   `json:"pid_file"`  // written by qemu
	QMP      string   `json:"qmp"`       // QMP unix socket
	Log      string   `json:"log"`       // qemu's own output (not the serial console)
	Console  string   `json:"console"`   // the serial console log, for a line at each power on
	BootFile string   `json:"boot_file"` // the boot device last set over IPMI
}

// Save writes c into dir.
func (c Config) Save(dir string) error {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return fmt.Errorf("chassis: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, ConfigFile), b, 0o644); err != nil {
		return fmt.Errorf("chassis: %w", err)
	}
	return nil
}

// Load reads dir's configuration.
func Load(dir string) (Config, error) {
	var c Config
	b, err := os.ReadFile(filepath.Join(dir, ConfigFile))
	if err != nil {
		return c, fmt.Errorf("chassis: %w", err)
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("chassis: %s: %w", ConfigFile, err)
	}
	return c, nil
}
