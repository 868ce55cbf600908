package lab

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"time"
)

// ConsoleSize is the current length of the host's console log: pass it to
// WaitConsole to wait for output written after now.
func (l *Lab) ConsoleSize(host string) int64 {
	h := l.byName[host]
	if h == nil {
		return 0
	}
	st, err := os.Stat(h.Console)
	if err != nil {
		return 0
	}
	return st.Size()
}

// WaitConsole polls the host's console log from offset until a line
// contains substr and returns that line. When ctx ends first, the error
// has the console's last lines.
func (l *Lab) WaitConsole(ctx context.Context, host string, from int64, substr string) (string, error) {
	h, err := l.host(host)
	if err != nil {
		return "", err
	}
	var line string
	err = poll(ctx, 200*time.Millisecond, func() (bool, error) {
		b, _ := os.ReadFile(h.Console)
		if int64(len(b)) < from {
			return false, nil
		}
		i := bytes.Index(b[from:], []byte(substr))
		if i < 0 {
			return false, nil
		}
		line = lineAt(b, int(from)+i)
		return true, nil
	})
	if err != nil {
		return "", fmt.Errorf("lab: host %s: no %q on the console: %w; last lines:\n%s", host, substr, err, TailFile(h.Console, 15))
	}
	return line, nil
}

// lineAt is the line of b holding offset i.
func lineAt(b []byte, i int) string {
	start := bytes.LastIndexByte(b[:i], '\n') + 1
	end := bytes.IndexByte(b[i:], '\n')
	if end < 0 {
		end = len(b) - i
	}
	return string(bytes.TrimRight(b[start:i+end], "\r"))
}

// TailFile returns the last n lines of a file ("" if it cannot be read):
// for error messages that quote a log or a console.
func TailFile(path string, n int) string {
	b, _ := os.ReadFile(path)
	lines := bytes.Split(bytes.TrimRight(b, "\r\n"), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return string(bytes.Join(lines, []byte("\n")))
}

// poll calls cond every interval until it reports done or an error, or
// ctx ends (the deadline lives in ctx).
func poll(ctx context.Context, interval time.Duration, cond func() (bool, error)) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		done, err := cond()
		if done || err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}
