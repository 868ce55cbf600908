package main

import (
	"io/fs"
	"sync"

	"golang.org/x/sys/unix"
)

// maxHeld bounds the stat descriptors held between samples; processes
// beyond it are read with open, read, close as before.
const maxHeld = 4096

// heldStats keeps each process's proc/PID/stat open between samples and
// re-reads it with pread at offset 0 (procfs generates the file afresh),
// which saves the openat, its path walk and the close per process per
// sample. A descriptor stays bound to its process, not its pid: once the
// process is gone the read fails with ESRCH — even if the pid was given to
// a new process — and the descriptor is dropped and the file opened afresh
// by name. Descriptors of processes no longer listed are closed at the end
// of each sample.
type heldStats struct {
	mu    sync.Mutex // the agent's root outlives a sampling run
	dirfd int
	limit int
	gen   uint32            // the current sample
	fds   map[string]heldFD // by pid, as proc lists it
	opens int               // files opened, for the tests
}

type heldFD struct {
	fd  int
	gen uint32 // the last sample that read it
}

func newHeldStats(dirfd, limit int) *heldStats {
	return &heldStats{dirfd: dirfd, limit: limit, fds: map[string]heldFD{}}
}

// heldLimit is maxHeld, or a quarter of the open-file limit when that is
// lower, so held descriptors never starve the agent's sockets.
func heldLimit() int {
	var rl unix.Rlimit
	if unix.Getrlimit(unix.RLIMIT_NOFILE, &rl) != nil {
		return 0
	}
	return int(min(maxHeld, rl.Cur/4))
}

// read reads proc/PID/stat into buf.
func (h *heldStats) read(pid string, buf []byte) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if f, ok := h.fds[pid]; ok {
		n, err := unix.Pread(f.fd, buf, 0)
		if err == nil {
			h.fds[pid] = heldFD{f.fd, h.gen}
			return n, fullErr(n, buf)
		}
		unix.Close(f.fd) // ESRCH: the process exited; the pid may be another's now
		delete(h.fds, pid)
	}
	return h.open(pid, buf)
}

// open opens, reads and (below the limit) keeps the file.
func (h *heldStats) open(pid string, buf []byte) (int, error) {
	name := "proc/" + pid + "/stat"
	fd, err := unix.Openat(h.dirfd, name, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return 0, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	h.opens++
	n, err := unix.Pread(fd, buf, 0)
	if err != nil || len(h.fds) >= h.limit {
		unix.Close(fd)
	} else {
		h.fds[pid] = heldFD{fd, h.gen}
	}
	if err != nil {
		return 0, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return n, fullErr(n, buf)
}

// sweep ends a sample: descriptors it did not read belong to processes
// that left proc, and are closed.
func (h *heldStats) sweep() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for pid, f := range h.fds {
		if f.gen != h.gen {
			unix.Close(f.fd)
			delete(h.fds, pid)
		}
	}
	h.gen++
}

func (h *heldStats) closeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for pid, f := range h.fds {
		unix.Close(f.fd)
		delete(h.fds, pid)
	}
}
