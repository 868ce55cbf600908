package lab_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ironbase/ironbase/testsuite/lab"
	"github.com/ironbase/ironbase/testsuite/lab/image"
)

// TestLifecycle runs the end-to-end scenarios of the Virtual lab issue
// against real VMs with the lifecycle controller on: provisioning to a
// verified `ready` (BIOS and UEFI), reserve/release/clean, the two broken
// upgrades rolled back by their watchdogs, a good upgrade verified on the
// canaries and promoted, a wedged host recovered over IPMI, a dead BMC
// flagged without any hard action and cleared once it is back, and the
// server killed mid-provisioning. They share one lab and run in order.
func TestLifecycle(t *testing.T) {
	requireLab(t)
	b := buildBins(t)
	m := labImage(t, b.agent)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	l := newLab(t, ctx, b, []lab.HostSpec{{Name: "bios1"}, {Name: "uefi1", Firmware: lab.UEFI}})
	data := t.TempDir()
	args := append(l.ServeArgs(b.ironbase, data), "--watchdog-dhcp", "60s", "--watchdog-hello", "60s",
		"--watchdog-suite", "60s", "--bmc-poll", "5s")
	if err := l.StartServer(ctx, args...); err != nil {
		t.Fatal(err)
	}
	if err := l.WaitServer(ctx); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t, b.ironbase, l, data)
	s := &scenario{t: t, ctx: ctx, l: l, c: c, m: m, serve: args}
	c.run(t, "pool", "add", "lab", "--max-unavailable", "2", "--heartbeat", "30s")
	s.good = c.importVariant(t, m, image.Good)
	c.run(t, "image", "promote", s.good, "--pool", "lab", "--force")
	for _, h := range l.Hosts() {
		c.addHost(t, h, "lab")
	}
	for _, step := range []struct {
		name string
		run  func()
	}{
		{"1 enrol to verified ready", s.provision}, {"2 reserve release clean", s.reserveRelease},
		{"3+4 broken upgrades roll back", s.brokenUpgrades}, {"5 good upgrade promoted", s.goodUpgrade},
		{"6 wedged host recovered", s.wedged}, {"7 dead BMC flagged, then back", s.deadBMC},
		{"8 server killed mid-provisioning", s.serverCrash},
	} {
		start := time.Now()
		if !t.Run(step.name, func(t *testing.T) { s.t = t; step.run() }) {
			return
		}
		t.Logf("scenario %s: %.0f s", step.name, time.Since(start).Seconds())
	}
}

type scenario struct {
	t     *testing.T
	ctx   context.Context
	l     *lab.Lab
	c     cli
	m     image.Manifest
	good  string
	serve []string // the server's command line, to restart it
}

// hostJSON is the part of `host show -o json` the scenarios read.
type hostJSON struct {
	Name       string    `json:"name"`
	State      string    `json:"state"`
	Reason     string    `json:"reason"`
	Alert      string    `json:"alert"`
	Phase      string    `json:"phase"`
	StateSince time.Time `json:"state_since"`
	Slots      []struct {
		Slot, Image, Status string
	} `json:"slots"`
	Boot *struct {
		ID     int64  `json:"id"`
		Slot   string `json:"slot"`
		Image  string `json:"image"`
		Kernel string `json:"kernel"`
	} `json:"boot"`
	Suite *struct {
		Result string `json:"result"`
	} `json:"suite"`
}

func (s *scenario) host(name string) hostJSON {
	var h hostJSON
	out := s.c.run(s.t, "host", "show", name, "-o", "json")
	if err := json.Unmarshal([]byte(out), &h); err != nil {
		s.t.Fatalf("host show %s: %v\n%s", name, err, out)
	}
	return h
}

// waitHost polls until ok holds for the host, or fails with its last view.
func (s *scenario) waitHost(name string, limit time.Duration, what string, ok func(hostJSON) bool) hostJSON {
	s.t.Helper()
	deadline := time.Now().Add(limit)
	for {
		h := s.host(name)
		if ok(h) {
			return h
		}
		if time.Now().After(deadline) || s.ctx.Err() != nil {
			s.t.Fatalf("%s: not %s after %s: state %s (%s), alert %q\nconsole:\n%s", name, what, limit, h.State, h.Reason, h.Alert,
				lab.TailFile(s.l.Host(name).Console, 15))
		}
		time.Sleep(time.Second)
	}
}

