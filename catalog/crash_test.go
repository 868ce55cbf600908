package catalog

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

const crashChildEnv = "IRONBASE_CATALOG_CRASH_CHILD"

func TestMain(m *testing.M) {
	if path := os.Getenv(crashChildEnv); path != "" {
		crashChild(path)
		return
	}
	os.Exit(m.Run())
}

// crashChild writes hosts, transitions and events in a loop, printing the id
// of every event whose transaction has committed, until it is killed.
func crashChild(path string) {
	ctx := context.Background()
	sealer, err := LoadOrCreateKey(path + ".key")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	s, err := Open(ctx, Config{Path: path, Sealer: sealer})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	for i := 0; ; i++ {
		name := fmt.Sprintf("c%d", i)
		pw := &BMCCredentials{BMCInfo: BMCInfo{Address: "127.0.0.1:623", Username: "u"}, Password: "p"}
		if _, err := s.CreateHost(ctx, NewHost{Name: name, MACs: []string{macFor(i)}, BMC: pw}, "crash"); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if _, err := s.TransitionHost(ctx, name, HostTransition{To: HostProvisioning}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		evs, _ := s.ListEvents(ctx, EventFilter{Host: name})
		for _, e := range evs {
			fmt.Printf("committed %d\n", e.ID)
		}
	}
}

func macFor(i int) string {
	return fmt.Sprintf("52:54:%02x:%02x:%02x:%02x", byte(i>>24), byte(i>>16), byte(i>>8), byte(i))
}

// TestKill9MidWrite really kills a writing child with SIGKILL and checks
// that the store reopens clean with every committed event in it.
func TestKill9MidWrite(t *testing.T) {
	for round := range 3 {
		t.Run(fmt.Sprintf("round%d", round), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "catalog.db")
			committed := runAndKill(t, path, 100+round*150)
			s, err := Open(context.Background(), Config{Path: path})
			if err != nil {
				t.Fatalf("reopen after kill -9: %v", err)
			}
			defer s.Close()
			if v, err := s.IntegrityCheck(context.Background()); err != nil || v != "ok" {
				t.Fatalf("integrity_check = %q, %v", v, err)
			}
			checkCommitted(t, s, committed)
		})
	}
}

func runAndKill(t *testing.T, path string, after int) []int64 {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	sc := bufio.NewScanner(out)
	deadline := time.Now().Add(60 * time.Second)
	for len(ids) < after && time.Now().Before(deadline) && sc.Scan() {
		id, err := strconv.ParseInt(strings.TrimPrefix(sc.Text(), "committed "), 10, 64)
		if err != nil {
			t.Fatalf("child said %q", sc.Text())
		}
		ids = append(ids, id)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if len(ids) < after {
		t.Fatalf("child committed only %d events before it stopped", len(ids))
	}
	return ids
}

func checkCommitted(t *testing.T, s *Store, ids []int64) {
	t.Helper()
	evs, err := s.ListEvents(context.Background(), EventFilter{Limit: 1000})
	var all []Event
	for err == nil && len(evs) > 0 {
		all = append(all, evs...)
		evs, err = s.ListEvents(context.Background(), EventFilter{Since: evs[len(evs)-1].ID, Limit: 1000})
	}
	if err != nil {
		t.Fatal(err)
	}
	have := map[int64]bool{}
	for i, e := range all {
		if have[e.ID] || (i > 0 && e.ID <= all[i-1].ID) {
			t.Fatalf("event %d duplicated or out of order", e.ID)
		}
		have[e.ID] = true
	}
	for _, id := range ids {
		if !have[id] {
			t.Errorf("committed event %d lost after kill -9", id)
		}
	}
}
