package tftp

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ironbase/ironbase/testsuite/prereq"
)

// tftp-hpa's client sends no options (blksize 512, no tsize) and exits 0
// even on a TFTP error, which it reports as "Error code N: ...".

func TestTFTPHPAFetch(t *testing.T) {
	client := needHPA(t)
	for _, fx := range fixtures(t) {
		t.Run(fx.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			msg, err := hpa(t, client, fx.ts, "get", fx.name, out)
			if err != nil || strings.Contains(msg, "Error") {
				t.Fatalf("tftp get %s: %v\n%s", fx.name, err, msg)
			}
			checkSame(t, out, fx.want)
		})
	}
}

func TestTFTPHPARefused(t *testing.T) {
	client := needHPA(t)
	ts := startServer(t, confinedDir(t))
	src := filepath.Join(ts.dir, "good.bin")
	cases := []struct{ name, cmd, a, b string }{
		{"put", "put", src, "upload.bin"},
		{"put traversal", "put", src, "../upload.bin"},
		{"get traversal", "get", "../secret", filepath.Join(t.TempDir(), "out")},
		{"get symlink", "get", "escape", filepath.Join(t.TempDir(), "out2")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			msg, err := hpa(t, client, ts, tc.cmd, tc.a, tc.b)
			if err == nil && !strings.Contains(msg, "Error code") {
				t.Fatalf("tftp %s %s %s: got no error\n%s", tc.cmd, tc.a, tc.b, msg)
			}
		})
	}
	for _, name := range []string{"upload.bin", "../upload.bin"} {
		if _, err := os.Stat(filepath.Join(ts.dir, name)); err == nil {
			t.Errorf("put created %s", name)
		}
	}
	checkCounter(t, "refusals write", ts.m.refusals.WithLabelValues(reasonWrite), 2)
}

func hpa(t *testing.T, client string, ts *testServer, cmd, a, b string) (string, error) {
	t.Helper()
	return run(t, client, "-m", "binary", "127.0.0.1", ts.port, "-c", cmd, a, b)
}

// needHPA returns the tftp client if it is tftp-hpa's, not another "tftp".
func needHPA(t *testing.T) string {
	t.Helper()
	client := prereq.Tool(t, "tftp", "tftp-hpa")
	out, _ := run(t, client, "-V")
	prereq.Need(t, strings.Contains(out, "tftp-hpa"),
		fmt.Sprintf("%s is not tftp-hpa's client (Debian package tftp-hpa): -V says %q", client, out))
	return client
}
