package image

import (
	"testing"

	"github.com/ironbase/ironbase/testsuite"
)

// The generated checks file is valid in the testsuite format.
func TestChecksFileParses(t *testing.T) {
	b, err := checksFile("6.1.0-99-amd64")
	if err != nil {
		t.Fatal(err)
	}
	s, err := testsuite.ParseChecks(b)
	if err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	if len(s.Checks) != 5 || s.Checks[0].KernelRelease.Equals != "6.1.0-99-amd64" {
		t.Errorf("checks = %+v; want 5, the first on kernel 6.1.0-99-amd64", s.Checks)
	}
}

func TestControlFields(t *testing.T) {
	f := controlFields([]byte("Package: linux-image-amd64\nVersion: 6.1.192-2\nDepends: linux-image-6.1.0-56-amd64 (= 6.1.192-2)\n\nPackage: other\n"))
	if f["Version"] != "6.1.192-2" || f["Depends"] != "linux-image-6.1.0-56-amd64 (= 6.1.192-2)" || f["Package"] != "linux-image-amd64" {
		t.Errorf("fields = %v", f)
	}
}
