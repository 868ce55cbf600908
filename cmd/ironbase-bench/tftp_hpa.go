package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// hpaServer is in.tftpd in listen mode and the child it forks for each
// transfer, all in one process group.
type hpaServer struct{ cmd *exec.Cmd }

// startTFTPDHPA runs in.tftpd in the foreground, chrooted (--secure) to
// dir, and waits until it has bound addr.
func startTFTPDHPA(ctx context.Context, bin, dir, addr string, stderr io.Writer) (tftpServer, error) {
	cmd := exec.CommandContext(ctx, bin, "--listen", "--foreground", "--secure",
		"--user", "nobody", "--address", addr, dir)
	cmd.Stdout, cmd.Stderr = stderr, stderr
	// Its own process group, so that stop also ends the children, which
	// outlive the parent while they retransmit.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start tftpd-hpa (Debian package tftpd-hpa): %w", err)
	}
	s := &hpaServer{cmd}
	if err := waitBound(addr, 5*time.Second); err != nil {
		s.stop()
		return nil, fmt.Errorf("tftpd-hpa on %s: %w", addr, err)
	}
	return s, nil
}

// stop kills the whole process group and waits until it is gone (a child
// may still hold the listening socket).
func (s *hpaServer) stop() string {
	pgid := s.cmd.Process.Pid
	children := len(groupMembers(pgid)) - 1
	syscall.Kill(-pgid, syscall.SIGKILL)
	s.cmd.Wait()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		if len(groupMembers(pgid)) == 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Sprintf("killed %d children still serving", max(children, 0))
}

// groupMembers lists the live processes of process group pgid (zombies
// excluded: they have ended).
func groupMembers(pgid int) []int {
	paths, _ := filepath.Glob("/proc/[0-9]*/stat")
	var pids []int
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp ...; comm may hold spaces and ")".
		f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
		if len(f) < 3 || f[0] == "Z" || f[2] != strconv.Itoa(pgid) {
			continue
		}
		if pid, err := strconv.Atoi(filepath.Base(filepath.Dir(p))); err == nil {
			pids = append(pids, pid)
		}
	}
	return pids
}
