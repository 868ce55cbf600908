package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// lab is a real `ironbase serve` on port 0 with a temp data dir, run
// in-process through the same run() main uses.
type lab struct {
	url, data string
	logs      *syncBuffer
	stop      func()
}

func startServe(t *testing.T) *lab {
	t.Helper()
	data := filepath.Join(t.TempDir(), "data")
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan net.Addr, 1)
	l := &lab{data: data, logs: &syncBuffer{}}
	done := make(chan error, 1)
	e := env{stdout: l.logs, stderr: l.logs, getenv: func(string) string { return "" }, ready: func(a net.Addr) { addr <- a }}
	go func() { done <- run(ctx, []string{"serve", "--data", data, "--http", "127.0.0.1:0"}, e) }()
	select {
	case a := <-addr:
		l.url = "http://" + a.String()
	case err := <-done:
		t.Fatalf("serve exited: %v\n%s", err, l.logs)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	l.stop = func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve returned %v on shutdown", err)
		}
	}
	t.Cleanup(func() {
		if ctx.Err() == nil {
			l.stop()
		}
	})
	return l
}

func (l *lab) adminToken(t *testing.T) string {
	b, err := os.ReadFile(filepath.Join(l.data, "admin.token"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// cli runs one client command against the lab with token tok and returns
// stdout, stderr and the exit code main would use.
func (l *lab) cli(t *testing.T, tok string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string {
		return map[string]string{"IRONBASE_SERVER": l.url, "IRONBASE_TOKEN": tok}[k]
	}
	err := run(context.Background(), args, env{stdout: &out, stderr: &errb, getenv: getenv})
	if err != nil {
		errb.WriteString("ironbase: " + err.Error() + "\n")
	}
	return out.String(), errb.String(), exitCode(err)
}
