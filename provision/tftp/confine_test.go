package tftp

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/ironbase/ironbase/testsuite/prereq"
)

// confinedDir is a served directory with one good file and traps:
// symlinks out of it (to a file, to the parent directory), absolute
// symlinks (out, and in), a FIFO and a subdirectory; next to it lies a
// secret that must never be served.
func confinedDir(t *testing.T) string {
	t.Helper()
	base := t.TempDir()
	dir := filepath.Join(base, "root")
	for _, d := range []string{dir, filepath.Join(dir, "sub")} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(base, "secret"), []byte("secret\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	writeRandom(t, dir, "good.bin", 4000)
	links := map[string]string{
		"escape": "../secret", "abs": "/etc/passwd", "inside": "good.bin",
		"absinside": filepath.Join(dir, "good.bin"), "subescape": "..",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

var refusedCases = []struct{ name, reason string }{
	{"../secret", reasonDotDot},
	{"../../etc/passwd", reasonDotDot},
	{"sub/../../secret", reasonDotDot},
	{"/etc/passwd", reasonNotFound},
	{"//etc/passwd", reasonAbsolute},
	{"missing.bin", reasonNotFound},
	{strings.Repeat("x", 300), reasonTooLong},
	{`sub\good.bin`, reasonBackslash},
	{"escape", reasonEscape},
	{"abs", reasonEscape},
	{"absinside", reasonEscape},
	{"subescape/secret", reasonEscape},
	{"fifo", reasonNotRegular},
	{"sub", reasonNotRegular},
}

func TestConfinementGoClient(t *testing.T) {
	ts := startServer(t, confinedDir(t))
	for _, tc := range refusedCases {
		t.Run(short(tc.name), func(t *testing.T) {
			before := testutil.ToFloat64(ts.m.refusals.WithLabelValues(tc.reason))
			got, err := goGet(t, ts.addr, tc.name, 0)
			if err == nil {
				t.Fatalf("fetch %q: got %d bytes, want a TFTP error", tc.name, len(got))
			}
			after := testutil.ToFloat64(ts.m.refusals.WithLabelValues(tc.reason))
			if after != before+1 {
				t.Errorf("refusals{reason=%q}: got %v, want %v", tc.reason, after, before+1)
			}
		})
	}
}

func TestInsideSymlinkServed(t *testing.T) {
	ts := startServer(t, confinedDir(t))
	want, _ := os.ReadFile(filepath.Join(ts.dir, "good.bin"))
	for _, name := range []string{"inside", "/good.bin"} {
		got, err := goGet(t, ts.addr, name, 0)
		if err != nil || string(got) != string(want) {
			t.Errorf("fetch %q: got %d bytes, err %v; want %d bytes", name, len(got), err, len(want))
		}
	}
}

// TestMaxBlockSize checks that Config.MaxBlockSize caps the OACK's blksize.
func TestMaxBlockSize(t *testing.T) {
	dir := t.TempDir()
	writeRandom(t, dir, "f.bin", 5000)
	ts := startServerConfig(t, Config{Dir: dir, MaxBlockSize: 1024})
	if got := probeTsize(t, ts.addr, "f.bin")["blksize"]; got != "1024" {
		t.Errorf("blksize with MaxBlockSize 1024 asked 1468: got %q, want 1024", got)
	}
}

// TestDebianSymlinks documents that Debian's /usr/lib/ipxe/ipxe.efi, an
// absolute symlink into /boot, is refused with the default directory.
func TestDebianSymlinks(t *testing.T) {
	prereq.File(t, filepath.Join(DefaultDir, "undionly.kpxe"), "ipxe")
	link := filepath.Join(DefaultDir, "ipxe.efi")
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Skipf("%s is not a symlink here", link)
	}
	ts := startServer(t, DefaultDir)
	if _, err := goGet(t, ts.addr, "ipxe.efi", 0); err == nil {
		t.Fatal("fetch ipxe.efi (symlink out of the dir): got no error")
	}
	checkCounter(t, "refusals symlink_escape", ts.m.refusals.WithLabelValues(reasonEscape), 1)
}
