package main

import (
	"context"
	"errors"
	"io"
)

// runDHCP is the dhcp benchmark (not built yet).
func runDHCP(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("the dhcp benchmark is not built yet")
}
