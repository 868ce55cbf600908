package ipmisim

import (
	"os"
	"path/filepath"
	"strings"
)

// recorderScript is the default chassis_control: it keeps power and boot
// state in files and appends every request to DIR/log.
const recorderScript = `#!/bin/sh
st=%q
echo "$*" >> "$st/log"
pw=$(cat "$st/power" 2>/dev/null || echo 0)
bt=$(cat "$st/boot" 2>/dev/null || echo default)
case "$1" in
get) for p in "$@"; do case $p in power) echo "power:$pw";; boot) echo "boot:$bt";; esac; done;;
set) case "$2" in
  power) echo "$3" > "$st/power";;
  boot) echo "$3" > "$st/boot";;
  reset) echo x >> "$st/resets";;
  shutdown) [ -e "$st/softok" ] && echo 0 > "$st/power";;
  esac;;
esac
exit 0
`

// Calls returns what the recording chassis_control was asked, in order,
// leaving out the "get" queries.
func (s *Sim) Calls() []string {
	b, _ := os.ReadFile(filepath.Join(s.cfg.Dir, "log"))
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if l != "" && !strings.HasPrefix(l, "get") {
			out = append(out, l)
		}
	}
	return out
}

// Power reports the recording chassis's power state ("1" on, "0" off).
func (s *Sim) Power() string {
	b, _ := os.ReadFile(filepath.Join(s.cfg.Dir, "power"))
	return strings.TrimSpace(string(b))
}
