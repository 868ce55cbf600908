package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// killGrace is how long past curl's own --max-time we wait before killing
// it: curl should have given up by itself by then.
const killGrace = 10 * time.Second

// fetchError is a failed transfer. Failures with the same reason are
// counted together; detail is the rest.
type fetchError struct{ reason, detail string }

func (e *fetchError) Error() string { return e.reason + ": " + e.detail }

// fetch downloads sc.file from p with curl into /dev/null, within
// o.timeout, and checks the size curl reports. It returns curl's
// time_total, or a *fetchError.
func fetch(ctx context.Context, o tftpOptions, p *peer, sc scenario) (time.Duration, error) {
	url := fmt.Sprintf("tftp://%s/%s", p.addr, sc.file)
	r := runCurl(ctx, o, curlArgs(o, sc, url))
	var secs float64
	var size int64
	_, perr := fmt.Sscanf(strings.TrimSpace(string(r.out)), "%g %d", &secs, &size)
	switch {
	case errors.Is(r.err, exec.ErrWaitDelay) && perr == nil:
		// curl exited 0 and its output is complete; a concurrent fork
		// held the pipe open a little longer.
	case r.err != nil:
		detail := fmt.Sprintf("%s: %s; stdout %q, exit %v", url, firstLine(r.stderr), r.out, r.state)
		return 0, curlFailure(r.err, detail, size, r.killed)
	case perr != nil:
		return 0, &fetchError{"unreadable curl -w output", fmt.Sprintf("%s: %q: %v", url, r.out, perr)}
	case size != sc.size:
		return 0, &fetchError{"wrong size", fmt.Sprintf("%s: got %d bytes, want %d", url, size, sc.size)}
	}
	return time.Duration(secs * float64(time.Second)), nil
}

// curlRun is what one curl left behind.
type curlRun struct {
	out    []byte
	stderr string
	state  *os.ProcessState
	killed bool // still running killGrace after its own --max-time
	err    error
}

// runCurl runs curl and kills it if it is still running killGrace after
// its --max-time, counted from its own start: under load the forks of a
// 1,000-transfer round take many seconds.
func runCurl(ctx context.Context, o tftpOptions, args []string) curlRun {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := exec.CommandContext(ctx, o.curl, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = killGrace
	if err := cmd.Start(); err != nil {
		return curlRun{err: err}
	}
	var killed atomic.Bool
	t := time.AfterFunc(o.timeout+killGrace, func() { killed.Store(true); cancel() })
	err := cmd.Wait()
	t.Stop()
	return curlRun{stdout.Bytes(), stderr.String(), cmd.ProcessState, killed.Load(), err}
}

// curlArgs makes curl print its time and size and give up by itself
// after o.timeout. The limit also sets curl's TFTP retransmit interval
// (and the timeout option it asks for): every 5 s for limits up to 250 s,
// limit/50 above. Without a limit a stalled curl waits 72 s between ACKs
// for up to an hour, which is how the 1,000-transfer round used to hang.
func curlArgs(o tftpOptions, sc scenario, url string) []string {
	args := []string{"-sS", "-o", "/dev/null", "-w", "%{time_total} %{size_download}",
		"--max-time", strconv.FormatFloat(o.timeout.Seconds(), 'f', -1, 64)}
	if sc.blksize > 0 {
		args = append(args, "--tftp-blksize", strconv.Itoa(sc.blksize))
	}
	return append(args, url)
}

var digits = regexp.MustCompile(`[0-9]+`)

// curlFailure names why curl failed: killed by us (what it had received
// is then unknown), its exit code with whether any data had arrived, or
// no usable result at all (not started, output lost).
func curlFailure(err error, detail string, size int64, killed bool) error {
	if killed {
		return &fetchError{"killed: curl ran past --max-time + " + killGrace.String(), detail}
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() <= 0 {
		return &fetchError{"no result from curl: " + digits.ReplaceAllString(err.Error(), "N"), detail}
	}
	got := "nothing received"
	if size > 0 {
		got = "partial"
	}
	name, ok := curlExits[ee.ExitCode()]
	if !ok {
		name = "see curl(1)"
	}
	return &fetchError{fmt.Sprintf("curl exit %d (%s), %s", ee.ExitCode(), name, got), detail}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

// curlExits names the exit codes a TFTP transfer can end with (curl(1)).
var curlExits = map[int]string{
	7:  "could not connect",
	28: "timeout",
	55: "send failed",
	56: "receive failed",
	68: "TFTP error 1: file not found, or any abort by pin/tftp",
	69: "TFTP permission",
	71: "TFTP illegal operation",
	72: "TFTP unknown transfer ID",
}
