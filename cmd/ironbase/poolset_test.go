package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

// pool set changes only the flags given, reads the suite from a file and
// removes it with --suite "".
func TestCLIPoolSet(t *testing.T) {
	l := startServe(t)
	tok := l.adminToken(t)
	suite := filepath.Join(t.TempDir(), "pool-checks.json")
	os.WriteFile(suite, []byte(`{"checks":[{"name":"nic","module_loaded":{"name":"virtio_net"}}]}`), 0o644)
	l.cli(t, tok, "pool", "add", "lab", "--max-unavailable", "2")
	out, errs, code := l.cli(t, tok, "pool", "set", "lab", "--recheck", "6h", "--suite", suite, "-o", "json")
	var p catalog.Pool
	if code != 0 || json.Unmarshal([]byte(out), &p) != nil {
		t.Fatalf("pool set: exit %d %s%s", code, out, errs)
	}
	if p.Recheck.Std() != 6*time.Hour || p.MaxUnavailable != 2 || !strings.Contains(string(p.Suite), "virtio_net") {
		t.Errorf("pool after set: %+v", p)
	}
	out, _, _ = l.cli(t, tok, "pool", "set", "lab", "--suite", "", "-o", "json")
	var cleared catalog.Pool
	if json.Unmarshal([]byte(out), &cleared) != nil || len(cleared.Suite) != 0 || cleared.Recheck.Std() != 6*time.Hour {
		t.Errorf("after --suite \"\": %s", out)
	}
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"pool", "set", "lab"}, 2, "nothing to change"},
		{[]string{"pool", "set", "lab", "--suite", "/nonexistent"}, 2, "--suite"},
		{[]string{"pool", "set", "lab", "--recheck", "5s"}, 2, "recheck"},
		{[]string{"pool", "set", "ghost", "--recheck", "1h"}, 3, "not found"},
	} {
		if _, errs, code := l.cli(t, tok, tc.args...); code != tc.code || !strings.Contains(errs, tc.msg) {
			t.Errorf("%v: exit %d %q; want %d mentioning %q", tc.args, code, errs, tc.code, tc.msg)
		}
	}
}
