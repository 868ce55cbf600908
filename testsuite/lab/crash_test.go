package lab_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// serverCrash kills ironbase with SIGKILL while both hosts are being
// re-provisioned after a release, starts it again on the same data
// directory, and checks that every host converges to a verified ready and
// that nothing written before the crash is lost: the event log, the
// released reservation, the promoted image.
func (s *scenario) serverCrash() {
	out := s.c.run(s.t, "reserve", "--pool", "lab", "--count", "2", "--for", "10m", "--request-id", "e2e-crash", "-o", "json")
	var r struct{ ID int64 }
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		s.t.Fatalf("reserve: %v\n%s", err, out)
	}
	released := time.Now().UTC()
	s.c.run(s.t, "release", fmt.Sprint(r.ID))
	mid := s.waitHost("bios1", 3*time.Minute, "mid-provisioning", func(h hostJSON) bool {
		return h.StateSince.After(released) && (h.Phase == "dhcp" || h.Phase == "hello")
	})
	before := s.eventLog()
	if err := s.l.CrashServer(); err != nil {
		s.t.Fatal(err)
	}
	s.t.Logf("ironbase killed with bios1 %s in phase %s, %d events written", mid.State, mid.Phase, len(before))
	if err := s.l.StartServer(s.ctx, s.serve...); err != nil {
		s.t.Fatal(err)
	}
	if err := s.l.WaitServer(s.ctx); err != nil {
		s.t.Fatal(err)
	}
	for _, name := range []string{"bios1", "uefi1"} {
		s.waitHost(name, 5*time.Minute, "ready after the crash", func(h hostJSON) bool {
			return readyOn(s.good)(h) && h.StateSince.After(released)
		})
	}
	s.nothingLost(before, r.ID)
}

// nothingLost checks that the events written before the crash are still
// the log's first entries, and the reservation and the image kept their
// states.
func (s *scenario) nothingLost(before []string, reservation int64) {
	after := s.eventLog()
	if len(after) < len(before) || !slices.Equal(after[:len(before)], before) {
		s.t.Errorf("event log changed across the crash: %d events before, %d after", len(before), len(after))
	}
	var res struct{ State string }
	out := s.c.run(s.t, "reservation", "show", fmt.Sprint(reservation), "-o", "json")
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.State != "released" {
		s.t.Errorf("reservation %d after the crash: %v %s; want released", reservation, err, out)
	}
	if st := s.imageState(s.good); st != "promoted" {
		s.t.Errorf("image %.19s is %s after the crash, want promoted", s.good, st)
	}
}

// eventLog is every event as "id kind host", oldest first.
func (s *scenario) eventLog() []string {
	var log []string
	for _, line := range strings.Split(strings.TrimSpace(s.c.run(s.t, "events", "--since", "0", "-o", "json")), "\n") {
		var ev struct {
			ID         int64
			Kind, Host string
		}
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			s.t.Fatalf("events: %v: %s", err, line)
		}
		log = append(log, fmt.Sprintf("%d %s %s", ev.ID, ev.Kind, ev.Host))
	}
	return log
}
