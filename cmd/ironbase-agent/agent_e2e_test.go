package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/imaging"
	"github.com/ironbase/ironbase/web"
)

// The end-to-end tests run the agent's loop against the real web handlers
// and a real catalog and image store, inside a synctest bubble: the
// agent's timers (heartbeats, backoff, the sampler) run on the bubble's
// clock, and the HTTP client reaches the handler through an in-memory
// transport, so every goroutine involved is in the bubble.

const e2eChecks = `{"checks": [{"name": "kernel", "kernel_release": {"prefix": "6."}}, {"cpu_count": {"min": 4}}]}`

type e2e struct {
	logs  *logBuf // everything the server and the agent logged
	store *catalog.Store
	tr    *memTransport
	root  string
	host  string
	token string
}

// newE2E sets up, in the calling bubble, a catalog with pool "lab" (30s
// heartbeat timeout: the agent beats every 10s), host gpu-01 booted from
// slot A on an image with checks, and a host root (the good fixture) whose
// /proc/cmdline carries that boot.
func newE2E(t *testing.T, root string) *e2e {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	sealer, err := catalog.LoadOrCreateKey(filepath.Join(dir, "key"))
	if err != nil {
		t.Fatal(err)
	}
	store, err := catalog.Open(ctx, catalog.Config{Path: filepath.Join(dir, "db"), Sealer: sealer})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	blobs, err := imaging.OpenStore(filepath.Join(dir, "blobs"), nil)
	if err != nil {
		t.Fatal(err)
	}
	checks, err := blobs.Ingest(ctx, strings.NewReader(e2eChecks), "")
	if err != nil {
		t.Fatal(err)
	}
	e := &e2e{store: store, root: root, host: "gpu-01", logs: &logBuf{}}
	e.tr = &memTransport{h: web.New(web.Config{Catalog: store, Blobs: blobs, Logger: e.log(t)})}
	e.ok(t, ignore(store.CreatePool(ctx, catalog.Pool{Name: "lab", Heartbeat: catalog.Duration(30 * time.Second)}, "t")))
	e.ok(t, ignore(store.CreateHost(ctx, catalog.NewHost{Name: e.host, Pool: "lab", MACs: []string{"52:54:00:00:00:01"}}, "t")))
	im, err := store.CreateImage(ctx, catalog.NewImage{Digest: imaging.DigestOf([]byte("image")).String(), Name: "deb12",
		Arch: "x86_64", Manifest: []byte(`{}`), Artifacts: []catalog.Artifact{
			{Role: "kernel", Digest: imaging.DigestOf([]byte("k")).String(), Size: 1},
			{Role: "initrd", Digest: imaging.DigestOf([]byte("i")).String(), Size: 1},
			{Role: "checks", Digest: checks.Digest.String(), Size: checks.Size}}}, "t")
	e.ok(t, err)
	e.ok(t, store.SetSlot(ctx, e.host, "A", im.Digest, "", "t"))
	e.boot(t)
	return e
}

// boot starts a new boot of the host and writes its cmdline to the root.
func (e *e2e) boot(t *testing.T) {
	t.Helper()
	tk, err := e.store.StartBoot(context.Background(), e.host, "A")
	e.ok(t, err)
	e.token = tk.Token
	line := "BOOT_IMAGE=/vmlinuz ro ironbase.server=http://ironbase.test:8080 ironbase.host=" + e.host +
		" ironbase.boot=" + tk.Token + " ironbase.slot=A ironbase.image=" + tk.Image + "\n"
	e.ok(t, os.WriteFile(filepath.Join(e.root, "proc/cmdline"), []byte(line), 0o644))
}

