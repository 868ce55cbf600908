package main

import (
	"bufio"
	"fmt"
	"strings"
)

// ipxeBoot is what the simulator takes from an iPXE script: the kernel
// and initrd URLs and the kernel command line.
type ipxeBoot struct {
	Kernel, Initrd, Cmdline string
}

// parseIPXEScript reads the first kernel (or chain/imgexec) and initrd
// lines of an iPXE script. Options before the URL (--name x, --timeout n)
// are skipped; what follows the kernel URL is its command line.
func parseIPXEScript(script string) (ipxeBoot, error) {
	var b ipxeBoot
	sc := bufio.NewScanner(strings.NewReader(script))
	first := true
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if first && line != "#!ipxe" {
			return b, fmt.Errorf("not an iPXE script (first line %q)", line)
		}
		first = false
		f := strings.Fields(line)
		if len(f) < 2 || strings.HasPrefix(line, "#") {
			continue
		}
		url, rest := ipxeURLArg(f[1:])
		switch f[0] {
		case "kernel", "chain", "imgexec":
			if b.Kernel == "" && url != "" {
				b.Kernel, b.Cmdline = url, strings.Join(rest, " ")
			}
		case "initrd", "imgfetch", "module":
			if b.Initrd == "" && url != "" {
				b.Initrd = url
			}
		}
	}
	if b.Kernel == "" {
		return b, fmt.Errorf("no kernel line in the script:\n%s", script)
	}
	return b, sc.Err()
}

// ipxeURLArg skips iPXE image options ("--name x", "-n x", "--autofree")
// and returns the image URL and the words after it.
func ipxeURLArg(args []string) (string, []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--name" || a == "-n" || a == "--timeout" || a == "-t":
			i++
		case strings.HasPrefix(a, "-"):
		default:
			return a, args[i+1:]
		}
	}
	return "", nil
}

// cmdlineParams returns the key=value words of a kernel command line.
func cmdlineParams(cmdline string) map[string]string {
	m := map[string]string{}
	for _, w := range strings.Fields(cmdline) {
		if k, v, ok := strings.Cut(w, "="); ok {
			m[k] = v
		}
	}
	return m
}
