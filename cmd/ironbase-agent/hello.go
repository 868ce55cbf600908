package main

import (
	"fmt"
	"io"
	"os"

	"github.com/ironbase/ironbase/testsuite"
)

// Hello is what the agent will send first: who it is and what it sees.
type Hello struct {
	Boot      BootParams          `json:"boot"`
	Inventory testsuite.Inventory `json:"inventory"`
	// Incomplete lists what could not be read.
	Incomplete string `json:"incomplete,omitempty"`
}

// buildHello reads the boot parameters and the inventory from a root.
func buildHello(root string) (Hello, error) {
	inv, invErr := testsuite.ReadInventory(os.DirFS(root))
	h := Hello{Inventory: inv}
	if invErr != nil {
		h.Incomplete = invErr.Error()
	}
	params, err := parseCmdline(inv.Cmdline)
	h.Inventory.Cmdline = redactCmdline(inv.Cmdline)
	if err != nil {
		return h, usageErr(err)
	}
	h.Boot = params
	return h, nil
}

func runHello(args []string, stdout io.Writer) error {
	var root string
	fs := newFlags("hello", &root)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	h, err := buildHello(root)
	if err != nil {
		return err
	}
	return writeJSON(stdout, h)
}

func runInventory(args []string, stdout io.Writer) error {
	var root string
	fs := newFlags("inventory", &root)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	inv, err := testsuite.ReadInventory(os.DirFS(root))
	inv.Cmdline = redactCmdline(inv.Cmdline)
	if werr := writeJSON(stdout, inv); werr != nil {
		return werr
	}
	if err != nil {
		return fmt.Errorf("inventory incomplete: %w", err)
	}
	return nil
}
