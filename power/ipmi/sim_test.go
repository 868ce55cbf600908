package ipmi

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bougou/go-ipmi/pkg/client"

	"github.com/ironbase/ironbase/testsuite/lab/ipmisim"
)

// sim is one real ipmi_sim (testsuite/lab/ipmisim) with its recording
// chassis_control, as the tests see it.
type sim struct {
	t    *testing.T
	s    *ipmisim.Sim
	dir  string
	port int
}

func startSim(t *testing.T) *sim {
	t.Helper()
	needSim(t)
	dir := t.TempDir()
	s, err := ipmisim.Start(context.Background(), ipmisim.Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Kill)
	sm := &sim{t: t, s: s, dir: dir, port: s.Port()}
	waitFor(t, "ipmi_sim to answer", sm.answers)
	return sm
}

// answers reports whether a session can be opened (cipher suite 3).
func (s *sim) answers() bool {
	c, err := client.NewClient("127.0.0.1", s.port, "admin", "secret")
	if err != nil {
		return false
	}
	c.WithTimeout(100 * time.Millisecond).WithRetry(0).WithCipherSuiteID(3)
	err = c.Connect(context.Background())
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	c.Close(ctx)
	return err == nil
}

func (s *sim) addr() string    { return s.s.Addr() }
func (s *sim) calls() []string { return s.s.Calls() }
func (s *sim) kill()           { s.s.Kill() }
func (s *sim) write(name, body string, mode os.FileMode) {
	if err := os.WriteFile(filepath.Join(s.dir, name), []byte(body), mode); err != nil {
		s.t.Fatal(err)
	}
}

func (s *sim) restart() {
	s.t.Helper()
	if err := s.s.Restart(context.Background()); err != nil {
		s.t.Fatal(err)
	}
	waitFor(s.t, "ipmi_sim to answer again", s.answers)
}

// file reads one of the recording chassis's state files.
func (s *sim) file(name string) string {
	b, _ := os.ReadFile(filepath.Join(s.dir, name))
	return strings.TrimSpace(string(b))
}

func freeUDPPort(t *testing.T) int {
	t.Helper()
	c, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return c.LocalAddr().(*net.UDPAddr).Port
}

// waitFor polls cond until it holds or 5 s pass.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
