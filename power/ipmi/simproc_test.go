package ipmi

import (
	"context"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/bougou/go-ipmi/pkg/client"
)

func (s *sim) start() {
	s.t.Helper()
	cmd := exec.Command(s.bin, "-c", filepath.Join(s.dir, "lan.conf"),
		"-f", filepath.Join(s.dir, "bmc.emu"), "-s", filepath.Join(s.dir, "state"), "-n")
	cmd.Dir = s.dir
	cmd.Stdout, cmd.Stderr = nil, nil
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("start ipmi_sim: %v", err)
	}
	s.cmd = cmd
	waitFor(s.t, "ipmi_sim to answer", s.answers)
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

// kill stops ipmi_sim and reaps it; safe to call twice.
func (s *sim) kill() {
	if s.cmd == nil {
		return
	}
	s.cmd.Process.Kill()
	s.cmd.Wait()
	s.cmd = nil
}

func (s *sim) restart() {
	s.kill()
	s.start()
}
