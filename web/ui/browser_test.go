package ui

import (
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ironbase/ironbase/testsuite/lab/ipmisim"
	"github.com/ironbase/ironbase/testsuite/prereq"
)

// TestBrowser drives Debian's chromium (headless) through the UI of a
// real `ironbase serve` with an ipmi_sim BMC: log in, see hosts, watch the
// fleet change live, power-cycle a host and see its power state change
// without a reload, promote an image, check that a viewer has no buttons
// and that a forged POST is refused, and render a thousand hosts. Each
// page's screenshot goes to $UI_SCREENSHOTS (default: a temp dir, logged).
func TestBrowser(t *testing.T) {
	chrome := prereq.Tool(t, "chromium", "chromium")
	prereq.Tool(t, "ipmi_sim", "openipmi")
	sim, err := ipmisim.Start(context.Background(), ipmisim.Config{Dir: t.TempDir(), Password: "Ui-Sim-Pw-77"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sim.Kill)
	s := startServe(t)
	seedLab(t, s, sim.Addr())
	b := newChrome(t, chrome, s)
	b.sim = sim
	steps := []struct {
		name string
		fn   func(*testing.T, *chromeSession)
	}{
		{"login", testLogin},
		{"fleet updates live", testFleetLive},
		{"power cycle", testPowerCycle},
		{"promote", testPromote},
		{"reservations and events", testOtherPages},
		{"viewer", testViewer},
		{"thousand hosts", testThousandHosts},
	}
	for _, st := range steps {
		if !t.Run(st.name, func(t *testing.T) { st.fn(t, b) }) {
			t.Logf("server log:\n%s", tail(s.logs.String(), 4000))
			return
		}
	}
}

func seedLab(t *testing.T, s *served, bmc string) {
	s.api(t, s.admin, http.MethodPost, "/api/v1/pools", map[string]any{"name": "lab"}, nil)
	s.api(t, s.admin, http.MethodPost, "/api/v1/hosts", map[string]any{"name": "n1", "pool": "lab",
		"macs": []string{"52:54:00:00:00:01"}, "tags": map[string]string{"gpu": "nvidia", "note": `<script>alert("x")</script>`},
		"bmc": map[string]any{"address": bmc, "username": "admin", "password": "Ui-Sim-Pw-77", "cipher_suite": 3}}, nil)
	s.api(t, s.admin, http.MethodPost, "/api/v1/hosts", map[string]any{"name": "n2", "pool": "lab",
		"macs": []string{"52:54:00:00:00:02"}}, nil)
}

// chromeSession is one headless chromium tab on the served UI.
type chromeSession struct {
	ctx   context.Context
	s     *served
	sim   *ipmisim.Sim
	shots string
}

func newChrome(t *testing.T, chrome string, s *served) *chromeSession {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1366, 900))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	t.Cleanup(func() { cancelC(); cancelA() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	shots := os.Getenv("UI_SCREENSHOTS")
	if shots == "" {
		shots = filepath.Join(os.TempDir(), "ironbase-ui-screenshots")
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", shots)
	return &chromeSession{ctx: ctx, s: s, shots: shots}
}

// run runs steps with a bound, so a broken page fails instead of hanging.
func (c *chromeSession) run(t *testing.T, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		loc, _ := chromedp.Run(c.ctx, chromedp.Location())
		t.Fatalf("at %s: %v", loc, err)
	}
}

// eval evaluates a JavaScript expression (awaiting a promise) into T.
func eval[T any](t *testing.T, c *chromeSession, js string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

func (c *chromeSession) shot(t *testing.T, name string) {
	t.Helper()
	png, err := chromedp.Run(c.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(c.shots, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// go opens a page and waits for a selector on it.
func (c *chromeSession) open(t *testing.T, path, sel string) {
	t.Helper()
	c.run(t, chromedp.Navigate(c.s.url+path), chromedp.WaitVisible(chromedp.CSS(sel)))
}

// mark tags the current document; unmarked reports whether it was replaced.
func (c *chromeSession) mark(t *testing.T) {
	eval[int](t, c, `window.__ironbaseMark = 1`)
}

func (c *chromeSession) reloaded(t *testing.T) bool {
	return !eval[bool](t, c, `window.__ironbaseMark === 1`)
}

// waitText waits until the element's text contains want.
func (c *chromeSession) waitText(t *testing.T, sel, want string) {
	t.Helper()
	js := fmt.Sprintf(`(document.querySelector(%q)||{}).textContent?.includes(%q) || false`, sel, want)
	c.run(t, chromedp.Poll[chromedp.Void](js, chromedp.WithPollingInterval(100*time.Millisecond)))
}

func testLogin(t *testing.T, c *chromeSession) {
	c.open(t, "/", "#token")
	c.shot(t, "login")
	c.run(t, chromedp.SendKeys(chromedp.CSS("#token"), c.s.admin), chromedp.Click(chromedp.CSS("#login")),
		chromedp.WaitVisible(chromedp.CSS("#hosts")))
	c.waitText(t, "#host-n1", "enrolled")
	c.waitText(t, "#host-n1", "gpu=nvidia")
	c.waitText(t, "#host-n1", `<script>alert("x")</script>`) // shown as text, not run
	c.shot(t, "fleet")
}

func testFleetLive(t *testing.T, c *chromeSession) {
	c.open(t, "/", "#hosts")
	c.waitText(t, "#live", "live")
	c.mark(t)
	c.s.api(t, c.s.admin, http.MethodPost, "/api/v1/hosts/n2/maintenance", map[string]any{"on": true, "reason": "disk swap"}, nil)
	c.waitText(t, "#host-n2", "maintenance")
	c.waitText(t, "#host-n2", "disk swap")
	c.waitText(t, "#counts", "maintenance")
	if c.reloaded(t) {
		t.Error("the fleet page reloaded; want a live update")
	}
	c.shot(t, "fleet-live")
}

// testPowerCycle cycles n1 from its page. ipmi_sim's recording chassis
// usually carries out a cycle as "power off" alone, so the page must show
// on → off, then on again after "Power on" — all without a reload.
func testPowerCycle(t *testing.T, c *chromeSession) {
	c.s.api(t, c.s.admin, http.MethodPost, "/api/v1/hosts/n1/power", map[string]any{"action": "on"}, nil)
	c.open(t, "/hosts/n1", "#power-state")
	c.waitText(t, "#power-state", "on")
	c.waitText(t, "#live", "live")
	c.mark(t)
	c.run(t, chromedp.Click(chromedp.CSS(`button[value="cycle"]`)), chromedp.WaitVisible(chromedp.CSS("#confirm-ok")))
	c.shot(t, "host-confirm")
	c.run(t, chromedp.Click(chromedp.CSS("#confirm-ok")))
	c.waitText(t, "#result", "power cycle sent to n1")
	c.waitText(t, "#timeline", "power cycle ok")
	c.waitText(t, "#power-state", "off")
	c.run(t, chromedp.Click(chromedp.CSS(`button[value="on"]`)), chromedp.WaitVisible(chromedp.CSS("#confirm-ok")),
		chromedp.Click(chromedp.CSS("#confirm-ok")))
	c.waitText(t, "#power-state", "on")
	if c.reloaded(t) {
		t.Error("the host page reloaded; want the power state to change in place")
	}
	// Every power action of ironbase's sets the boot device first, in this
	// order: the API's "on", the cycle, the page's "on".
	want := "set boot pxe;set power 1;set boot pxe;set power 0;set boot pxe;set power 1"
	if calls := c.sim.Calls(); strings.Join(ironbaseCalls(calls), ";") != want {
		t.Errorf("BMC calls %q; want ironbase's to be %q (PXE set before the cycle and before power-on)", calls, want)
	}
	c.shot(t, "host")
}

// ironbaseCalls leaves out what ipmi_sim does of its own accord: after a
// cycle's "off" it sometimes powers back on by itself, under load, at a
// moment of its choosing (before or after ironbase's next call). Its
// "set power 1" has no boot device set just before it; ironbase's always
// has.
func ironbaseCalls(calls []string) []string {
	var out []string
	for i, call := range calls {
		if call == "set power 1" && (i == 0 || calls[i-1] != "set boot pxe") {
			continue
		}
		out = append(out, call)
	}
	return out
}

func testPromote(t *testing.T, c *chromeSession) {
	digest := c.s.importImage(t, "debian", "12.7")
	c.open(t, "/images", "#pools")
	c.waitText(t, "#pool-lab", "Known-good: none")
	c.open(t, "/images/"+digest, "#promote")
	c.run(t, chromedp.Click(chromedp.CSS("#promote-force")), chromedp.Click(chromedp.CSS("#promote")),
		chromedp.WaitVisible(chromedp.CSS("#confirm-ok")), chromedp.Click(chromedp.CSS("#confirm-ok")))
	c.waitText(t, "#result", "known-good is now "+shortDigest(digest))
	c.waitText(t, "#promoted-in", "lab")
	c.waitText(t, "#summary", "promoted")
	c.shot(t, "image")
	c.open(t, "/images", "#pools")
	c.waitText(t, "#pool-lab", shortDigest(digest))
	c.waitText(t, "#pool-lab", "forced, no evidence")
	c.shot(t, "images")
}

func testOtherPages(t *testing.T, c *chromeSession) {
	c.open(t, "/reservations", "#active")
	c.shot(t, "reservations")
	c.open(t, "/events", "#events")
	c.mark(t)
	c.s.api(t, c.s.admin, http.MethodPost, "/api/v1/hosts/n2/maintenance", map[string]any{"on": false}, nil)
	c.waitText(t, "#events tbody", "maintenance → provisioning")
	if c.reloaded(t) {
		t.Error("the events page reloaded; want new events added in place")
	}
	c.shot(t, "events")
}

func testViewer(t *testing.T, c *chromeSession) {
	var created struct{ Secret string }
	c.s.api(t, c.s.admin, http.MethodPost, "/api/v1/tokens", map[string]any{"name": "watcher", "role": "viewer"}, &created)
	c.run(t, chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.CSS("#token")),
		chromedp.SendKeys(chromedp.CSS("#token"), created.Secret), chromedp.Click(chromedp.CSS("#login")),
		chromedp.WaitVisible(chromedp.CSS("#hosts")))
	c.open(t, "/hosts/n1", "#power-state")
	if forms := eval[int](t, c, `document.querySelectorAll("main form.act, main button.danger").length`); forms != 0 {
		t.Errorf("a viewer sees %d action forms or buttons; want none", forms)
	}
	c.shot(t, "host-viewer")
	forge := `fetch("/hosts/n1/action", {method: "POST", headers: {"Content-Type": "application/x-www-form-urlencoded"},
		body: "do=cycle&confirm=yes&csrf=" + encodeURIComponent(document.querySelector('input[name=csrf]').value)}).then(r => r.status)`
	if status := eval[int](t, c, forge); status != http.StatusForbidden {
		t.Errorf("a viewer's POST with its own CSRF token: got %d, want 403", status)
	}
}

func testThousandHosts(t *testing.T, c *chromeSession) {
	c.s.addHosts(t, 1000)
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, Timeout: 60 * time.Second}
	resp, err := hc.PostForm(c.s.url+"/login", url.Values{"token": {c.s.admin}})
	if err != nil {
		t.Fatal(err)
	}
	status, body := readAll(t, resp)
	if rows := strings.Count(body, `<tr id="host-`); status != http.StatusOK || rows != 1002 {
		t.Fatalf("fleet page in one request: status %d, %d host rows; want 200 and 1002", status, rows)
	}
	c.open(t, "/", "#host-bulk0999")
	if rows := eval[int](t, c, `document.querySelectorAll("#hosts tbody tr").length`); rows != 1002 {
		t.Errorf("the browser shows %d rows, want 1002", rows)
	}
	c.open(t, "/?tag=rack%3Dr07", "#host-bulk0007")
	c.shot(t, "fleet-filtered")
}

func tail(s string, n int) string { return s[max(0, len(s)-n):] }
