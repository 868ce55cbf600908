// Package prereq stops a test whose prerequisite is missing: a skip on a
// developer's machine, a failure under CI=true, where every prerequisite
// must be installed and a skip would hide a test that never ran. Messages
// say exactly what is missing and which Debian package has it.
//
//	prereq.Root(t)
//	curl := prereq.Tool(t, "curl", "curl")
//	prereq.Need(t, err == nil, "/usr/lib/ipxe (Debian package ipxe)")
package prereq

import (
	"os"
	"os/exec"
	"strconv"
	"testing"
)

// Need stops t when ok is false; what says what is missing.
func Need(t testing.TB, ok bool, what string) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("missing prerequisite: %s (fatal because CI=true)", what)
	}
	t.Skipf("missing prerequisite: %s", what)
}

// Tool returns the path of the executable name, which Debian ships in
// debianPkg, or stops t.
func Tool(t testing.TB, name, debianPkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	Need(t, err == nil, name+" not in PATH (Debian package "+debianPkg+")")
	return p
}

// File returns path when it exists, or stops t; debianPkg ships it.
func File(t testing.TB, path, debianPkg string) string {
	t.Helper()
	_, err := os.Stat(path)
	Need(t, err == nil, path+" does not exist (Debian package "+debianPkg+")")
	return path
}

// Root stops t unless it runs as root.
func Root(t testing.TB) {
	t.Helper()
	Need(t, os.Geteuid() == 0, "root (the test runs as uid "+strconv.Itoa(os.Geteuid())+")")
}
