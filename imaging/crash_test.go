package imaging

import (
	"bufio"
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestCrashDuringIngest SIGKILLs a real child process that is ingesting at
// random points. After every kill nothing partial is visible under blobs/
// (every file there is a blob that verifies), every ingest the child
// reported done is there, and GC removes every leftover.
func TestCrashDuringIngest(t *testing.T) {
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	root := t.TempDir()
	done := map[Digest]bool{}
	for round := range 8 {
		killAfter := 1 + rng.IntN(120)
		for _, d := range runAndKill(t, root, rng.Uint64(), killAfter) {
			done[d] = true
		}
		checkNothingPartial(t, root, done)
		t.Logf("round %d: killed after %d lines; %d ingests done so far, %d temp leftovers", round, killAfter, len(done), len(files(t, filepath.Join(root, tempDir))))
	}
	s, err := OpenStore(root, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.GC(context.Background(), done, GCOptions{}); err != nil {
		t.Fatalf("GC: %v", err)
	}
	assertNoTemp(t, s)
	checkNothingPartial(t, root, done)
}

// runAndKill starts the child on root, SIGKILLs it after it printed
// killAfter lines and returns the digests it reported done.
func runAndKill(t *testing.T, root string, seed uint64, killAfter int) []Digest {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+root, crashSeedEnv+"="+strconv.FormatUint(seed, 10))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start child: %v", err)
	}
	var reported []Digest
	sc := bufio.NewScanner(out)
	for lines := 0; lines < killAfter && sc.Scan(); lines++ {
		if d, ok := strings.CutPrefix(sc.Text(), "done "); ok {
			reported = append(reported, Digest(d))
		}
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatalf("kill child: %v", err)
	}
	if err := cmd.Wait(); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("child ended with %v before it was killed", err)
	}
	return reported
}

func checkNothingPartial(t *testing.T, root string, done map[Digest]bool) {
	t.Helper()
	s, err := OpenStore(root, nil)
	if err != nil {
		t.Fatal(err)
	}
	list, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(files(t, s.algoPath())); n != len(list) {
		t.Fatalf("%d files under blobs/ but %d blobs: something partial or stray is visible", n, len(list))
	}
	bad, err := s.VerifyAll(context.Background())
	if err != nil || len(bad) != 0 {
		t.Fatalf("VerifyAll after a crash = %+v, %v; want no bad blob", bad, err)
	}
	for d := range done {
		if !s.Has(d) {
			t.Fatalf("blob %s was reported done but is not visible", d.Short())
		}
	}
}
