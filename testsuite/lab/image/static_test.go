package image

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A dynamically linked agent is refused before anything is built; a
// static one passes.
func TestCheckStatic(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "main.go")
	os.WriteFile(src, []byte("package main\nimport \"os/user\"\nfunc main() { user.Current() }\n"), 0o644)
	for _, tc := range []struct {
		cgo     string
		dynamic bool
	}{{"0", false}, {"1", true}} {
		bin := filepath.Join(dir, "agent-cgo"+tc.cgo)
		cmd := exec.Command("go", "build", "-o", bin, src)
		cmd.Env = append(os.Environ(), "CGO_ENABLED="+tc.cgo)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
		err := checkStatic(bin)
		if tc.dynamic != (err != nil && strings.Contains(err.Error(), "dynamically linked")) {
			t.Errorf("CGO_ENABLED=%s: checkStatic = %v", tc.cgo, err)
		}
	}
}
