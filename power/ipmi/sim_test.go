package ipmi

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sim is one ipmi_sim process with its own port, state dir and
// chassis_control program.
type sim struct {
	t    *testing.T
	bin  string
	dir  string
	port int
	cmd  *exec.Cmd
}

const chassisScript = `#!/bin/sh
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

const emuFile = `mc_setbmc 0x20
mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr
sel_enable 0x20 1000 0x0a
mc_enable 0x20
`

const lanConf = `name "ironbase-test"
set_working_mc 0x20
  startlan 1
    addr 127.0.0.1 %d
    priv_limit admin
    allowed_auths_callback none md2 md5 straight
    allowed_auths_user none md2 md5 straight
    allowed_auths_operator none md2 md5 straight
    allowed_auths_admin none md2 md5 straight
    guid a123456789abcdefa123456789abcdef
  endlan
  chassis_control "%s"
  user 2 true "admin" "secret" admin 10 none md2 md5 straight
`

func startSim(t *testing.T) *sim {
	t.Helper()
	s := &sim{t: t, bin: needSim(t), dir: t.TempDir(), port: freeUDPPort(t)}
	script := filepath.Join(s.dir, "chassis.sh")
	s.write("chassis.sh", fmt.Sprintf(chassisScript, s.dir), 0o755)
	s.write("lan.conf", fmt.Sprintf(lanConf, s.port, script), 0o644)
	s.write("bmc.emu", emuFile, 0o644)
	if err := os.Mkdir(filepath.Join(s.dir, "state"), 0o755); err != nil {
		t.Fatal(err)
	}
	s.start()
	t.Cleanup(s.kill)
	return s
}

func (s *sim) write(name, body string, mode os.FileMode) {
	if err := os.WriteFile(filepath.Join(s.dir, name), []byte(body), mode); err != nil {
		s.t.Fatal(err)
	}
}

func (s *sim) addr() string { return fmt.Sprintf("127.0.0.1:%d", s.port) }

func freeUDPPort(t *testing.T) int {
	t.Helper()
	c, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return c.LocalAddr().(*net.UDPAddr).Port
}

// calls returns what chassis_control was asked, "get" queries left out.
func (s *sim) calls() []string {
	b, _ := os.ReadFile(filepath.Join(s.dir, "log"))
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if l != "" && !strings.HasPrefix(l, "get") {
			out = append(out, l)
		}
	}
	return out
}

func (s *sim) file(name string) string {
	b, _ := os.ReadFile(filepath.Join(s.dir, name))
	return strings.TrimSpace(string(b))
}

// waitFor polls cond until it holds or 5 s pass.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
