package chassis

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

func testConfig(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	c := Config{Qemu: []string{"false"}, PIDFile: filepath.Join(dir, "qemu.pid"), QMP: filepath.Join(dir, "qmp"),
		Log: filepath.Join(dir, "qemu.log"), Console: filepath.Join(dir, "console.log"), BootFile: filepath.Join(dir, "boot")}
	if err := c.Save(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestGetSetBootAndPower(t *testing.T) {
	dir := testConfig(t)
	ctx := context.Background()
	var out bytes.Buffer
	if err := Run(ctx, dir, []string{"get", "power", "boot"}, &out); err != nil || out.String() != "power:0\nboot:pxe\n" {
		t.Fatalf("get = %q, %v; want power:0 boot:pxe", out.String(), err)
	}
	if err := Run(ctx, dir, []string{"set", "boot", "default"}, &out); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	Run(ctx, dir, []string{"get", "boot"}, &out)
	if out.String() != "boot:default\n" {
		t.Errorf("get boot after set = %q, want boot:default", out.String())
	}
	for _, req := range [][]string{{"set", "power", "0"}, {"set", "reset", "1"}} {
		if err := Run(ctx, dir, req, &out); err != nil {
			t.Errorf("%v on a VM that is off: %v; want a no-op", req, err)
		}
	}
}

// A qemu that fails to start is reported with its output.
func TestPowerOnReportsQemuFailure(t *testing.T) {
	dir := testConfig(t)
	c, _ := Load(dir)
	c.Qemu = []string{"sh", "-c", "echo 'could not open tap0' >&2; exit 1"}
	err := c.PowerOn(context.Background())
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("qemu exited")) || !bytes.Contains([]byte(err.Error()), []byte("could not open tap0")) {
		t.Errorf("PowerOn = %v; want qemu exited with its last lines", err)
	}
}

// Running ignores a pid file naming a process that is not qemu.
func TestRunningChecksTheProcess(t *testing.T) {
	dir := testConfig(t)
	c, _ := Load(dir)
	os.WriteFile(c.PIDFile, []byte(strconv.Itoa(os.Getpid())), 0o644)
	if _, on := c.Running(); on {
		t.Error("the test process was taken for qemu")
	}
}

// qemu must not inherit the descriptors ipmi_sim left open in the chassis
// program (its UDP port): a restarted BMC could not bind it again.
func TestPowerOnDropsInheritedDescriptors(t *testing.T) {
	dir := testConfig(t)
	c, _ := Load(dir)
	fd, err := syscall.Open(dir, syscall.O_RDONLY, 0) // no O_CLOEXEC, as ipmi_sim's sockets
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	out := filepath.Join(dir, "fds")
	c.Qemu = []string{"sh", "-c", "ls /proc/$$/fd > " + out}
	if err := c.PowerOn(context.Background()); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range strings.Fields(string(b)) {
		if f == strconv.Itoa(fd) {
			t.Fatalf("qemu inherited descriptor %d (open fds: %s)", fd, strings.Fields(string(b)))
		}
	}
}
