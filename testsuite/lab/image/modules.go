package image

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Modules the lab image loads, in order. The NIC drivers come first so the
// no-NIC variant can leave them out.
var (
	nicModules  = []string{"virtio_pci", "virtio_net", "e1000"}
	ipmiModules = []string{"ipmi_msghandler", "ipmi_si", "ipmi_devintf"}
)

// moduleDeps runs busybox depmod over the extracted kernel tree (once) and
// returns modules.dep as module path → dependency paths.
func moduleDeps(ctx context.Context, busybox, root, release string) (map[string][]string, error) {
	dep := filepath.Join(root, "lib", "modules", release, "modules.dep")
	if _, err := os.Stat(dep); err != nil {
		if _, err := run(ctx, "", busybox, "depmod", "-b", root, release); err != nil {
			return nil, err
		}
	}
	b, err := os.ReadFile(dep)
	if err != nil {
		return nil, fmt.Errorf("image: %w", err)
	}
	return parseModulesDep(b), nil
}

func parseModulesDep(b []byte) map[string][]string {
	m := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		mod, deps, ok := strings.Cut(sc.Text(), ":")
		if ok {
			m[mod] = strings.Fields(deps)
		}
	}
	return m
}

// closure returns the module files needed to load names (each a module
// name such as virtio_net), dependencies included, sorted.
func closure(deps map[string][]string, names []string) ([]string, error) {
	byName := map[string]string{}
	for path := range deps {
		byName[modName(path)] = path
	}
	seen := map[string]bool{}
	var visit func(string)
	visit = func(path string) {
		if !seen[path] {
			seen[path] = true
			for _, d := range deps[path] {
				visit(d)
			}
		}
	}
	for _, n := range names {
		path, ok := byName[n]
		if !ok {
			return nil, fmt.Errorf("image: module %s is not in this kernel's modules.dep", n)
		}
		visit(path)
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	slices.Sort(out)
	return out, nil
}

// modName is the module name of a path such as kernel/drivers/net/virtio_net.ko.
func modName(path string) string {
	base := filepath.Base(path)
	base = base[:strings.Index(base+".ko", ".ko")]
	return strings.ReplaceAll(base, "-", "_")
}
