package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/ironbase/ironbase/testsuite"
	"github.com/ironbase/ironbase/web"
)

// stormAgent is the agent's side of /agent/v1 for one boot: the boot
// parameters from the kernel command line, retries as the real agent
// makes them (network errors, 5xx and 429; capped exponential backoff
// with jitter).
type stormAgent struct {
	c                   *http.Client
	server, host, token string
	Retries             int
}

func newStormAgent(cmdline string) (*stormAgent, error) {
	p := cmdlineParams(cmdline)
	a := &stormAgent{c: newStormClient(), server: p["ironbase.server"], host: p["ironbase.host"], token: p["ironbase.boot"]}
	if a.server == "" || a.host == "" || a.token == "" {
		return nil, fmt.Errorf("kernel command line without ironbase.server/host/boot: %q", cmdline)
	}
	return a, nil
}

// hello sends a small inventory and expects an order.
func (a *stormAgent) hello(ctx context.Context) error {
	inv := map[string]any{"kernel": "6.1.0-storm", "cpus": 2, "memory_kib": 4 << 20,
		"nics": []map[string]string{{"name": "eth0"}}, "host": a.host}
	body, _ := json.Marshal(inv)
	_, err := a.do(ctx, "POST", "/agent/v1/hello", body, http.StatusOK)
	return err
}

// suite fetches the checks and reports a pass (the simulator runs none).
func (a *stormAgent) suite(ctx context.Context) error {
	started := time.Now()
	if _, err := a.do(ctx, "GET", "/agent/v1/suite", nil, http.StatusOK); err != nil {
		return err
	}
	rep := web.AgentReport{Kernel: "6.1.0-storm", Report: testsuite.Report{Status: testsuite.StatusPass,
		Started: started, Finished: time.Now(), Results: []testsuite.Result{}}}
	body, _ := json.Marshal(rep)
	_, err := a.do(ctx, "POST", "/agent/v1/suite", body, http.StatusNoContent)
	return err
}

// do sends one request with the boot token, retrying what the agent
// retries (at most 6 tries).
func (a *stormAgent) do(ctx context.Context, method, path string, body []byte, want int) ([]byte, error) {
	var last error
	for try := range 6 {
		if try > 0 {
			a.Retries++
			d := min(time.Second<<(try-1), time.Minute)
			time.Sleep(d/2 + rand.N(d/2))
		}
		b, status, err := a.once(ctx, method, path, body)
		if err == nil && status == want {
			return b, nil
		}
		last = fmt.Errorf("%s %s: status %d: %s (%v)", method, path, status, bytes.TrimSpace(b), err)
		if err == nil && status < 500 && status != http.StatusTooManyRequests {
			return nil, last
		}
	}
	return nil, last
}

func (a *stormAgent) once(ctx context.Context, method, path string, body []byte) ([]byte, int, error) {
	req, err := http.NewRequestWithContext(ctx, method, a.server+path, bytes.NewReader(body))
	if err != nil {
		return nil, 0, err
	}
	req.Header.Set("Authorization", "Bearer "+a.token)
	req.Header.Set("Ironbase-Host", a.host)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := a.c.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return b, resp.StatusCode, err
}
