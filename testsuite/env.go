package testsuite

import (
	"context"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"time"
)

// Dialer opens TCP connections for reachable checks; *net.Dialer is one.
type Dialer interface {
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
}

// Commander runs a command for command checks. It must stop the command
// when ctx is done and then return ctx's error (wrapped is fine).
type Commander interface {
	Run(ctx context.Context, argv []string) (CommandOutput, error)
}

// CommandOutput is what a finished command left: its exit code (-1 if it
// was killed by a signal) and its combined, possibly truncated, output.
type CommandOutput struct {
	ExitCode int
	Output   []byte
}

// KernelLog returns the kernel log as it stands, one record per line; it
// must not wait for new records.
type KernelLog interface {
	ReadKernelLog(ctx context.Context) ([]byte, error)
}

// Env is the host as the checks see it. The zero value reads the live
// system through "/" (but see HostEnv for the kernel log).
type Env struct {
	// Root is the host's file tree; names have no leading slash.
	Root fs.FS
	// Now is the host's clock (default time.Now).
	Now func() time.Time
	// Reference returns trusted time (such as the server's) for
	// clock_sane; nil means none is known.
	Reference func(ctx context.Context) (time.Time, error)
	Dialer    Dialer    // default: a *net.Dialer
	Commander Commander // default: ExecCommander
	KernelLog KernelLog // default: Root's dev/kmsg, read as a regular file
}

// HostEnv is the Env for a live host whose root is at dir ("/" normally).
func HostEnv(dir string) *Env {
	return &Env{
		Root:      os.DirFS(dir),
		Now:       time.Now,
		Dialer:    &net.Dialer{},
		Commander: ExecCommander{},
		KernelLog: Kmsg{Path: filepath.Join(dir, "dev/kmsg")},
	}
}

// withDefaults returns a copy of e with every nil field set.
func (e *Env) withDefaults() *Env {
	c := Env{}
	if e != nil {
		c = *e
	}
	if c.Root == nil {
		c.Root = os.DirFS("/")
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Dialer == nil {
		c.Dialer = &net.Dialer{}
	}
	if c.Commander == nil {
		c.Commander = ExecCommander{}
	}
	if c.KernelLog == nil {
		c.KernelLog = FileLog{FS: c.Root, Name: "dev/kmsg"}
	}
	return &c
}
