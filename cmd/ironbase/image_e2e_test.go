package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ironbase/ironbase/catalog"
)

// TestImageImportDedupAndServe imports an image twice through the CLI: the
// second import uploads nothing, the store keeps one copy of each artifact,
// and the boot server serves the kernel byte for byte.
func TestImageImportDedupAndServe(t *testing.T) {
	l := startServe(t)
	tok := l.adminToken(t)
	dir := t.TempDir()
	kernel, initrd := filepath.Join(dir, "vmlinuz"), filepath.Join(dir, "initrd.img")
	os.WriteFile(kernel, []byte(strings.Repeat("K", 100000)), 0o644)
	os.WriteFile(initrd, []byte(strings.Repeat("I", 50000)), 0o644)
	root := filepath.Join(dir, "root")
	os.MkdirAll(filepath.Join(root, "etc"), 0o755)
	os.WriteFile(filepath.Join(root, "etc", "hostname"), []byte("lab\n"), 0o644)
	args := []string{"image", "import", "--name", "deb12", "--kernel", kernel, "--initrd", initrd, "--rootfs", root,
		"--cmdline", "console=ttyS0", "-o", "json"}
	var first catalog.Image
	json.Unmarshal([]byte(mustCLI(t, l, tok, args...)), &first)
	puts := strings.Count(l.logs.String(), `"method":"PUT"`)
	mustCLI(t, l, tok, args...)
	if again := strings.Count(l.logs.String(), `"method":"PUT"`); again != puts || puts != 3 {
		t.Errorf("PUTs: %d on the first import (want 3), %d more on the second (want 0)", puts, again-puts)
	}
	blobs, _ := filepath.Glob(filepath.Join(l.data, "images", "blobs", "sha256", "*", "*"))
	if len(blobs) != 3 {
		t.Errorf("%d blobs stored, want 3 (kernel, initrd, rootfs), each once", len(blobs))
	}
	if len(first.Artifacts) != 3 || first.Artifacts[0].Role != "kernel" || first.State != catalog.ImageImported {
		t.Fatalf("imported image = %+v", first)
	}
	resp, err := http.Get(l.url + "/boot/artifacts/" + first.Artifacts[0].Digest)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if want, _ := os.ReadFile(kernel); resp.StatusCode != 200 || string(got) != string(want) {
		t.Errorf("artifact GET = %d, %d bytes; want the kernel's %d bytes", resp.StatusCode, len(got), len(want))
	}
	if out := mustCLI(t, l, tok, "image", "show", "deb12:latest"); !strings.Contains(out, "dir:"+root) {
		t.Errorf("image show lacks the rootfs provenance:\n%s", out)
	}
}