func (e *e2e) ok(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func ignore[T any](_ T, err error) error { return err }

// agent builds the agent as `run` does, with the in-memory transport, a
// fake power switch and the middle of every jitter range.
func (e *e2e) agent(t *testing.T, pw powerer) *agent {
	t.Helper()
	a, err := newAgent(e.root, agentConfig{}, e.log(t), &http.Client{Transport: e.tr, Timeout: requestTimeout})
	e.ok(t, err)
	a.power, a.rand = pw, func() float64 { return 0.5 }
	return a
}

// start runs the agent until the returned stop is called; stop returns
// what serve returned.
func start(a *agent) (stop func() error) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.serve(ctx) }()
	return func() error {
		cancel()
		return <-done
	}
}

func (e *e2e) events(t *testing.T, kind string) []catalog.Event {
	t.Helper()
	evs, err := e.store.ListEvents(context.Background(), catalog.EventFilter{Host: e.host, Kind: kind, Limit: 1000})
	e.ok(t, err)
	return evs
}

func (e *e2e) samples(t *testing.T) int {
	t.Helper()
	c, err := e.store.HostSamples(context.Background(), e.host)
	e.ok(t, err)
	return len(c)
}

func (e *e2e) move(t *testing.T, to catalog.HostState, command string) {
	t.Helper()
	_, err := e.store.TransitionHost(context.Background(), e.host, catalog.HostTransition{To: to, Command: command, Actor: "t"})
	e.ok(t, err)
}

// hostRoot copies the good fixture host (symlinks and all) to a temp dir.
func hostRoot(t *testing.T) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "root")
	if out, err := exec.Command("cp", "-a", good, dst).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
	return dst
}

func TestAgentEndToEnd(t *testing.T) {
	root := hostRoot(t)
	synctest.Test(t, func(t *testing.T) {
		e := newE2E(t, root)
		stop := start(e.agent(t, &fakePower{}))
		synctest.Wait()
		if n := len(e.events(t, "agent.hello")); n != 1 {
			t.Fatalf("%d hello events, want 1", n)
		}
		runs := e.events(t, "suite.result")
		if len(runs) != 1 || !strings.Contains(string(runs[0].Data), `"result":"pass"`) || !strings.Contains(string(runs[0].Data), "6.1.0-18-amd64") {
			t.Fatalf("suite results after hello: %+v", runs)
		}
		time.Sleep(25 * time.Second)
		synctest.Wait()
		if n := e.tr.count("/agent/v1/heartbeat"); n != 2 {
			t.Errorf("%d heartbeats in 25s, want 2 (every 10s)", n)
		}

		// The controller asks for a retest while verifying (which also
		// asks for samples): the agent runs it once.
		e.move(t, catalog.HostProvisioning, "")
		e.move(t, catalog.HostVerifying, "retest")
		time.Sleep(10 * time.Second)
		synctest.Wait()
		if n := len(e.events(t, "suite.result")); n != 2 {
			t.Errorf("%d suite results after a retest order, want 2", n)
		}
		time.Sleep(65 * time.Second) // more heartbeats carrying the same order; one upload period
		synctest.Wait()
		if n := len(e.events(t, "suite.result")); n != 2 {
			t.Errorf("%d suite results: the retest ran more than once", n)
		}
		if n := e.samples(t); n != 1 {
			t.Errorf("%d sample segments after 75s of sampling, want 1", n)
		}
		// Ready: no more sampling; the partial segment is uploaded.
		e.move(t, catalog.HostReady, "")
		time.Sleep(10 * time.Second)
		synctest.Wait()
		if n := e.samples(t); n != 2 {
			t.Errorf("%d sample segments after sampling stopped, want 2", n)
		}
		time.Sleep(2 * time.Minute)
		synctest.Wait()
		if n := e.samples(t); n != 2 {
			t.Errorf("%d sample segments: uploads went on after sampling stopped", n)
		}
		if err := stop(); err != nil {
			t.Errorf("agent stopped with %v, want nil", err)
		}
		if logs := e.logs.String(); strings.Contains(logs, e.token) || !strings.Contains(logs, "boot:gpu-01") {
			t.Error("the logs show the boot token, or lack the caller")
		}
	})
}

