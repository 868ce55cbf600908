package main

import (
	"bytes"
	"errors"
)

// statFields are the parts of /proc/PID/stat the sampler keeps. stat
// already carries vsize and rss (the same numbers as statm's size and
// resident), so statm is not read: one file per process per sample.
type statFields struct {
	comm         []byte // aliases the read buffer
	utime, stime uint64 // clock ticks
	start        uint64 // clock ticks after boot
	vsizeBytes   uint64
	rssPages     uint64
}

var errStat = errors.New("malformed /proc/PID/stat")

// parseStat parses "pid (comm) state ppid …" without allocating. The comm
// may hold blanks and parentheses, so it ends at the last ')'.
func parseStat(b []byte) (statFields, error) {
	var f statFields
	open, end := bytes.IndexByte(b, '('), bytes.LastIndexByte(b, ')')
	if open < 0 || end < open {
		return f, errStat
	}
	f.comm = b[open+1 : end]
	// After ") " the tokens are fields 3, 4, …; we want 14, 15, 22, 23, 24.
	want := [...]struct {
		field int
		dst   *uint64
	}{{14, &f.utime}, {15, &f.stime}, {22, &f.start}, {23, &f.vsizeBytes}, {24, &f.rssPages}}
	rest, field, w := b[end+1:], 2, 0
	for w < len(want) {
		rest = bytes.TrimLeft(rest, " ")
		if len(rest) == 0 {
			return f, errStat
		}
		tok := rest
		if i := bytes.IndexByte(rest, ' '); i >= 0 {
			tok, rest = rest[:i], rest[i:]
		} else {
			rest = nil
		}
		field++
		if field == want[w].field {
			*want[w].dst = atou(tok)
			w++
		}
	}
	return f, nil
}

// atou parses a decimal; negative or junk reads as 0 (rss can be -1 on
// exotic kernels, never worth failing a sample for).
func atou(b []byte) uint64 {
	var v uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0
		}
		v = v*10 + uint64(c-'0')
	}
	return v
}
