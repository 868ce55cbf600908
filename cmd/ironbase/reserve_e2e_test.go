package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/ironbase/ironbase/catalog"
)

// TestReserveReleaseCLI: a scheduler token reserves a verified host through
// the CLI, sees the provenance, retries with the same request id and gets
// the same reservation, and releases it (the host goes to cleaning).
func TestReserveReleaseCLI(t *testing.T) {
	l := startServe(t)
	tok := l.adminToken(t)
	mustCLI(t, l, tok, "pool", "add", "lab")
	im, _ := importTestImage(t, l, tok, "deb12")
	mustCLI(t, l, tok, "image", "promote", im.Digest, "--pool", "lab", "--force")
	mustCLI(t, l, tok, "host", "add", "n1", "--mac", "52:54:00:00:00:01", "--pool", "lab")
	verifyHostDirect(t, l, "n1", im.Digest) // stands in for the controller and agent (issue 6)
	sched := strings.TrimSpace(mustCLI(t, l, tok, "token", "create", "ci", "--role", "scheduler"))
	var r catalog.Reservation
	json.Unmarshal([]byte(mustCLI(t, l, sched, "reserve", "--pool", "lab", "--for", "30m", "--request-id", "build-9", "-o", "json")), &r)
	if r.State != "active" || len(r.Hosts) != 1 || r.Hosts[0].Image != im.Digest || r.Hosts[0].Kernel != "6.1.0-lab" {
		t.Fatalf("reservation = %+v", r)
	}
	var again catalog.Reservation
	json.Unmarshal([]byte(mustCLI(t, l, sched, "reserve", "--pool", "lab", "--for", "30m", "--request-id", "build-9", "-o", "json")), &again)
	if again.ID != r.ID {
		t.Fatalf("retry gave reservation %d, want %d", again.ID, r.ID)
	}
	if out := mustCLI(t, l, sched, "reservation", "show", "1"); !strings.Contains(out, "6.1.0-lab") || !strings.Contains(out, "kernel=pass") {
		t.Errorf("show lacks the provenance:\n%s", out)
	}
	mustCLI(t, l, sched, "release", "1")
	if out := mustCLI(t, l, tok, "host", "show", "n1"); !strings.Contains(out, "cleaning") {
		t.Errorf("released host is not cleaning:\n%s", out)
	}
}

// verifyHostDirect opens the catalog the server uses and walks a host to a
// verified ready state on slot A: what the lifecycle controller and the
// agent will do over the network once they exist.
func verifyHostDirect(t *testing.T, l *lab, host, image string) {
	t.Helper()
	ctx := context.Background()
	st, err := catalog.Open(ctx, catalog.Config{Path: l.data + "/catalog.db"})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.SetSlot(ctx, host, "A", image, "", "test"); err != nil {
		t.Fatal(err)
	}
	st.TransitionHost(ctx, host, catalog.HostTransition{To: catalog.HostProvisioning})
	st.TransitionHost(ctx, host, catalog.HostTransition{To: catalog.HostVerifying})
	tk, _ := st.StartBoot(ctx, host, "A")
	st.RecordSuite(ctx, tk.Token, catalog.SuiteReport{Kernel: "6.1.0-lab", Result: "pass",
		Checks: []catalog.CheckResult{{Name: "kernel", Result: "pass", Class: "base"}}})
	if _, err := st.TransitionHost(ctx, host, catalog.HostTransition{To: catalog.HostReady}); err != nil {
		t.Fatal(err)
	}
}
