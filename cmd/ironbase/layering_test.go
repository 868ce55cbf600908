package main

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/ironbase/ironbase/"

// layers is DESIGN.md's dependency table: a package (by path prefix) may
// import only these of ours. Dependencies flow one way.
var layers = []struct {
	pkg   string
	allow []string
}{
	{"catalog", nil},
	{"imaging", []string{"catalog"}},
	{"power", []string{"catalog"}},
	{"testsuite/lab", nil},
	{"testsuite", []string{"catalog", "testsuite"}},
	{"provision", []string{"catalog", "imaging", "power", "testsuite", "provision"}},
	{"web", []string{"catalog", "imaging", "power", "provision", "testsuite", "web"}},
	{"cmd/ironbase-agent", []string{"testsuite"}},
	{"cmd", []string{""}}, // cmd wires everything
}

func allowed(pkg, imp string) bool {
	for _, l := range layers {
		if pkg != l.pkg && !strings.HasPrefix(pkg, l.pkg+"/") {
			continue
		}
		for _, a := range l.allow {
			if a == "" || imp == a || strings.HasPrefix(imp, a+"/") {
				return true
			}
		}
		return imp == l.pkg || strings.HasPrefix(imp, l.pkg+"/") // within its own tree
	}
	return false
}

// TestLayering fails the build when a package imports against the
// direction in DESIGN.md (non-test imports; tests may reach further).
func TestLayering(t *testing.T) {
	cmd := exec.Command("go", "list", "-json", module+"...")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(out)
	n := 0
	for {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		n++
		checkImports(t, strings.TrimPrefix(p.ImportPath, module), p.Imports)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("go list: %v", err)
	}
	if n < 4 {
		t.Fatalf("go list saw only %d packages", n)
	}
}

func checkImports(t *testing.T, pkg string, imports []string) {
	t.Helper()
	for _, imp := range imports {
		if !strings.HasPrefix(imp, module) {
			continue
		}
		if rel := strings.TrimPrefix(imp, module); !allowed(pkg, rel) {
			t.Errorf("%s imports %s: against the dependency direction in DESIGN.md", pkg, rel)
		}
	}
}

func TestLayeringRules(t *testing.T) {
	for _, tc := range []struct {
		pkg, imp string
		ok       bool
	}{
		{"catalog", "web", false},
		{"power", "catalog", true},
		{"power", "provision", false},
		{"provision/dhcp", "catalog", true},
		{"provision/dhcp", "web", false},
		{"provision", "provision/dhcp", true},
		{"testsuite/lab", "catalog", false},
		{"web", "cmd/ironbase", false},
		{"cmd/ironbase", "web", true},
		{"cmd/ironbase-agent", "catalog", false},
		{"cmd/ironbase-agent", "testsuite", true},
		{"imaging", "power", false},
		{"power/ipmi", "power", true},
		{"testsuite/lab", "testsuite", false},
	} {
		if got := allowed(tc.pkg, tc.imp); got != tc.ok {
			t.Errorf("allowed(%s → %s) = %v, want %v", tc.pkg, tc.imp, got, tc.ok)
		}
	}
}
