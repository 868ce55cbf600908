package lab_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ironbase/ironbase/testsuite/lab"
	"github.com/ironbase/ironbase/testsuite/lab/image"
)

// cli runs the real ironbase CLI from the host namespace against the lab's
// server, as an admin.
type cli struct {
	bin, url, token string
}

func newCLI(t *testing.T, bin string, l *lab.Lab, data string) cli {
	t.Helper()
	tok, err := os.ReadFile(filepath.Join(data, "admin.token"))
	if err != nil {
		t.Fatalf("admin token: %v", err)
	}
	return cli{bin, l.URL(), strings.TrimSpace(string(tok))}
}

func (c cli) run(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args = append(args, "--server", c.url, "--token", c.token)
	out, err := exec.CommandContext(ctx, c.bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("ironbase %s: %v\n%s", strings.Join(args[:len(args)-4], " "), err, out)
	}
	return string(out)
}

// importVariant imports one variant of the lab image and returns its digest.
func (c cli) importVariant(t *testing.T, m image.Manifest, variant string) string {
	t.Helper()
	v := m.Variants[variant]
	out := c.run(t, "image", "import", "--name", "lab-"+variant, "--kernel", m.Kernel, "--initrd", v.Initrd,
		"--cmdline", v.Cmdline, "--checks", m.Checks, "--version", m.KernelRelease, "-o", "json")
	var im struct {
		Digest string `json:"digest"`
	}
	if err := json.Unmarshal([]byte(out), &im); err != nil || im.Digest == "" {
		t.Fatalf("image import: %v\n%s", err, out)
	}
	return im.Digest
}

// addHost enrols a lab host with its MAC, BMC and firmware into pool.
func (c cli) addHost(t *testing.T, h *lab.Host, pool string) {
	t.Helper()
	c.run(t, "host", "add", h.Name, "--mac", h.MAC, "--bmc", h.BMCAddr, "--bmc-user", h.BMCUser,
		"--bmc-password-file", h.BMCPasswordFile, "--bmc-cipher-suite", "3",
		"--firmware", string(h.Firmware), "--pool", pool)
}
