package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// require skips the test when ok is false — or fails it under CI=true,
// where a missing prerequisite is an error, never a skip.
func require(t *testing.T, ok bool, what string) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("missing prerequisite: %s", what)
	}
	t.Skipf("missing prerequisite: %s", what)
}

func requireTools(t *testing.T, tools ...string) {
	t.Helper()
	require(t, os.Geteuid() == 0, "root (network namespaces)")
	for _, tool := range tools {
		_, err := exec.LookPath(tool)
		require(t, err == nil, tool+" in PATH (make deps installs it)")
	}
}

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// ironbaseBinary builds the real binary once per test run.
func ironbaseBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "ironbase-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "ironbase")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = &buildError{out: string(out), err: err}
		}
	})
	if buildErr != nil {
		t.Fatalf("go build: %v", buildErr)
	}
	return binPath
}

type buildError struct {
	out string
	err error
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + e.out }
