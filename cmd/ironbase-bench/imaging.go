package main

import (
	"context"
	"errors"
	"io"
)

// runImaging is the imaging benchmark (not built yet).
func runImaging(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("the imaging benchmark is not built yet")
}
