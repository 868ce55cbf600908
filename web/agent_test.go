package web

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/imaging"
	"github.com/ironbase/ironbase/testsuite/usage"
)

const agentChecks = `{"checks": [{"name": "kernel", "kernel_release": {"prefix": "6."}}, {"cpu_count": {"min": 1}}]}`

// agentFixture is a server with a real catalog and image store, a pool
// "lab" and hosts h1, h2 each booted once from slot A.
type agentFixture struct {
	fixture
	blobs  *imaging.Store
	checks imaging.Digest    // the image's checks blob, if any
	tokens map[string]string // host → current boot token
}

func newAgentFixture(t *testing.T, checks string) agentFixture {
	t.Helper()
	f := agentFixture{fixture: newFixture(t), tokens: map[string]string{}}
	blobs, err := imaging.OpenStore(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	f.blobs = blobs
	f.srv.Close()
	f.srv = httptest.NewServer(New(Config{Catalog: f.store, Logger: testLogger(t), Blobs: blobs}))
	t.Cleanup(f.srv.Close)
	ctx := context.Background()
	arts := []catalog.Artifact{{Role: "kernel", Digest: imaging.DigestOf([]byte("k")).String(), Size: 1},
		{Role: "initrd", Digest: imaging.DigestOf([]byte("i")).String(), Size: 1}}
	if checks != "" {
		b, err := blobs.Ingest(ctx, strings.NewReader(checks), "")
		if err != nil {
			t.Fatal(err)
		}
		f.checks = b.Digest
		arts = append(arts, catalog.Artifact{Role: "checks", Digest: b.Digest.String(), Size: b.Size})
	}
	must(f.store.CreatePool(ctx, catalog.Pool{Name: "lab", Heartbeat: catalog.Duration(30 * time.Second)}, "t"))(t)
	im := must(f.store.CreateImage(ctx, catalog.NewImage{Digest: imaging.DigestOf([]byte("image")).String(),
		Name: "deb12", Arch: "x86_64", Manifest: []byte(`{}`), Artifacts: arts}, "t"))(t)
	for i, h := range []string{"h1", "h2"} {
		must(f.store.CreateHost(ctx, catalog.NewHost{Name: h, Pool: "lab",
			MACs: []string{"52:54:00:00:01:0" + string(rune('1'+i))}}, "t"))(t)
		if err := f.store.SetSlot(ctx, h, "A", im.Digest, "", "t"); err != nil {
			t.Fatal(err)
		}
		f.tokens[h] = must(f.store.StartBoot(ctx, h, "A"))(t).Token
	}
	return f
}

// must is must(f())(t): f's value, or the test fails on its error.
func must[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// send calls an agent endpoint with a boot token and extra headers
// (name, value pairs).
func (f agentFixture) send(t *testing.T, method, path, token string, body []byte, hdr ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, f.srv.URL+path, bytes.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	return resp.StatusCode, b.String()
}

func (f agentFixture) sampleCount(t *testing.T, host string) int {
	t.Helper()
	return len(must(f.store.HostSamples(context.Background(), host))(t))
}

func segment(t *testing.T) []byte {
	t.Helper()
	enc := usage.NewEncoder(usage.Config{})
	for i := range 3 {
		enc.Add(&usage.Sample{Time: time.Unix(1000+int64(i), 0), MemAvailableKiB: 1 << 20,
			Procs: []usage.Proc{{PID: 1, Comm: "init", RSSKiB: 4096}}})
	}
	return enc.Cut()
}

const goodReport = `{"kernel": "6.1.0-18-amd64", "report": {"status": "fail", "class": "base", "reason": "kernel: no",
	"started": "2026-01-01T00:00:00Z", "finished": "2026-01-01T00:00:01Z", "passed": 1, "failed": 1, "errored": 0,
	"results": [
	 {"name": "kernel", "kind": "kernel_release", "status": "fail", "class": "base", "expected": "prefix 6.", "observed": "5.10", "message": "kernel 5.10 does not start with 6.", "started": "2026-01-01T00:00:00Z", "duration_ms": 1},
	 {"name": "cpu_count", "kind": "cpu_count", "status": "pass", "expected": "≥ 1", "observed": "16", "started": "2026-01-01T00:00:00Z", "duration_ms": 0}]}}`

func TestAgentProtocolHappyPath(t *testing.T) {
	f := newAgentFixture(t, agentChecks)
	tok := f.tokens["h1"]
	code, body := f.send(t, "POST", "/agent/v1/hello", tok, []byte(`{"boot": {"host": "h1"}, "inventory": {"cpus": 16}}`), hostHeader, "h1")
	var order catalog.AgentOrder
	if code != 200 || json.Unmarshal([]byte(body), &order) != nil || order.Heartbeat.Std() != 10*time.Second {
		t.Fatalf("hello = %d %s; want 200 and a 10s heartbeat (a third of the pool's 30s)", code, body)
	}
	code, body = f.send(t, "GET", "/agent/v1/suite", tok, nil)
	if code != 200 || !strings.Contains(body, `"name": "kernel"`) || !strings.Contains(body, `"cpu_count"`) {
		t.Fatalf("suite = %d %s", code, body)
	}
	if code, body = f.send(t, "POST", "/agent/v1/suite", tok, []byte(goodReport)); code != 204 {
		t.Fatalf("report = %d %s", code, body)
	}
	if code, body = f.send(t, "POST", "/agent/v1/heartbeat", tok, nil); code != 200 || !strings.Contains(body, `"heartbeat": "10s"`) {
		t.Fatalf("heartbeat = %d %s", code, body)
	}
	if code, body = f.send(t, "POST", "/agent/v1/samples", tok, segment(t), "Content-Type", "application/octet-stream"); code != 204 {
		t.Fatalf("samples = %d %s", code, body)
	}
	if n := f.sampleCount(t, "h1"); n != 1 {
		t.Errorf("stored %d sample chunks, want 1", n)
	}
	evs := must(f.store.ListEvents(context.Background(), catalog.EventFilter{Host: "h1", Kind: "suite.result"}))(t)
	if len(evs) != 1 || !strings.Contains(string(evs[0].Data), `"result":"fail"`) || !strings.Contains(string(evs[0].Data), "6.1.0-18") {
		t.Errorf("suite.result events %+v", evs)
	}
}

// TestAgentRefusesOtherBoots: invariant 3. A stale token (the host booted
// again since), a token of another host, a made-up token and none at all
// are refused with 401 on every endpoint, and nothing is written.
func TestAgentRefusesOtherBoots(t *testing.T) {
	f := newAgentFixture(t, agentChecks)
	stale := f.tokens["h1"]
	f.tokens["h1"] = must(f.store.StartBoot(context.Background(), "h1", "A"))(t).Token
	calls := []struct{ method, path, body string }{
		{"POST", "/agent/v1/hello", `{"inventory": {}}`},
		{"GET", "/agent/v1/suite", ""},
		{"POST", "/agent/v1/suite", goodReport},
		{"POST", "/agent/v1/heartbeat", ""},
		{"POST", "/agent/v1/samples", string(segment(t))},
	}
	creds := []struct {
		name, token, host string
	}{
		{"stale boot", stale, ""},
		{"stale boot of the same host", stale, "h1"},
		{"another host's token", f.tokens["h2"], "h1"},
		{"made-up token", "not-a-token-at-all", ""},
		{"no token", "", ""},
	}
	for _, cr := range creds {
		for _, c := range calls {
			t.Run(cr.name+" "+c.method+" "+c.path, func(t *testing.T) {
				before := f.eventCount(t)
				var hdr []string
				if cr.host != "" {
					hdr = []string{hostHeader, cr.host}
				}
				code, body := f.send(t, c.method, c.path, cr.token, []byte(c.body), hdr...)
				if code != 401 || errorKind(t, body) != "unauthenticated" {
					t.Fatalf("got %d %s, want 401 unauthenticated", code, body)
				}
				if f.eventCount(t) != before || f.sampleCount(t, "h1")+f.sampleCount(t, "h2") != 0 {
					t.Error("a refused request wrote something")
				}
			})
		}
	}
}

func TestAgentBadInputWritesNothing(t *testing.T) {
	f := newAgentFixture(t, agentChecks)
	tok := f.tokens["h1"]
	report := func(old, new string) string { return strings.Replace(goodReport, old, new, 1) }
	big := func(n int) string { return `{"x": "` + strings.Repeat("a", n) + `"}` }
	oct := []string{"Content-Type", "application/octet-stream"}
	cases := []struct {
		name, path, body string
		hdr              []string
		code             int
	}{
		{"hello malformed", "/agent/v1/hello", `{"boot":`, nil, 400},
		{"hello not an object", "/agent/v1/hello", `[1, 2]`, nil, 400},
		{"hello null", "/agent/v1/hello", `null`, nil, 400},
		{"hello two objects", "/agent/v1/hello", `{}{}`, nil, 400},
		{"hello oversized", "/agent/v1/hello", big(300 << 10), nil, 413},
		{"report malformed", "/agent/v1/suite", `{"kernel": "6.1"`, nil, 400},
		{"report unknown field", "/agent/v1/suite", report(`"kernel"`, `"colour": "red", "kernel"`), nil, 400},
		{"report unknown result field", "/agent/v1/suite", report(`"kind": "cpu_count"`, `"kind": "cpu_count", "x": 1`), nil, 400},
		{"report without kernel", "/agent/v1/suite", report(`"6.1.0-18-amd64"`, `""`), nil, 400},
		{"report bad status", "/agent/v1/suite", report(`"status": "fail"`, `"status": "meh"`), nil, 400},
		{"report says pass with a failure", "/agent/v1/suite", report(`"status": "fail"`, `"status": "pass"`), nil, 400},
		{"report duplicate names", "/agent/v1/suite", report(`"name": "cpu_count"`, `"name": "kernel"`), nil, 400},
		{"report bad class", "/agent/v1/suite", report(`"class": "base", "expected"`, `"class": "cosmic", "expected"`), nil, 400},
		{"report oversized", "/agent/v1/suite", big(maxBody), nil, 413},
		{"heartbeat oversized", "/agent/v1/heartbeat", big(maxHeartbeatBody), nil, 413},
		{"samples garbage", "/agent/v1/samples", "IBU1 this is not a segment", oct, 400},
		{"samples no magic", "/agent/v1/samples", "hello", oct, 400},
		{"samples empty", "/agent/v1/samples", "", oct, 400},
		{"samples as JSON", "/agent/v1/samples", string(segment(t)), []string{"Content-Type", "application/json"}, 400},
		{"samples oversized", "/agent/v1/samples", "IBU1" + strings.Repeat("\x00", catalog.MaxSampleChunk), oct, 413},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := f.eventCount(t)
			code, body := f.send(t, "POST", tc.path, tok, []byte(tc.body), tc.hdr...)
			if code != tc.code {
				t.Fatalf("got %d %.300s, want %d", code, body, tc.code)
			}
			errorKind(t, body)
			if f.eventCount(t) != before || f.sampleCount(t, "h1") != 0 {
				t.Error("a refused request wrote something")
			}
		})
	}
}

