package catalog

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/ironbase/ironbase/testsuite/prereq"
)

// fillDisk writes path until the filesystem is full.
func fillDisk(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 4096)
	for {
		if _, err := f.Write(buf); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("filling the disk: %v", err)
			}
			return
		}
	}
}

// A full disk makes concurrent writes fail with SQLite's "database or disk
// is full", and every write that was refused left nothing: each host whose
// creation returned success is there, each one refused is not. Once space
// is back, writes work again and the database is intact.
func TestWritesOnAFullDisk(t *testing.T) {
	dir := prereq.Tmpfs(t, "4m")
	ctx := context.Background()
	path := filepath.Join(dir, "catalog.db")
	s, err := Open(ctx, Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.CreatePool(ctx, Pool{Name: "lab"}, "test"); err != nil {
		t.Fatal(err)
	}
	fillDisk(t, filepath.Join(dir, "filler"))

	const n = 40
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = s.CreateHost(ctx, NewHost{Name: fmt.Sprintf("h%02d", i), Pool: "lab",
				MACs: []string{fmt.Sprintf("52:54:00:00:01:%02x", i)}}, "test")
		}()
	}
	wg.Wait()
	refused := 0
	for i, err := range errs {
		_, gerr := s.Host(ctx, fmt.Sprintf("h%02d", i))
		switch {
		case err == nil && gerr != nil:
			t.Errorf("h%02d: created, then not found: %v", i, gerr)
		case err != nil && gerr == nil:
			t.Errorf("h%02d: refused (%v), yet it exists", i, err)
		case err != nil:
			refused++
			if !IsKind(err, KindUnavailable) || !strings.Contains(err.Error(), "disk holding the catalog is full") {
				t.Errorf("h%02d: refused without saying the disk is full: %v", i, err)
			}
		}
	}
	if refused == 0 {
		t.Fatal("no write was refused on a full disk: the test did not fill it")
	}
	t.Logf("%d of %d writes refused on the full disk; e.g. %v", refused, n, firstErr(errs))

	if err := os.Remove(filepath.Join(dir, "filler")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateHost(ctx, NewHost{Name: "after", Pool: "lab", MACs: []string{"52:54:00:00:02:01"}}, "test"); err != nil {
		t.Fatalf("write after space came back: %v", err)
	}
	if v, err := s.IntegrityCheck(ctx); err != nil || v != "ok" {
		t.Fatalf("integrity check: %q, %v", v, err)
	}
}

func firstErr(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
