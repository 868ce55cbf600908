package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The raw read path returns whole files, grows the buffer for a large one,
// and reports a missing file as an error the sampler skips.
func TestProcRootReadsWholeFiles(t *testing.T) {
	dir := t.TempDir()
	big := bytes.Repeat([]byte("0123456789"), 1000) // larger than the sampler's 4 KiB buffer
	os.MkdirAll(filepath.Join(dir, "proc", "7"), 0o755)
	os.WriteFile(filepath.Join(dir, "proc", "7", "stat"), big, 0o644)
	root, err := newProcRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	s := newSampler(root, time.Now)
	got, err := s.readFile("proc/7/stat")
	if err != nil || !bytes.Equal(got, big) {
		t.Fatalf("readFile = %d bytes, %v; want the %d-byte file", len(got), err, len(big))
	}
	if _, err := s.readFile("proc/8/stat"); err == nil {
		t.Error("reading a missing file succeeded")
	}
}

// The sampler reads the real /proc through the raw path and finds this
// process with its name.
func TestProcRootSamplesThisHost(t *testing.T) {
	root, err := newProcRoot("/")
	if err != nil {
		t.Fatal(err)
	}
	smp, err := newSampler(root, time.Now).sample()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range smp.Procs {
		if int(p.PID) == os.Getpid() && p.RSSKiB > 0 {
			return
		}
	}
	t.Errorf("sample of %d processes does not include this test (pid %d) with its RSS", len(smp.Procs), os.Getpid())
}