func TestAgentSuiteWithoutChecksIsEmpty(t *testing.T) {
	f := newAgentFixture(t, "")
	code, body := f.send(t, "GET", "/agent/v1/suite", f.tokens["h1"], nil)
	if code != 200 || strings.Join(strings.Fields(body), "") != `{"version":1,"checks":[]}` {
		t.Fatalf("suite = %d %s, want an empty suite", code, body)
	}
	empty := `{"kernel": "6.1.0", "report": {"status": "pass", "started": "2026-01-01T00:00:00Z", "finished": "2026-01-01T00:00:00Z", "passed": 0, "failed": 0, "errored": 0, "results": []}}`
	if code, body := f.send(t, "POST", "/agent/v1/suite", f.tokens["h1"], []byte(empty)); code != 204 {
		t.Fatalf("empty report = %d %s", code, body)
	}
}

func TestAgentUnknownEndpointIsJSON404(t *testing.T) {
	f := newAgentFixture(t, "")
	code, body := f.send(t, "GET", "/agent/v1/nope", f.tokens["h1"], nil)
	if code != 404 || errorKind(t, body) != "not_found" {
		t.Fatalf("got %d %s", code, body)
	}
}

// TestAgentSuiteTrouble: a checks blob gone from the image store is the
// server's trouble (503: the agent retries); a checks file that does not
// parse is a conflict (409: the agent reports a suite error).
func TestAgentSuiteTrouble(t *testing.T) {
	f := newAgentFixture(t, agentChecks)
	if err := f.blobs.Remove(f.checks); err != nil {
		t.Fatal(err)
	}
	if code, body := f.send(t, "GET", "/agent/v1/suite", f.tokens["h1"], nil); code != 503 || errorKind(t, body) != "unavailable" {
		t.Errorf("missing checks blob: %d %s, want 503 unavailable", code, body)
	}
	f = newAgentFixture(t, `{"checks": [{"kernel_release": {}}]}`)
	if code, body := f.send(t, "GET", "/agent/v1/suite", f.tokens["h1"], nil); code != 409 || !strings.Contains(body, "image checks") {
		t.Errorf("invalid checks file: %d %s, want 409 naming the image checks", code, body)
	}
}
