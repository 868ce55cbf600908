package main

import (
	"bytes"
	"context"
	"os"
	"sync"
	"time"

	"github.com/ironbase/ironbase/testsuite/lab/image"
)

// consoleMarks are the console lines whose first appearance is timed in
// both arms: iPXE's kernel download, the kernel's first line, the image's
// init, its userspace DHCP done, and the agent's start.
var consoleMarks = []struct{ name, text string }{
	{"kernel", "Linux version "},
	{"init", "ironbase-lab: init on "},
	{"up", image.MarkerUp},
	{"agent", image.MarkerAgent},
}

// consoleWatch polls a console log (every 100 ms, from offset from) and
// records when each mark first shows.
type consoleWatch struct {
	mu   sync.Mutex
	seen map[string]time.Time
	done chan struct{}
}

func watchConsole(ctx context.Context, path string, from int64) *consoleWatch {
	w := &consoleWatch{seen: map[string]time.Time{}, done: make(chan struct{})}
	go func() {
		defer close(w.done)
		for w.count() < len(consoleMarks) {
			b, _ := os.ReadFile(path)
			now := time.Now()
			w.mu.Lock()
			for _, m := range consoleMarks {
				if _, ok := w.seen[m.name]; !ok && int64(len(b)) > from && bytes.Contains(b[from:], []byte(m.text)) {
					w.seen[m.name] = now
				}
			}
			w.mu.Unlock()
			select {
			case <-ctx.Done():
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
	}()
	return w
}

func (w *consoleWatch) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.seen)
}

// phases are the marks seen, from t0, in console order.
func (w *consoleWatch) phases(t0 time.Time) []latencyPhase {
	w.mu.Lock()
	defer w.mu.Unlock()
	var ps []latencyPhase
	for _, m := range consoleMarks {
		if at, ok := w.seen[m.name]; ok {
			ps = append(ps, latencyPhase{name: m.name, at: at.Sub(t0)})
		}
	}
	return ps
}

// consoleSize is the console log's length now (0 when missing).
func consoleSize(path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return st.Size()
}
