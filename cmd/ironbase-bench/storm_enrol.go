package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/ironbase/ironbase/web"
)

// enrol starts ironbase on loopback with the fixture's data dir (DHCP
// off), creates the pool, imports and promotes the image with the CLI,
// adds every host with its MAC and no BMC, waits until the controller has
// looked at them all, and stops the server.
func (o *stormOptions) enrol(ctx context.Context, fx *stormFixture, stderr io.Writer) error {
	port, err := freeTCPPort()
	if err != nil {
		return err
	}
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	logPath := filepath.Join(o.work, "ironbase-setup.log")
	p, err := startHTTPProc(logPath, o.ironbase, "serve", "--data", fx.data, "--http", base[len("http://"):])
	if err != nil {
		return err
	}
	defer p.stop()
	if err := waitHTTP(ctx, base+"/healthz", p); err != nil {
		b, _ := os.ReadFile(logPath)
		return fmt.Errorf("setup ironbase: %w\n%s", err, b)
	}
	tok, err := os.ReadFile(filepath.Join(fx.data, "admin.token"))
	if err != nil {
		return err
	}
	api := stormAPI{base: base, token: strings.TrimSpace(string(tok))}
	if err := api.call(ctx, "POST", "/api/v1/pools", web.PoolRequest{Name: stormPool}, nil); err != nil {
		return err
	}
	if err := o.ironbaseCLI(ctx, base, api.token, "image", "import", "--name", "storm", "--version", "1",
		"--kernel", fx.kernel.Path, "--initrd", fx.initrd.Path, "--cmdline", "console=ttyS0"); err != nil {
		return err
	}
	if err := o.ironbaseCLI(ctx, base, api.token, "image", "promote", "storm", "--pool", stormPool, "--force"); err != nil {
		return err
	}
	if err := api.addHosts(ctx, fx.macs); err != nil {
		return err
	}
	return api.waitAlerts(ctx, len(fx.macs), stderr)
}

// stormAPI is a minimal client of ironbase's admin API.
type stormAPI struct{ base, token string }

func (a stormAPI) call(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+a.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		b, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, b)
	}
	if out == nil {
		return nil
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// addHosts enrols one host per MAC, 8 requests at a time.
func (a stormAPI) addHosts(ctx context.Context, macs []string) error {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	sem := make(chan struct{}, 8)
	for i, mac := range macs {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			req := web.HostRequest{Name: stormHostName(i), MACs: []string{mac}, Pool: stormPool}
			if err := a.call(ctx, "POST", "/api/v1/hosts", req, nil); err != nil {
				mu.Lock()
				first = stormFirstErr(first, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return first
}

func stormFirstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// waitAlerts waits (up to 60 s) until the controller has flagged every
// host "no BMC", so those writes are not part of the measurement.
func (a stormAPI) waitAlerts(ctx context.Context, n int, stderr io.Writer) error {
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); {
		var list web.HostList
		if err := a.call(ctx, "GET", "/api/v1/hosts", nil, &list); err != nil {
			return err
		}
		flagged := 0
		for _, h := range list.Hosts {
			if h.Alert != "" {
				flagged++
			}
		}
		if flagged >= n {
			return nil
		}
		time.Sleep(500 * time.Millisecond)
	}
	fmt.Fprintf(stderr, "storm: warning: the controller had not flagged all %d hosts after 60s\n", n)
	return nil
}