// TestAgentStaleBoot: once the host is booted again the server refuses the
// old token; the agent pauses, then exits with status 3.
func TestAgentStaleBoot(t *testing.T) {
	root := hostRoot(t)
	synctest.Test(t, func(t *testing.T) {
		e := newE2E(t, root)
		a := e.agent(t, &fakePower{})
		ctx := context.Background()
		done := make(chan error, 1)
		go func() { done <- a.serve(ctx) }()
		synctest.Wait()
		e.boot(t) // the host booted again: the agent's token is stale
		before := e.tr.count("")
		start := time.Now()
		err := <-done
		if exitCode(err) != 3 || !errors.Is(err, errStale) {
			t.Fatalf("agent returned %v (exit %d), want exit 3 for a stale boot", err, exitCode(err))
		}
		if waited := time.Since(start); waited < a.cfg.StaleWait {
			t.Errorf("exited after %v, want a pause of at least %v", waited, a.cfg.StaleWait)
		}
		if n := e.tr.count("") - before; n != 1 {
			t.Errorf("%d requests after the token went stale, want 1 (the refused heartbeat)", n)
		}
	})
}

// TestAgentHelloBacksOff: with the server down, hello is retried with
// capped exponential backoff; once it is up, the agent carries on.
func TestAgentHelloBacksOff(t *testing.T) {
	root := hostRoot(t)
	synctest.Test(t, func(t *testing.T) {
		e := newE2E(t, root)
		e.tr.setDown(true)
		stop := start(e.agent(t, &fakePower{}))
		time.Sleep(10 * time.Minute)
		synctest.Wait()
		at := e.tr.times("/agent/v1/hello")
		// With the jitter at mid-range, wait n is 3/4 of min(1s·2ⁿ, 1m).
		var want []time.Duration
		for d := time.Second; len(want) < len(at)-1; d = min(2*d, time.Minute) {
			want = append(want, d*3/4)
		}
		for i := 1; i < len(at); i++ {
			if got := at[i].Sub(at[i-1]); got != want[i-1] {
				t.Errorf("wait before hello %d: %v, want %v", i+1, got, want[i-1])
			}
		}
		if len(at) < 10 || len(at) > 20 {
			t.Errorf("%d hello attempts in 10 minutes, want 10-20", len(at))
		}
		if len(e.events(t, "agent.hello")) != 0 {
			t.Fatal("hello stored while the server was down")
		}
		e.tr.setDown(false)
		time.Sleep(time.Minute)
		synctest.Wait()
		if len(e.events(t, "agent.hello")) != 1 || len(e.events(t, "suite.result")) != 1 {
			t.Errorf("after the server came up: hello %d, suite results %d; want 1 and 1",
				len(e.events(t, "agent.hello")), len(e.events(t, "suite.result")))
		}
		if err := stop(); err != nil {
			t.Errorf("agent stopped with %v", err)
		}
	})
}

// memTransport serves requests with an http.Handler in the caller's
// goroutine, records them, and can play a server that is down.
type memTransport struct {
	h    http.Handler
	mu   sync.Mutex
	down bool
	log  []call
}

type call struct {
	path string
	at   time.Time
}

func (m *memTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	m.mu.Lock()
	m.log = append(m.log, call{r.URL.Path, time.Now()})
	down := m.down
	m.mu.Unlock()
	if down {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	}
	rec := httptest.NewRecorder()
	m.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}

func (m *memTransport) setDown(v bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.down = v
}

// times lists when requests for path ("" for any) were made.
func (m *memTransport) times(path string) []time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []time.Time
	for _, c := range m.log {
		if path == "" || c.path == path {
			out = append(out, c.at)
		}
	}
	return out
}

func (m *memTransport) count(path string) int { return len(m.times(path)) }

type fakePower struct {
	mu            sync.Mutex
	reboots, offs int
	err           error
}

func (f *fakePower) Reboot() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reboots++
	return f.err
}

func (f *fakePower) PowerOff() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.offs++
	return f.err
}

// log logs through t and into e.logs.
func (e *e2e) log(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(io.MultiWriter(tWriter{t}, e.logs), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

type logBuf struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
