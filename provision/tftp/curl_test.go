package tftp

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ironbase/ironbase/testsuite/prereq"
)

// fixture is a file served by a test server, with its expected bytes.
type fixture struct {
	ts   *testServer
	name string
	want []byte
}

// fixtures serves a generated 1 MiB file from a temp dir and the real
// undionly.kpxe from DefaultDir.
func fixtures(t *testing.T) []fixture {
	t.Helper()
	kpxe := prereq.File(t, filepath.Join(DefaultDir, "undionly.kpxe"), "ipxe")
	real, err := os.ReadFile(kpxe)
	if err != nil {
		t.Fatal(err)
	}
	gen := startServer(t, t.TempDir())
	big := writeRandom(t, gen.dir, "big.bin", 1<<20)
	return []fixture{
		{gen, "big.bin", big},
		{startServer(t, DefaultDir), "undionly.kpxe", real},
	}
}

func TestCurlFetch(t *testing.T) {
	curl := prereq.Tool(t, "curl", "curl")
	for _, fx := range fixtures(t) {
		for _, blksize := range []int{512, 1468, 8192} {
			t.Run(fmt.Sprintf("%s/%d", fx.name, blksize), func(t *testing.T) {
				out := filepath.Join(t.TempDir(), "out")
				url := fmt.Sprintf("tftp://%s/%s", fx.ts.addr, fx.name)
				if msg, err := run(t, curl, "-sS", "--tftp-blksize", fmt.Sprint(blksize), "-o", out, url); err != nil {
					t.Fatalf("curl %s: %v\n%s", url, err, msg)
				}
				checkSame(t, out, fx.want)
			})
		}
	}
}

func TestCurlRefused(t *testing.T) {
	curl := prereq.Tool(t, "curl", "curl")
	ts := startServer(t, confinedDir(t))
	for _, path := range []string{
		"../../etc/passwd", "../secret", "sub/../../secret", "/etc/passwd",
		"//etc/passwd", strings.Repeat("long", 70), "escape", "abs", "sub",
		"subescape/secret",
	} {
		t.Run(short(path), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			url := fmt.Sprintf("tftp://%s/%s", ts.addr, path)
			msg, err := run(t, curl, "-sS", "--path-as-is", "-o", out, url)
			if err == nil {
				t.Fatalf("curl %s: got success, want a TFTP error\n%s", url, msg)
			}
			if b, _ := os.ReadFile(out); len(b) > 0 {
				t.Errorf("curl %s: wrote %d bytes, want none", url, len(b))
			}
		})
	}
}

// run runs a client with a deadline and returns its combined output.
func run(t *testing.T, name string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	b, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
	return string(b), err
}

// short keeps subtest names readable.
func short(s string) string {
	if len(s) > 40 {
		return fmt.Sprintf("%s...(%d bytes)", s[:20], len(s))
	}
	return s
}
