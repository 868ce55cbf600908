package lab_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ironbase/ironbase/testsuite/lab/image"
	"github.com/ironbase/ironbase/testsuite/prereq"
)

// requireLab checks what a lab needs: root, the tools, the firmware.
func requireLab(t *testing.T) {
	t.Helper()
	prereq.Root(t)
	for tool, pkg := range map[string]string{"ip": "iproute2", "ipmi_sim": "openipmi", "ipmitool": "ipmitool",
		"qemu-system-x86_64": "qemu-system-x86", "apt-get": "apt", "dpkg-deb": "dpkg"} {
		prereq.Tool(t, tool, pkg)
	}
	_, err := os.Stat("/dev/net/tun")
	prereq.Need(t, err == nil, "/dev/net/tun (a kernel with tun)")
	for file, pkg := range map[string]string{"/usr/share/OVMF/OVMF_CODE_4M.fd": "ovmf",
		"/usr/lib/ipxe/qemu/efi-virtio.rom": "ipxe-qemu", "/usr/lib/ipxe/undionly.kpxe": "ipxe"} {
		prereq.File(t, file, pkg)
	}
}

// bins are the binaries a lab test runs, built once per test process.
type bins struct {
	ironbase, agent, helper string
}

var (
	buildOnce sync.Once
	built     bins
	buildErr  error
)

func buildBins(t *testing.T) bins {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "ironbase-lab-bin-")
		if err != nil {
			buildErr = err
			return
		}
		built = bins{filepath.Join(dir, "ironbase"), filepath.Join(dir, "ironbase-agent"), filepath.Join(dir, "ironbase-lab")}
		buildErr = goBuild(built.ironbase, "./cmd/ironbase", "1")
		if buildErr == nil {
			buildErr = goBuild(built.agent, "./cmd/ironbase-agent", "0")
		}
		if buildErr == nil {
			buildErr = goBuild(built.helper, "./cmd/ironbase-lab", "1")
		}
	})
	if buildErr != nil {
		t.Fatalf("go build: %v", buildErr)
	}
	return built
}

func goBuild(out, pkg, cgo string) error {
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Dir = repoRoot()
	cmd.Env = append(os.Environ(), "CGO_ENABLED="+cgo)
	if b, err := cmd.CombinedOutput(); err != nil {
		return &buildError{pkg, string(b), err}
	}
	return nil
}

type buildError struct {
	pkg, out string
	err      error
}

func (e *buildError) Error() string { return e.pkg + ": " + e.err.Error() + "\n" + e.out }

// repoRoot is the module root, two levels above this package.
func repoRoot() string {
	wd, _ := os.Getwd()
	return filepath.Clean(filepath.Join(wd, "..", ".."))
}

// labImage builds (or finds in the cache) the lab image, in
// $IRONBASE_LAB_CACHE or REPO/.cache/lab.
func labImage(t *testing.T, agent string) image.Manifest {
	t.Helper()
	cache := os.Getenv("IRONBASE_LAB_CACHE")
	if cache == "" {
		cache = filepath.Join(repoRoot(), ".cache", "lab")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	m, err := image.Build(ctx, image.Options{CacheDir: cache, Agent: agent})
	if err != nil {
		t.Fatalf("lab image: %v", err)
	}
	return m
}
