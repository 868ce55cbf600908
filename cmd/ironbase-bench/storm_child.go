package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// stormConfig is what the parent tells the simulator.
type stormConfig struct {
	Iface, Server, Ready string
	Agent                bool          // run the agent steps (ironbase only)
	Ramp                 time.Duration // host i powers on at i×Ramp/len(MACs)
	MACs                 []string
	First                stormFile   // the first stage, fetched over TFTP
	Files                []stormFile // kernel and initrd, named by digest in their URLs
}

// stormResult is one storm: wall time and every host's outcome.
type stormResult struct {
	Wall  time.Duration     `json:"wall"`
	Hosts []stormHostResult `json:"hosts"`
}

func (r stormResult) failed() int {
	n := 0
	for _, h := range r.Hosts {
		if h.Failed != "" {
			n++
		}
	}
	return n
}

// runStormChild is the simulator process, inside the client namespace.
func runStormChild(ctx context.Context, stdin io.Reader, stdout, stderr io.Writer) error {
	var cfg stormConfig
	if err := json.NewDecoder(stdin).Decode(&cfg); err != nil {
		return fmt.Errorf("simulator config: %w", err)
	}
	dhcp, err := openStormDHCP(ctx, cfg.Iface)
	if err != nil {
		return err
	}
	defer dhcp.conn.Close()
	if err := stormWaitReady(ctx, cfg); err != nil {
		return err
	}
	files, err := loadStormArtifacts(cfg.Files)
	if err != nil {
		return err
	}
	res := stormResult{Hosts: make([]stormHostResult, len(cfg.MACs))}
	var wg sync.WaitGroup
	start := time.Now()
	for i, mac := range cfg.MACs {
		hw, err := net.ParseMAC(mac)
		if err != nil {
			return err
		}
		h := &stormHost{cfg: &cfg, dhcp: dhcp, files: files, mac: hw, index: i}
		at := start.Add(cfg.Ramp * time.Duration(i) / time.Duration(len(cfg.MACs)))
		wg.Go(func() {
			time.Sleep(time.Until(at))
			res.Hosts[i] = h.boot(ctx, start)
		})
	}
	wg.Wait()
	res.Wall = time.Since(start)
	return json.NewEncoder(stdout).Encode(res)
}

// stormWaitReady waits (up to 30 s) until the HTTP side answers and the
// first stage comes over TFTP; both servers bind DHCP before either.
func stormWaitReady(ctx context.Context, cfg stormConfig) error {
	var last error
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		resp, err := http.Get(cfg.Ready)
		if err != nil {
			last = err
			continue
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			last = fmt.Errorf("GET %s: %s", cfg.Ready, resp.Status)
			continue
		}
		got, _, err := stormTFTPGet(&net.UDPAddr{IP: net.ParseIP(cfg.Server)}, "undionly.kpxe")
		if err == nil && got.Digest != cfg.First.Digest {
			err = fmt.Errorf("tftp: first stage %s, want %s", got.Digest, cfg.First.Digest)
		}
		return err
	}
	return fmt.Errorf("server not ready after 30s: %w", last)
}
