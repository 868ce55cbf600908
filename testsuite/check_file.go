package testsuite

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
)

// FileExists checks that a path exists on the host.
type FileExists struct {
	Path string `json:"path"`
}

// FileSHA256 checks a file's SHA-256 digest (64 hex digits, optionally
// prefixed "sha256:").
type FileSHA256 struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

func (f *FileExists) prepare() (probe, error) {
	name, err := rootName(f.Path)
	if err != nil {
		return probe{}, err
	}
	return probe{expected: f.Path + " exists", run: func(_ context.Context, env *Env) outcome {
		_, err := fs.Stat(env.Root, name)
		switch {
		case isNotExist(err):
			return failed(ClassBase, "absent", "%s does not exist", f.Path)
		case err != nil:
			return readFailed(f.Path, err)
		}
		return passed("exists")
	}}, nil
}

func (f *FileSHA256) prepare() (probe, error) {
	name, err := rootName(f.Path)
	if err != nil {
		return probe{}, err
	}
	want := strings.ToLower(strings.TrimPrefix(f.SHA256, "sha256:"))
	if b, err := hex.DecodeString(want); err != nil || len(b) != sha256.Size {
		return probe{}, fmt.Errorf("sha256 %q: want 64 hex digits", f.SHA256)
	}
	return probe{expected: "sha256:" + want, run: func(ctx context.Context, env *Env) outcome {
		got, err := hashFile(ctx, env.Root, name)
		switch {
		case isNotExist(err):
			return failed(ClassBase, "absent", "%s does not exist", f.Path)
		case err != nil:
			return readFailed(f.Path, err)
		case got != want:
			return failed(ClassBase, "sha256:"+got, "%s has sha256:%.12s…, want sha256:%.12s…", f.Path, got, want)
		}
		return passed("sha256:" + got)
	}}, nil
}

func hashFile(ctx context.Context, root fs.FS, name string) (string, error) {
	f, err := root.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, ctxReader{ctx, f}); err != nil {
		return "", fmt.Errorf("hash: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// ctxReader stops a long read when its context is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// rootName turns an absolute host path into a name in the root fs.FS.
func rootName(p string) (string, error) {
	if !strings.HasPrefix(p, "/") || len(p) > 4096 {
		return "", fmt.Errorf("path %q: want an absolute path", p)
	}
	name := strings.TrimPrefix(path.Clean(p), "/")
	if name == "" {
		name = "."
	}
	if !fs.ValidPath(name) {
		return "", errors.New("path: not a valid file name")
	}
	return name, nil
}
