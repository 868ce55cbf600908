package tftp

import (
	"os"
	"os/exec"
	"testing"
)

// missing stops a test whose prerequisite is absent: a skip on a
// developer's machine, a failure when CI=true.
func missing(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("missing prerequisite (CI=true): "+format, args...)
	}
	t.Skipf("missing prerequisite: "+format, args...)
}

// needTool returns the path of an executable from a Debian package, or
// stops the test through missing.
func needTool(t testing.TB, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		missing(t, "%s not in PATH (apt-get install -y %s)", name, pkg)
	}
	return p
}

// needFile returns path if it exists, or stops the test through missing.
func needFile(t testing.TB, path, pkg string) string {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		missing(t, "%s (apt-get install -y %s): %v", path, pkg, err)
	}
	return path
}
