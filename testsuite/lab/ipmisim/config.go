package ipmisim

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
)

const emuFile = `mc_setbmc 0x20
mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr
sel_enable 0x20 1000 0x0a
mc_enable 0x20
`

const lanConf = `name "ironbase-sim"
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
  user 2 true "%s" "%s" admin 10 none md2 md5 straight
%s
`

func (c *Config) prepare() error {
	if c.Dir == "" {
		return fmt.Errorf("ipmisim: no Dir")
	}
	if c.User == "" {
		c.User = "admin"
	}
	if c.Password == "" {
		c.Password = "secret"
	}
	if c.Port == 0 {
		p, err := freeUDPPort()
		if err != nil {
			return err
		}
		c.Port = p
	}
	if c.Chassis == "" {
		c.Chassis = filepath.Join(c.Dir, "chassis.sh")
		if err := writeFile(c.Chassis, fmt.Sprintf(recorderScript, c.Dir), 0o755); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(filepath.Join(c.Dir, "state"), 0o755); err != nil {
		return fmt.Errorf("ipmisim: %w", err)
	}
	conf := fmt.Sprintf(lanConf, c.Port, c.Chassis, c.User, c.Password, strings.Join(c.Extra, "\n"))
	if err := writeFile(filepath.Join(c.Dir, "lan.conf"), conf, 0o600); err != nil {
		return err
	}
	return writeFile(filepath.Join(c.Dir, "bmc.emu"), emuFile, 0o644)
}

func writeFile(path, body string, mode os.FileMode) error {
	if err := os.WriteFile(path, []byte(body), mode); err != nil {
		return fmt.Errorf("ipmisim: %w", err)
	}
	return nil
}

func freeUDPPort() (int, error) {
	c, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("ipmisim: free port: %w", err)
	}
	defer c.Close()
	return c.LocalAddr().(*net.UDPAddr).Port, nil
}
