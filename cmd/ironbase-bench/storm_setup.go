package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
)

// stormFile is a file both servers serve, and what a host must receive.
type stormFile struct {
	Path   string `json:"path"`   // the simulator reads kernel and initrd from it to compare
	Digest string `json:"digest"` // sha256:HEX
	Size   int64  `json:"size"`
}

// stormFixture is everything prepared once: the catalog with the hosts
// enrolled and the image promoted, and the same bytes for the peer.
type stormFixture struct {
	macs                   []string
	first, kernel, initrd  stormFile
	ipxeDir, data, peerDir string
}

const stormPool = "storm"

// prepare writes the files, enrols the hosts through ironbase's API and
// CLI (a setup server on loopback, stopped afterwards) and lays out the
// peer's document root.
func (o *stormOptions) prepare(ctx context.Context, stderr io.Writer) (*stormFixture, error) {
	fx := &stormFixture{ipxeDir: filepath.Join(o.work, "ipxe"), data: filepath.Join(o.work, "data"),
		peerDir: filepath.Join(o.work, "peer")}
	for i := range o.hosts {
		fx.macs = append(fx.macs, stormMAC(i))
	}
	var err error
	if fx.first, err = stormCopyFile(o.firstStage, filepath.Join(fx.ipxeDir, "undionly.kpxe")); err != nil {
		return nil, err
	}
	files := filepath.Join(o.work, "files")
	if fx.kernel, err = stormRandomFile(filepath.Join(files, "vmlinuz"), int64(o.kernelMiB)<<20, 1); err != nil {
		return nil, err
	}
	if fx.initrd, err = stormRandomFile(filepath.Join(files, "initrd.img"), int64(o.initrdMiB)<<20, 2); err != nil {
		return nil, err
	}
	if err := o.enrol(ctx, fx, stderr); err != nil {
		return nil, err
	}
	return fx, fx.writePeerRoot()
}

// stormMAC is host i's MAC: locally administered, unique per index.
func stormMAC(i int) string {
	return fmt.Sprintf("02:1b:%02x:%02x:%02x:%02x", byte(i>>24), byte(i>>16), byte(i>>8), byte(i))
}

func stormHostName(i int) string { return fmt.Sprintf("storm-%05d", i) }

func stormRandomFile(path string, size int64, seed byte) (stormFile, error) {
	return stormWriteFile(path, io.LimitReader(rand.NewChaCha8([32]byte{seed}), size))
}

func stormCopyFile(src, dst string) (stormFile, error) {
	in, err := os.Open(src)
	if err != nil {
		return stormFile{}, err
	}
	defer in.Close()
	return stormWriteFile(dst, in)
}

// stormWriteFile writes r to path (world-readable: tftpd and nginx
// workers may not run as root) and returns its digest and size.
func stormWriteFile(path string, r io.Reader) (stormFile, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return stormFile{}, err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return stormFile{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), r)
	if err != nil {
		return stormFile{}, fmt.Errorf("write %s: %w", path, err)
	}
	return stormFile{Path: path, Digest: "sha256:" + hex.EncodeToString(h.Sum(nil)), Size: n}, f.Close()
}

// writePeerRoot lays out nginx's root: the artifacts under the same paths
// as ironbase's (hard links to the same files) and one static iPXE
// script, the same for every host, that boots them.
func (fx *stormFixture) writePeerRoot() error {
	root := filepath.Join(fx.peerDir, "root")
	art := filepath.Join(root, "boot", "artifacts")
	if err := os.MkdirAll(art, 0o755); err != nil {
		return err
	}
	for _, f := range []stormFile{fx.kernel, fx.initrd} {
		if err := os.Link(f.Path, filepath.Join(art, f.Digest)); err != nil {
			return err
		}
	}
	script := stormPeerScript("http://"+stormPeerHTTP, fx.kernel, fx.initrd)
	return os.WriteFile(filepath.Join(root, "boot.ipxe"), []byte(script), 0o644)
}

// stormPeerScript is the peer's one static iPXE script.
func stormPeerScript(base string, kernel, initrd stormFile) string {
	return fmt.Sprintf("#!ipxe\nkernel %s/boot/artifacts/%s initrd=initrd console=ttyS0\n"+
		"initrd --name initrd %s/boot/artifacts/%s\nboot\n", base, kernel.Digest, base, initrd.Digest)
}

// ironbaseCLI runs `ironbase GROUP VERB` against the setup server.
func (o *stormOptions) ironbaseCLI(ctx context.Context, server, token, group, verb string, rest ...string) error {
	args := append([]string{group, verb, "--server", server, "--token", token}, rest...)
	out, err := exec.CommandContext(ctx, o.ironbase, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("ironbase %s %s: %w\n%s", group, verb, err, out)
	}
	return nil
}
