package main

import (
	"context"
	"errors"
	"io"
)

// runPower is the power benchmark (not built yet).
func runPower(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("the power benchmark is not built yet")
}
