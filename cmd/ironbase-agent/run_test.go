package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const good = "../../testsuite/testdata/hosts/good"

func runAgent(t *testing.T, args ...string) (string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, &out, &errb)
	if err != nil {
		return out.String() + err.Error(), exitCode(err)
	}
	return out.String(), 0
}

func TestHello(t *testing.T) {
	out, code := runAgent(t, "--root", good)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	var h Hello
	if err := json.Unmarshal([]byte(out), &h); err != nil {
		t.Fatal(err)
	}
	if h.Boot.Host != "gpu-01" || h.Boot.Slot != "A" || h.Inventory.CPUs != 16 || len(h.Inventory.Modules) != 4 || h.Incomplete != "" {
		t.Errorf("hello %+v", h)
	}
	if strings.Contains(out, "tok-0123456789") {
		t.Error("hello prints the boot token")
	}
	if len(h.Inventory.NICs) != 2 || h.Inventory.NICs[1].Name != "eno1" || h.Inventory.NICs[1].Driver != "e1000e" || !h.Inventory.NICs[0].Virtual {
		t.Errorf("nics %+v", h.Inventory.NICs)
	}
}

func TestHelloBadCmdline(t *testing.T) {
	out, code := runAgent(t, "hello", "--root", "../../testsuite/testdata/hosts/bad")
	if code != 2 || !strings.Contains(out, "ironbase.server is missing") {
		t.Errorf("exit %d, %q; want 2 and a missing-parameter error", code, out)
	}
}

func TestRunChecksCommand(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "checks.json")
	write := func(s string) {
		if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(`{"checks": [{"module_loaded": {"name": "nvidia"}}, {"cpu_count": {"min": 4}}]}`)
	if out, code := runAgent(t, "run-checks", "--root", good, file); code != 0 || !strings.Contains(out, "2 passed, 0 failed, 0 errors") {
		t.Errorf("good host: exit %d\n%s", code, out)
	}
	out, code := runAgent(t, "run-checks", "-o", "json", "--root", "../../testsuite/testdata/hosts/bad", file)
	if code != 1 || !strings.Contains(out, `"class": "base"`) || !strings.Contains(out, "module nvidia not loaded; loaded: nouveau, e1000e") {
		t.Errorf("bad host: exit %d\n%s", code, out)
	}
	write(`{"checks": [{"module_loaded": {"name": ""}}]}`)
	if out, code := runAgent(t, "run-checks", file); code != 2 || !strings.Contains(out, "checks[0]: module_loaded: name") {
		t.Errorf("bad file: exit %d\n%s", code, out)
	}
	if _, code := runAgent(t, "frobnicate"); code != 2 {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
}
