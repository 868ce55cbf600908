package ipmi

import (
	"os"
	"os/exec"
	"testing"
)

// need skips the test when a prerequisite is missing, or fails it when
// CI=true: CI must not silently skip.
func need(t *testing.T, ok bool, missing string) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("missing prerequisite: %s (CI=true)", missing)
	}
	t.Skipf("missing prerequisite: %s", missing)
}

func needSim(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("ipmi_sim")
	need(t, err == nil, "ipmi_sim not in PATH (Debian package openipmi)")
	need(t, os.Geteuid() == 0, "root (tests run ipmi_sim as root)")
	return path
}
