package prereq

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// fakeTB records how a test would have ended. Skipf and Fatalf end the
// calling goroutine, as testing.T's do.
type fakeTB struct {
	testing.TB
	skipped, failed bool
	msg             string
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Skipf(format string, args ...any) {
	f.skipped, f.msg = true, fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.failed, f.msg = true, fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// run calls check with a fake TB on its own goroutine and reports how it
// ended and whether it returned.
func run(check func(testing.TB)) (f *fakeTB, returned bool) {
	f = &fakeTB{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		check(f)
		returned = true
	}()
	<-done
	return f, returned
}

func TestMissingSkipsOrFailsUnderCI(t *testing.T) {
	noSuch := filepath.Join(t.TempDir(), "no-such-file")
	checks := map[string]struct {
		check func(testing.TB)
		want  string
	}{
		"need": {func(tb testing.TB) { Need(tb, false, "a unicorn") }, "a unicorn"},
		"tool": {func(tb testing.TB) { Tool(tb, "ironbase-no-such-tool", "unicorn-tools") },
			"ironbase-no-such-tool not in PATH (Debian package unicorn-tools)"},
		"file": {func(tb testing.TB) { File(tb, noSuch, "unicorn-data") }, noSuch + " does not exist (Debian package unicorn-data)"},
	}
	for _, ci := range []string{"", "false", "true"} {
		for name, c := range checks {
			t.Run(name+"/CI="+ci, func(t *testing.T) {
				t.Setenv("CI", ci)
				f, returned := run(c.check)
				if returned || f.failed != (ci == "true") || f.skipped == (ci == "true") {
					t.Fatalf("returned %v, skipped %v, failed %v; want a failure only when CI=true", returned, f.skipped, f.failed)
				}
				if !strings.Contains(f.msg, c.want) {
					t.Errorf("message %q does not say %q", f.msg, c.want)
				}
			})
		}
	}
}

func TestPresentPasses(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("CI", "true")
	t.Setenv("PATH", filepath.Dir(self))
	var path string
	f, returned := run(func(tb testing.TB) {
		Need(tb, true, "nothing")
		path = Tool(tb, filepath.Base(self), "none")
		File(tb, self, "none")
	})
	if !returned || f.failed || f.skipped || path != self {
		t.Errorf("returned %v, skipped %v, failed %v (%s), path %q; want %q and no stop", returned, f.skipped, f.failed, f.msg, path, self)
	}
}

func TestRoot(t *testing.T) {
	t.Setenv("CI", "true")
	f, returned := run(Root)
	if root := os.Geteuid() == 0; returned != root || f.failed == root {
		t.Errorf("euid %d: returned %v, failed %v (%s)", os.Geteuid(), returned, f.failed, f.msg)
	}
}