func (s *scenario) imageState(ref string) string {
	var im struct {
		State string `json:"state"`
	}
	out := s.c.run(s.t, "image", "show", ref, "-o", "json")
	if err := json.Unmarshal([]byte(out), &im); err != nil {
		s.t.Fatalf("image show: %v\n%s", err, out)
	}
	return im.State
}

func (s *scenario) waitImage(ref, want string, limit time.Duration) {
	s.t.Helper()
	deadline := time.Now().Add(limit)
	for st := s.imageState(ref); st != want; st = s.imageState(ref) {
		if time.Now().After(deadline) {
			s.t.Fatalf("image %.19s is %s after %s, want %s\nevents:\n%s", ref, st, limit, want, s.c.run(s.t, "events", "--since", "0"))
		}
		time.Sleep(time.Second)
	}
}

func ready(h hostJSON) bool {
	return h.State == "ready" && h.Suite != nil && h.Suite.Result == "pass"
}

func readyOn(image string) func(hostJSON) bool {
	return func(h hostJSON) bool { return ready(h) && h.Boot != nil && h.Boot.Image == image && h.Boot.Slot == "A" }
}

// provision: enrolled hosts are PXE-booted over IPMI, say hello, pass the
// image's suite and turn ready, BIOS and UEFI at once.
func (s *scenario) provision() {
	for _, name := range []string{"bios1", "uefi1"} {
		h := s.waitHost(name, 4*time.Minute, "ready", readyOn(s.good))
		if h.Boot.Kernel != s.m.KernelRelease {
			s.t.Errorf("%s: kernel %q, want %s", name, h.Boot.Kernel, s.m.KernelRelease)
		}
	}
}

func (s *scenario) reserveRelease() {
	out := s.c.run(s.t, "reserve", "--pool", "lab", "--count", "1", "--for", "10m", "--request-id", "e2e-1", "-o", "json")
	var r reservationJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.State != "active" || len(r.Hosts) != 1 {
		s.t.Fatalf("reserve: %v\n%s", err, out)
	}
	got := r.Hosts[0]
	if got.Image != s.good || got.Kernel != s.m.KernelRelease || got.Suite != "pass" || got.Slot != "A" {
		s.t.Errorf("provenance %+v; want slot A, image %.19s, kernel %s, suite pass", got, s.good, s.m.KernelRelease)
	}
	released := time.Now().UTC()
	s.c.run(s.t, "release", fmt.Sprint(r.ID))
	s.waitHost(got.Host, 4*time.Minute, "re-verified after cleaning", func(h hostJSON) bool {
		return ready(h) && h.StateSince.After(released)
	})
}

// brokenUpgrades stages the panicking kernel on one host and the NIC-less
// initramfs on the other: each trial boots B once, a watchdog fires, the
// host is power-cycled back onto A and re-verified; both candidates fail.
func (s *scenario) brokenUpgrades() {
	panicImg := s.c.importVariant(s.t, s.m, image.Panic)
	nonic := s.c.importVariant(s.t, s.m, image.NoNIC)
	s.c.run(s.t, "image", "stage", panicImg, "--pool", "lab", "--host", "bios1")
	s.c.run(s.t, "image", "stage", nonic, "--pool", "lab", "--host", "uefi1")
	s.waitImage(panicImg, "failed", 5*time.Minute)
	s.waitImage(nonic, "failed", 5*time.Minute)
	for name, img := range map[string]string{"bios1": panicImg, "uefi1": nonic} {
		h := s.waitHost(name, 4*time.Minute, "ready on slot A again", readyOn(s.good))
		if len(h.Slots) != 2 || h.Slots[1].Image != img || h.Slots[1].Status != "failed" {
			s.t.Errorf("%s: slots %+v; want B = %.19s failed", name, h.Slots, img)
		}
	}
}

