package image

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// pkg is one Debian package at one version.
type pkg struct{ name, version string }

func (p pkg) String() string { return p.name + "=" + p.version }

// candidate reads the version apt would install and its Depends field,
// from the local package lists (no network).
func candidate(ctx context.Context, name string) (pkg, string, error) {
	out, err := run(ctx, "", "apt-cache", "show", "--no-all-versions", name)
	if err != nil {
		return pkg{}, "", err
	}
	fields := controlFields(out)
	if fields["Version"] == "" {
		return pkg{}, "", fmt.Errorf("apt-cache show %s: no Version (run apt-get update?)", name)
	}
	return pkg{name, fields["Version"]}, fields["Depends"], nil
}

// controlFields parses the first stanza of Debian control data.
func controlFields(b []byte) map[string]string {
	m := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			break
		}
		if k, v, ok := strings.Cut(line, ": "); ok && !strings.HasPrefix(line, " ") {
			m[k] = strings.TrimSpace(v)
		}
	}
	return m
}

// kernelPackage resolves a meta package such as linux-image-amd64 to the
// versioned image package it depends on.
func kernelPackage(ctx context.Context, meta string) (pkg, error) {
	_, deps, err := candidate(ctx, meta)
	if err != nil {
		return pkg{}, err
	}
	for _, d := range strings.Split(deps, ",") {
		name, _, _ := strings.Cut(strings.TrimSpace(d), " ")
		if strings.HasPrefix(name, "linux-image-") {
			p, _, err := candidate(ctx, name)
			return p, err
		}
	}
	return pkg{}, fmt.Errorf("%s depends on no linux-image package (Depends: %s)", meta, deps)
}

// fetch downloads p into cache/debs/NAME/VERSION (once) and returns the
// .deb's path. A failed download is retried once after apt-get update,
// for package lists that went stale.
func fetch(ctx context.Context, cache string, p pkg) (string, error) {
	dir := filepath.Join(cache, "debs", p.name, strings.ReplaceAll(p.version, ":", "%3a"))
	if debs, _ := filepath.Glob(filepath.Join(dir, "*.deb")); len(debs) == 1 {
		return debs[0], nil
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", fmt.Errorf("image: %w", err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".download-")
	if err != nil {
		return "", fmt.Errorf("image: %w", err)
	}
	defer os.RemoveAll(tmp)
	if _, err := run(ctx, tmp, "apt-get", "download", "-q", p.String()); err != nil {
		if _, uerr := run(ctx, "", "apt-get", "update", "-q"); uerr != nil {
			return "", fmt.Errorf("%w (and apt-get update failed: %v)", err, uerr)
		}
		if _, err := run(ctx, tmp, "apt-get", "download", "-q", p.String()); err != nil {
			return "", err
		}
	}
	return publishDir(tmp, dir, "*.deb")
}

// publishDir renames a finished temp dir into place and returns the one
// file in it matching pattern.
func publishDir(tmp, dir, pattern string) (string, error) {
	os.RemoveAll(dir)
	if err := os.Rename(tmp, dir); err != nil {
		return "", fmt.Errorf("image: %w", err)
	}
	found, _ := filepath.Glob(filepath.Join(dir, pattern))
	if len(found) != 1 {
		return "", fmt.Errorf("image: want one %s in %s, found %d", pattern, dir, len(found))
	}
	return found[0], nil
}

// extract unpacks a .deb into cache/root/NAME_VERSION (once).
func extract(ctx context.Context, cache string, p pkg, deb string) (string, error) {
	dir := filepath.Join(cache, "root", p.name+"_"+strings.ReplaceAll(p.version, ":", "%3a"))
	if _, err := os.Stat(filepath.Join(dir, ".complete")); err == nil {
		return dir, nil
	}
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("image: %w", err)
	}
	if _, err := run(ctx, "", "dpkg-deb", "-x", deb, dir); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, ".complete"), nil, 0o644); err != nil {
		return "", fmt.Errorf("image: %w", err)
	}
	return dir, nil
}

// run runs a command and returns its standard output; the error carries
// the command line and its standard error.
func run(ctx context.Context, dir, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return out, fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}
