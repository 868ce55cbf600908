// Package testsuite is ironbase's acceptance suite: a declarative checks
// file attached to an image or a pool, a runner that evaluates it against a
// host, and the result types the agent uploads and the server stores.
//
// # Checks file
//
// JSON only (YAML would add a dependency for little: the files are short and
// machine-written as often as hand-written). The parser is strict: unknown
// fields, trailing data, a check with no kind or two kinds, a bad regexp, a
// malformed digest or address are refused at parse time with the check's
// index and name in the message. See ParseChecks and testdata/checks/.
//
//	{"version": 1, "timeout": "5m", "check_timeout": "30s",
//	 "checks": [
//	   {"name": "kernel", "kernel_release": {"prefix": "6.1."}},
//	   {"module_loaded": {"name": "nvidia"}},
//	   {"command": {"argv": ["nvidia-smi", "-L"], "output": "GPU 0"}, "timeout": "20s"}]}
//
// # Results and classes
//
// Every check yields a Result: pass, fail or error, the expected and observed
// values, a one-line message, and a Class when it did not pass: base (the
// image or host is wrong), infra (network, timeout, server) or check (the
// definition is broken or cannot run here). A Report rolls them up; its
// Class is the most telling one present, base before check before infra.
//
// # How the host is read
//
// Everything goes through an Env: Root is the host's file tree as an fs.FS
// (paths without the leading slash: "proc/modules"), so tests point it at
// fixture trees under testdata/hosts. Time, the clock reference, the TCP
// dialer, the command runner and the kernel log are injected too.
//
// The kernel log: the agent reads /dev/kmsg opened O_NONBLOCK and stops at
// EAGAIN (Kmsg), so a read never waits for new messages; records are
// "prio,seq,usec,flags;text" and only the text is matched. Without an
// injected KernelLog the runner reads Root's dev/kmsg as a regular file (a
// fixture) and refuses a device there rather than block.
//
// Commands run on the live system (not under Root) through a Commander.
package testsuite
