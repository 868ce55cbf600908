//go:build !linux

package main

import (
	"io/fs"
	"os"
)

func newProcRoot(root string) (fs.FS, error) { return os.DirFS(root), nil }
