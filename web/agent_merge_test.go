package web

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ironbase/ironbase/testsuite"
)

func TestMergeSuites(t *testing.T) {
	image := `{"timeout": "2m", "check_timeout": "5s", "checks": [
		{"name": "kernel", "kernel_release": {"prefix": "6.1."}},
		{"module_loaded": {"name": "nvidia"}},
		{"name": "mem", "min_memory": {"mib": 1024}, "timeout": "1s"}]}`
	pool := `{"checks": [
		{"name": "kernel", "kernel_release": {"prefix": "6."}},
		{"module_loaded": {"name": "e1000e"}},
		{"name": "cpus", "cpu_count": {"min": 2}}]}`
	type row struct {
		name    string
		timeout time.Duration
	}
	summary := func(s *testsuite.Suite) (time.Duration, []row) {
		var out []row
		for _, c := range s.Checks {
			out = append(out, row{c.Name, c.Timeout.Std()})
		}
		return s.Timeout.Std(), out
	}
	tests := []struct {
		name        string
		image, pool string
		timeout     time.Duration
		want        []row
	}{
		{"none", "", "", 0, nil},
		{"image only", image, "", 2 * time.Minute, []row{{"kernel", 5 * time.Second}, {"", 5 * time.Second}, {"mem", time.Second}}},
		{"pool only", "", pool, 0, []row{{"kernel", 0}, {"", 0}, {"cpus", 0}}},
		// The pool's "kernel" replaces the image's in place; the two
		// unnamed module checks are both kept.
		{"both", image, pool, 12 * time.Minute, []row{{"kernel", 0}, {"", 5 * time.Second}, {"mem", time.Second}, {"", 0}, {"cpus", 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := mergeSuites([]byte(tt.image), []byte(tt.pool))
			if err != nil {
				t.Fatal(err)
			}
			timeout, rows := summary(s)
			if timeout != tt.timeout {
				t.Errorf("timeout %v, want %v", timeout, tt.timeout)
			}
			if diff := cmp.Diff(tt.want, rows, cmp.AllowUnexported(row{})); diff != "" {
				t.Errorf("checks (-want +got)\n%s", diff)
			}
			roundTrip(t, s)
		})
	}
	s, _ := mergeSuites([]byte(image), []byte(pool))
	if p := s.Checks[0].KernelRelease.Prefix; p != "6." {
		t.Errorf("kernel check prefix %q: the pool's definition should win", p)
	}
}

// roundTrip: what the server sends parses as a checks file on the agent
// (except the empty suite, which the agent handles before parsing).
func roundTrip(t *testing.T, s *testsuite.Suite) {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Checks) == 0 {
		if string(b) != `{"version":1,"checks":[]}` {
			t.Errorf("empty suite is %s", b)
		}
		return
	}
	back, err := testsuite.ParseChecks(b)
	if err != nil {
		t.Fatalf("merged suite does not parse: %v\n%s", err, b)
	}
	if len(back.Checks) != len(s.Checks) {
		t.Errorf("round trip has %d checks, want %d", len(back.Checks), len(s.Checks))
	}
}

func TestMergeSuitesRefusesInvalidFiles(t *testing.T) {
	for _, tt := range []struct{ name, image, pool, want string }{
		{"bad image file", `{"checks": [{"nope": {}}]}`, "", "image checks"},
		{"bad pool file", "", `{"checks": []}`, "pool suite"},
		{"pool file with two kinds", "", `{"checks": [{"cpu_count": {"min": 1}, "min_memory": {"mib": 1}}]}`, "pool suite"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := mergeSuites([]byte(tt.image), []byte(tt.pool))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one naming %q", err, tt.want)
			}
		})
	}
}
