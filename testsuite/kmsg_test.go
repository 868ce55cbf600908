//go:build unix

package testsuite

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestKmsgDoesNotBlock reads a FIFO that has a writer but no more data:
// a blocking read would hang; Kmsg stops at EAGAIN.
func TestKmsgDoesNotBlock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kmsg")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatalf("mkfifo: %v", err) // always possible in a temp dir on Linux
	}
	w, err := os.OpenFile(path, os.O_RDWR, 0) // keeps a writer open
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.WriteString("6,1,0,-;hello\n4,2,5,-;BUG: oops\n"); err != nil {
		t.Fatal(err)
	}
	got, err := Kmsg{Path: path}.ReadKernelLog(context.Background())
	if err != nil || string(got) != "6,1,0,-;hello\n4,2,5,-;BUG: oops\n" {
		t.Errorf("got %q, %v", got, err)
	}
}

func TestKmsgText(t *testing.T) {
	for in, want := range map[string]string{
		"6,1,0,-;hello; world":             "hello; world",
		"[    0.1] BUG: x; y":              "[    0.1] BUG: x; y",
		" SUBSYSTEM=pci":                   " SUBSYSTEM=pci",
		"plain line":                       "plain line",
		"12,345,6789,c;Call Trace: <TASK>": "Call Trace: <TASK>",
	} {
		if got := kmsgText(in); got != want {
			t.Errorf("kmsgText(%q) = %q, want %q", in, got, want)
		}
	}
}
