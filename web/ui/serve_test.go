package ui

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// ironbaseBinary builds the real ironbase once per test run.
func ironbaseBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "ironbase-ui-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "ironbase")
		out, err := exec.Command("go", "build", "-o", binPath, "github.com/ironbase/ironbase/cmd/ironbase").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("%w\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatalf("go build: %v", buildErr)
	}
	return binPath
}

// served is a real `ironbase serve` on 127.0.0.1, port 0.
type served struct {
	url, data, admin string
	logs             *lockedBuffer
}

// dataDir is on tmpfs when there is one: a thousand enrolments are a
// thousand fsyncs.
func dataDir(t *testing.T) string {
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		d, err := os.MkdirTemp("/dev/shm", "ironbase-ui-")
		if err == nil {
			t.Cleanup(func() { os.RemoveAll(d) })
			return d
		}
	}
	return t.TempDir()
}

func startServe(t *testing.T) *served {
	t.Helper()
	s := &served{data: filepath.Join(dataDir(t), "data"), logs: &lockedBuffer{}}
	cmd := exec.Command(ironbaseBinary(t), "serve", "--data", s.data, "--http", "127.0.0.1:0")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	})
	addr := make(chan string, 1)
	go scanLog(stderr, s.logs, addr)
	select {
	case a := <-addr:
		s.url = "http://" + a
	case <-time.After(30 * time.Second):
		t.Fatalf("ironbase serve did not start")
	}
	b, err := os.ReadFile(filepath.Join(s.data, "admin.token"))
	if err != nil {
		t.Fatal(err)
	}
	s.admin = strings.TrimSpace(string(b))
	return s
}

// scanLog copies the server's JSON log and reports the address it serves on.
func scanLog(r io.Reader, logs *lockedBuffer, addr chan<- string) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		var line struct{ Msg, Addr string }
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "ironbase serving" {
			addr <- line.Addr
		}
		logs.Write(append(sc.Bytes(), '\n'))
	}
}

// api calls the JSON API with token and decodes the reply into out.
func (s *served) api(t *testing.T, token, method, path string, body, out any) {
	t.Helper()
	if err := s.call(token, method, path, body, out); err != nil {
		t.Fatal(err)
	}
}

func (s *served) call(token, method, path string, body, out any) error {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		rd = bytes.NewReader(j)
	}
	req, _ := http.NewRequest(method, s.url+path, rd)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, raw)
	}
	if out != nil {
		return json.Unmarshal(raw, out)
	}
	return nil
}

// importImage uploads a tiny kernel and initrd and records an image.
func (s *served) importImage(t *testing.T, name, version string) string {
	t.Helper()
	var arts []map[string]string
	for _, role := range []string{"kernel", "initrd"} {
		data := []byte(role + " of " + name + ":" + version)
		sum := sha256.Sum256(data)
		d := "sha256:" + hex.EncodeToString(sum[:])
		s.api(t, s.admin, http.MethodPut, "/api/v1/blobs/"+d, data, nil)
		arts = append(arts, map[string]string{"role": role, "digest": d, "source": "file:///srv/" + name + "/" + role})
	}
	var im struct{ Digest string }
	s.api(t, s.admin, http.MethodPost, "/api/v1/images", map[string]any{"name": name, "version": version, "artifacts": arts}, &im)
	return im.Digest
}

// addHosts enrols hosts n0001… of pool lab, a few at a time.
func (s *served) addHosts(t *testing.T, n int) {
	t.Helper()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			body := map[string]any{"name": fmt.Sprintf("bulk%04d", i), "pool": "lab",
				"macs": []string{fmt.Sprintf("52:54:01:00:%02x:%02x", i/256, i%256)},
				"tags": map[string]string{"rack": fmt.Sprintf("r%02d", i%20)}}
			if err := s.call(s.admin, http.MethodPost, "/api/v1/hosts", body, nil); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
}

// lockedBuffer is the server's log, written by the scanner goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