// goodUpgrade stages a new good image on the pool's canaries (one host of
// each class), runs a canary job on it, promotes it once verified, and
// both hosts move to it.
func (s *scenario) goodUpgrade() {
	v := s.m.Variants[image.Good]
	out := s.c.run(s.t, "image", "import", "--name", "lab-good", "--kernel", s.m.Kernel, "--initrd", v.Initrd,
		"--cmdline", v.Cmdline, "--checks", s.m.Checks, "--version", s.m.KernelRelease+"-upgrade", "-o", "json")
	var im struct{ Digest string }
	if err := json.Unmarshal([]byte(out), &im); err != nil {
		s.t.Fatal(err)
	}
	s.c.run(s.t, "image", "stage", im.Digest, "--pool", "lab")
	s.canaryJob(im.Digest)
	s.waitImage(im.Digest, "verified", 5*time.Minute)
	s.c.run(s.t, "image", "promote", im.Digest, "--pool", "lab")
	for _, name := range []string{"bios1", "uefi1"} {
		s.waitHost(name, 5*time.Minute, "ready on the promoted upgrade", readyOn(im.Digest))
	}
	s.good = im.Digest
}

// canaryJob reserves one host on the staged candidate: it is granted the
// first canary whose trial passes, on that very boot (slot B), and
// released back through cleaning.
func (s *scenario) canaryJob(candidate string) {
	out := s.c.run(s.t, "reserve", "--pool", "lab", "--image", candidate, "--count", "1", "--for", "10m",
		"--request-id", "e2e-canary", "-o", "json")
	var r reservationJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		s.t.Fatalf("reserve --image: %v\n%s", err, out)
	}
	deadline := time.Now().Add(4 * time.Minute)
	for r.State == "pending" && time.Now().Before(deadline) {
		time.Sleep(time.Second)
		out = s.c.run(s.t, "reservation", "show", fmt.Sprint(r.ID), "-o", "json")
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			s.t.Fatalf("reservation show: %v\n%s", err, out)
		}
	}
	if r.State != "active" || len(r.Hosts) != 1 {
		s.t.Fatalf("canary reservation: %s\n%s", r.State, out)
	}
	if h := r.Hosts[0]; h.Slot != "B" || h.Image != candidate || h.Suite != "pass" {
		s.t.Errorf("canary provenance %+v; want slot B on the candidate %.19s, suite pass", h, candidate)
	}
	s.c.run(s.t, "release", fmt.Sprint(r.ID))
}

type reservationJSON struct {
	ID    int64 `json:"id"`
	State string
	Hosts []struct{ Host, Image, Kernel, Suite, Slot string }
}

// wedged freezes a host's VM: its heartbeat stops, the controller climbs
// the recovery ladder over IPMI and the host comes back ready.
func (s *scenario) wedged() {
	if err := s.l.KillQemu("bios1", syscall.SIGSTOP); err != nil {
		s.t.Fatal(err)
	}
	frozen := time.Now().UTC()
	s.waitHost("bios1", 2*time.Minute, "recovering", func(h hostJSON) bool {
		return h.State == "recovering" || h.State == "provisioning" && h.StateSince.After(frozen)
	})
	s.waitHost("bios1", 4*time.Minute, "ready after recovery", func(h hostJSON) bool {
		return ready(h) && h.StateSince.After(frozen)
	})
}

// deadBMC kills a ready host's BMC: the host is flagged, stays ready on
// the same boot and gets no power action (invariant 6). Once the BMC is
// back, the next poll clears the flag by itself, still without touching
// the host.
func (s *scenario) deadBMC() {
	before := s.host("uefi1")
	if err := s.l.KillBMC("uefi1"); err != nil {
		s.t.Fatal(err)
	}
	h := s.waitHost("uefi1", 2*time.Minute, "flagged", func(h hostJSON) bool { return strings.HasPrefix(h.Alert, "bmc:") })
	time.Sleep(10 * time.Second) // two BMC polls and several controller passes with the BMC gone
	s.sameBoot("dead BMC", before, s.host("uefi1"))
	if err := s.l.RestartBMC(s.ctx, "uefi1"); err != nil {
		s.t.Fatal(err)
	}
	h = s.waitHost("uefi1", 2*time.Minute, "unflagged after the BMC came back", func(h hostJSON) bool { return h.Alert == "" })
	s.sameBoot("BMC back", before, h)
}

// sameBoot fails unless the host is still ready on the boot it had
// before: no power action may follow an unknown power state.
func (s *scenario) sameBoot(when string, before, h hostJSON) {
	s.t.Helper()
	if h.State != "ready" || h.Boot == nil || h.Boot.ID != before.Boot.ID {
		s.t.Errorf("%s: host is %s on boot %+v (was ready on boot %d)", when, h.State, h.Boot, before.Boot.ID)
	}
}
