package imaging

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ironbase/ironbase/testsuite/prereq"
)

// makeTree writes a small root file system: nested directories, a file of
// several squashfs blocks, small files (fragments), an empty file and
// directory, a symlink, an executable and a non-ASCII name.
func makeTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write := func(rel string, b []byte, mode fs.FileMode) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, mode); err != nil {
			t.Fatal(err)
		}
	}
	write("etc/hostname", []byte("lab-host\n"), 0o644)
	write("etc/ironbase/agent.conf", []byte("server=http://10.0.0.1\n"), 0o600)
	write("usr/bin/agent", randBytes(20, 300<<10+123), 0o755)
	write("usr/share/doc/zeros", make([]byte, 200<<10), 0o644)
	write("var/empty-file", nil, 0o644)
	write("srv/données.txt", []byte("é"), 0o644)
	if err := os.MkdirAll(filepath.Join(dir, "tmp/empty-dir"), 0o1777); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../usr/bin/agent", filepath.Join(dir, "etc/agent-link")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestBuildSquashfsUnsquashfs(t *testing.T) {
	unsq := prereq.Tool(t, "unsquashfs", "squashfs-tools")
	src := makeTree(t)
	out := filepath.Join(t.TempDir(), "root.sqfs")
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where go-diskfs puts its workspace
	if err := BuildSquashfs(context.Background(), src, out); err != nil {
		t.Fatalf("BuildSquashfs: %v", err)
	}
	if left := files(t, tmp); len(left) != 0 {
		t.Fatalf("workspace left behind: %q", left)
	}
	listing, err := exec.Command(unsq, "-l", "-d", "", out).CombinedOutput()
	if err != nil {
		t.Fatalf("unsquashfs -l: %v\n%s", err, listing)
	}
	for _, rel := range treePaths(t, src) {
		if !slices.Contains(strings.Split(string(listing), "\n"), "/"+rel) {
			t.Errorf("unsquashfs -l does not list %s:\n%s", rel, listing)
		}
	}
	dst := filepath.Join(t.TempDir(), "x")
	if b, err := exec.Command(unsq, "-no-xattrs", "-d", dst, out).CombinedOutput(); err != nil {
		t.Fatalf("unsquashfs -d: %v\n%s", err, b)
	}
	compareTrees(t, src, dst)
}

func TestBuildSquashfsReproducible(t *testing.T) {
	src := makeTree(t)
	dir := t.TempDir()
	var digests []Digest
	for _, name := range []string{"a.sqfs", "b.sqfs"} {
		out := filepath.Join(dir, name)
		if err := BuildSquashfs(context.Background(), src, out); err != nil {
			t.Fatalf("BuildSquashfs: %v", err)
		}
		b, _ := os.ReadFile(out)
		digests = append(digests, DigestOf(b))
	}
	if digests[0] != digests[1] {
		t.Fatalf("two builds of one tree differ: %s vs %s", digests[0].Short(), digests[1].Short())
	}
}

func TestBuildSquashfsRefusesFifo(t *testing.T) {
	src := t.TempDir()
	if err := mkfifo(filepath.Join(src, "pipe")); err != nil {
		t.Fatalf("mkfifo: %v", err) // always possible in a temp dir on Linux
	}
	out := filepath.Join(t.TempDir(), "x.sqfs")
	if err := BuildSquashfs(context.Background(), src, out); err == nil {
		t.Fatalf("BuildSquashfs with a fifo succeeded")
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("failed build left %s behind", out)
	}
}

func treePaths(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	_ = filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if rel, _ := filepath.Rel(root, p); rel != "." {
			out = append(out, filepath.ToSlash(rel))
		}
		return err
	})
	return out
}

// compareTrees wants the same paths, types, permissions, file contents and
// symlink targets under a and b.
func compareTrees(t *testing.T, a, b string) {
	t.Helper()
	pa, pb := treePaths(t, a), treePaths(t, b)
	if !slices.Equal(pa, pb) {
		t.Fatalf("paths differ:\n%q\n%q", pa, pb)
	}
	for _, rel := range pa {
		ia, _ := os.Lstat(filepath.Join(a, rel))
		ib, _ := os.Lstat(filepath.Join(b, rel))
		if ia.Mode() != ib.Mode() {
			t.Errorf("%s: mode %v, want %v", rel, ib.Mode(), ia.Mode())
		}
		if ma, mb := ia.ModTime().Unix(), ib.ModTime().Unix(); ma != mb && ia.Mode()&fs.ModeSymlink == 0 {
			t.Errorf("%s: mtime %d, want %d", rel, mb, ma)
		}
		if !sameContent(t, filepath.Join(a, rel), filepath.Join(b, rel), ia.Mode()) {
			t.Errorf("%s: content differs", rel)
		}
	}
}

func sameContent(t *testing.T, a, b string, m fs.FileMode) bool {
	t.Helper()
	switch {
	case m&fs.ModeSymlink != 0:
		ta, _ := os.Readlink(a)
		tb, _ := os.Readlink(b)
		return ta == tb
	case m.IsRegular():
		ba, _ := os.ReadFile(a)
		bb, _ := os.ReadFile(b)
		return bytes.Equal(ba, bb)
	}
	return true
}

func TestIngestDir(t *testing.T) {
	s := newStore(t)
	src := makeTree(t)
	out := filepath.Join(t.TempDir(), "ref.sqfs")
	if err := BuildSquashfs(context.Background(), src, out); err != nil {
		t.Fatal(err)
	}
	ref, _ := os.ReadFile(out)
	b, err := s.IngestDir(context.Background(), src)
	if err != nil {
		t.Fatalf("IngestDir: %v", err)
	}
	if b.Digest != DigestOf(ref) || b.Size != int64(len(ref)) {
		t.Fatalf("IngestDir = %+v, want the digest of BuildSquashfs's output %s", b, DigestOf(ref).Short())
	}
	assertNoTemp(t, s)
	if _, err := s.IngestDir(context.Background(), out); err == nil {
		t.Fatalf("IngestDir(a file) succeeded")
	}
}
