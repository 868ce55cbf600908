package chassis

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
)

// Run answers one ipmi_sim request for the VM of dir: args are what
// ipmi_sim appends to the chassis_control command line.
func Run(ctx context.Context, dir string, args []string, stdout io.Writer) error {
	c, err := Load(dir)
	if err != nil {
		return err
	}
	if len(args) < 2 {
		return fmt.Errorf("chassis: want get PARAM... or set PARAM VALUE, got %q", args)
	}
	switch args[0] {
	case "get":
		return c.get(args[1:], stdout)
	case "set":
		if len(args) != 3 {
			return fmt.Errorf("chassis: want set PARAM VALUE, got %q", args)
		}
		return c.set(ctx, args[1], args[2])
	}
	return fmt.Errorf("chassis: unknown request %q", args)
}

func (c Config) get(params []string, w io.Writer) error {
	for _, p := range params {
		switch p {
		case "power":
			on := 0
			if _, ok := c.Running(); ok {
				on = 1
			}
			fmt.Fprintf(w, "power:%d\n", on)
		case "boot":
			fmt.Fprintf(w, "boot:%s\n", c.boot())
		}
	}
	return nil
}

func (c Config) set(ctx context.Context, param, value string) error {
	switch param {
	case "power":
		if value == "0" {
			return c.PowerOff(ctx)
		}
		return c.PowerOn(ctx)
	case "reset":
		return c.Reset(ctx)
	case "boot":
		return c.setBoot(value)
	case "shutdown":
		return c.Shutdown(ctx)
	}
	return nil // other parameters (identify, ...) are accepted and ignored
}

// boot is the boot device last set; pxe until one is.
func (c Config) boot() string {
	b, err := os.ReadFile(c.BootFile)
	if err != nil || len(b) == 0 {
		return "pxe"
	}
	return strings.TrimSpace(string(b))
}

func (c Config) setBoot(dev string) error {
	if err := os.WriteFile(c.BootFile, []byte(dev+"\n"), 0o644); err != nil {
		return fmt.Errorf("chassis: %w", err)
	}
	return nil
}
