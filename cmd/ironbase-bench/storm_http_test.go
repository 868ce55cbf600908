package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStormGetArtifact: the simulator accepts the file's exact bytes and
// refuses a changed byte, a short body and a long one.
func TestStormGetArtifact(t *testing.T) {
	dir := t.TempDir()
	f, err := stormRandomFile(filepath.Join(dir, "initrd"), 300_000, 7)
	if err != nil {
		t.Fatal(err)
	}
	files, err := loadStormArtifacts([]stormFile{f})
	if err != nil {
		t.Fatal(err)
	}
	good := files[f.Digest]
	flipped := append([]byte(nil), good...)
	flipped[200_000] ^= 1
	bodies := map[string][]byte{"good": good, "flipped": flipped, "short": good[:len(good)-1], "long": append(append([]byte(nil), good...), 0)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(bodies[strings.Split(r.URL.Path, "/")[1]]) //nolint:errcheck
	}))
	defer srv.Close()
	for name := range bodies {
		err := stormGetArtifact(srv.Client(), srv.URL+"/"+name+"/"+f.Digest, files)
		if (err == nil) != (name == "good") {
			t.Errorf("%s body: err %v", name, err)
		}
	}
	if err := stormGetArtifact(srv.Client(), srv.URL+"/good/sha256:00", files); err == nil {
		t.Error("a URL naming another digest was accepted")
	}
}

// TestLoadStormArtifactsChecksDigest: a file changed after its digest was
// taken is refused before any host boots.
func TestLoadStormArtifactsChecksDigest(t *testing.T) {
	f, err := stormRandomFile(filepath.Join(t.TempDir(), "vmlinuz"), 5000, 3)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f.Path, make([]byte, 5000), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := loadStormArtifacts([]stormFile{f}); err == nil || !strings.Contains(err.Error(), "want 5000 bytes") {
		t.Errorf("err %v, want a digest mismatch", err)
	}
}
