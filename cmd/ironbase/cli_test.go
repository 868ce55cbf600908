package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ironbase/ironbase/web"
)

func TestServeFirstStart(t *testing.T) {
	l := startServe(t)
	fi, err := os.Stat(filepath.Join(l.data, "admin.token"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("admin.token: %v mode %v, want 0600", err, fi.Mode().Perm())
	}
	if strings.Contains(l.logs.String(), l.adminToken(t)) {
		t.Fatal("the admin token secret is in the server log")
	}
	l.stop()
	if !strings.Contains(l.logs.String(), `"msg":"shutting down"`) {
		t.Errorf("no graceful shutdown logged:\n%s", l.logs)
	}
}

func TestCLIEnrolAndList(t *testing.T) {
	l := startServe(t)
	tok := l.adminToken(t)
	const pw = "Zq-BMC-secret-0042"
	pwFile := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(pwFile, []byte(pw+"\n"), 0o600)
	steps := [][]string{
		{"pool", "add", "lab"},
		{"host", "add", "node1", "--mac", "52:54:00:00:00:01", "--mac", "52:54:00:00:00:02", "--bmc", "127.0.0.1:9001",
			"--bmc-user", "admin", "--bmc-password-file", pwFile, "--pool", "lab", "--tag", "gpu=nvidia", "--firmware", "uefi"},
		{"host", "maintenance", "node1", "--reason", "cabling"},
	}
	for _, args := range steps {
		if out, errs, code := l.cli(t, tok, args...); code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", args, code, out, errs)
		}
	}
	out, _, _ := l.cli(t, tok, "host", "list", "-o", "json")
	var hl web.HostList
	if err := json.Unmarshal([]byte(out), &hl); err != nil || len(hl.Hosts) != 1 || hl.Hosts[0].State.String() != "maintenance" {
		t.Fatalf("host list -o json = %s (%v)", out, err)
	}
	show, _, _ := l.cli(t, tok, "host", "show", "node1")
	showJSON, _, _ := l.cli(t, tok, "host", "show", "node1", "-o", "json")
	events, _, _ := l.cli(t, tok, "events", "-o", "json")
	if !strings.Contains(events, `"kind":"host.created"`) || !strings.Contains(events, `"to":"maintenance"`) {
		t.Errorf("events lack the enrolment and the transition:\n%s", events)
	}
	assertNoSecret(t, pw, map[string]string{"host show": show, "host show -o json": showJSON,
		"host list": out, "events": events, "server log": l.logs.String()})
	assertNoSecretInFiles(t, pw, l.data)
}

func assertNoSecret(t *testing.T, secret string, outputs map[string]string) {
	t.Helper()
	for name, s := range outputs {
		if strings.Contains(s, secret) {
			t.Errorf("%s contains the BMC password", name)
		}
	}
}

func assertNoSecretInFiles(t *testing.T, secret, dir string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if strings.Contains(string(b), secret) {
			t.Errorf("%s contains the BMC password in clear text", filepath.Base(f))
		}
	}
}

func TestCLIErrorsAndExitCodes(t *testing.T) {
	l := startServe(t)
	tok := l.adminToken(t)
	l.cli(t, tok, "host", "add", "h1", "--mac", "52:54:00:00:00:01")
	viewerTok, _, _ := l.cli(t, tok, "token", "create", "v", "--role", "viewer")
	cases := []struct {
		name string
		tok  string
		args []string
		code int
		msg  string
	}{
		{"duplicate MAC", tok, []string{"host", "add", "h2", "--mac", "52:54:00:00:00:01"}, 4, "already belongs"},
		{"malformed MAC", tok, []string{"host", "add", "h2", "--mac", "nope"}, 2, "invalid MAC"},
		{"unknown pool", tok, []string{"host", "add", "h2", "--mac", "52:54:00:00:00:09", "--pool", "ghost"}, 3, "pool ghost not found"},
		{"missing password file", tok, []string{"host", "add", "h2", "--mac", "52:54:00:00:00:09", "--bmc", "b", "--bmc-user", "u", "--bmc-password-file", "/nonexistent/pw"}, 2, "BMC password file"},
		{"wrong token", "ibt_wrong", []string{"host", "list"}, 5, "invalid or revoked"},
		{"wrong role", strings.TrimSpace(viewerTok), []string{"pool", "add", "p"}, 5, "needs admin"},
		{"unknown command", tok, []string{"frobnicate"}, 2, "unknown command"},
		{"missing argument", tok, []string{"host", "show"}, 2, "usage"},
		{"unknown host", tok, []string{"host", "show", "ghost"}, 3, "not found"},
		{"bad output", tok, []string{"host", "list", "-o", "yaml"}, 2, "want table or json"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, errs, code := l.cli(t, tc.tok, tc.args...)
			if code != tc.code || !strings.Contains(errs, tc.msg) {
				t.Fatalf("exit %d, stderr %q; want exit %d mentioning %q", code, errs, tc.code, tc.msg)
			}
		})
	}
	if out, _, _ := l.cli(t, tok, "host", "list", "-o", "json"); strings.Count(out, `"name"`) != 1 {
		t.Errorf("refused commands wrote hosts: %s", out)
	}
}

func TestCLIUnreachableServer(t *testing.T) {
	l := &lab{url: "http://127.0.0.1:1"}
	_, errs, code := l.cli(t, "ibt_x", "host", "list")
	if code != 6 || !strings.Contains(errs, "cannot reach ironbase") {
		t.Fatalf("exit %d %q, want 6 and a clear message", code, errs)
	}
}
