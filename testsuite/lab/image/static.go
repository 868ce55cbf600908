package image

import (
	"debug/elf"
	"fmt"
)

// checkStatic refuses an agent binary that needs a dynamic loader: the
// initramfs has none, and its /init would loop on "not found" forever.
// Build the agent with CGO_ENABLED=0 (as `make build` does).
func checkStatic(path string) error {
	f, err := elf.Open(path)
	if err != nil {
		return fmt.Errorf("image: agent %s: %w", path, err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return fmt.Errorf("image: agent %s is dynamically linked; the lab image has no loader (build it with CGO_ENABLED=0)", path)
		}
	}
	return nil
}
