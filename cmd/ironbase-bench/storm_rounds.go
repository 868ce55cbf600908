package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"time"
)

// stormRun is one storm against one target.
type stormRun struct {
	res                stormResult
	load               string // load average when it ended
	srvDrops, cliDrops int64  // UDP datagrams dropped on full socket buffers, server and client side
	note               string // ironbase: its own DHCP drop counters
}

// runRounds runs a cold storm per target, then o.rounds measured ones,
// alternating peer and ironbase. results[target][0] is the cold run.
func (o *stormOptions) runRounds(ctx context.Context, lab *dhcpLab, fx *stormFixture, targets []*stormTarget, stderr io.Writer) ([][]stormRun, error) {
	results := make([][]stormRun, len(targets))
	for r := 0; r <= o.rounds; r++ {
		for i, t := range targets {
			run := fmt.Sprintf("r%d-%s", r, map[bool]string{true: "ironbase", false: "peer"}[t.ironbase])
			srv0, err1 := udpRcvbufDrops(lab.srvNS)
			cli0, err2 := udpRcvbufDrops(lab.cliNS)
			res, note, err := o.stormOnce(ctx, lab, fx, t, run, stderr)
			if err != nil {
				return nil, fmt.Errorf("%s, run %d: %w", t.name, r, err)
			}
			srv1, err3 := udpRcvbufDrops(lab.srvNS)
			cli1, err4 := udpRcvbufDrops(lab.cliNS)
			if err := errors.Join(err1, err2, err3, err4); err != nil {
				return nil, err
			}
			sr := stormRun{res: res, load: loadAvg(), srvDrops: srv1 - srv0, cliDrops: cli1 - cli0, note: note}
			results[i] = append(results[i], sr)
			fmt.Fprintf(stderr, "storm: %s run %d: wall %v, %d failed, UDP drops server %d client %d %s(load %s)\n", t.name, r,
				res.Wall.Round(time.Millisecond), res.failed(), sr.srvDrops, sr.cliDrops, note, sr.load)
		}
	}
	return results, nil
}

// stormOnce starts t, runs the simulator in the client namespace against
// it, reads ironbase's DHCP drop counters, and stops t.
func (o *stormOptions) stormOnce(ctx context.Context, lab *dhcpLab, fx *stormFixture, t *stormTarget, run string, stderr io.Writer) (stormResult, string, error) {
	procs, err := t.start(ctx, run)
	if err != nil {
		return stormResult{}, "", err
	}
	defer func() {
		for _, p := range procs {
			p.stop()
		}
	}()
	cfg := stormConfig{Iface: lab.cliIf, Server: labServerIP.String(), Ready: t.ready, Agent: t.ironbase, Ramp: o.ramp,
		MACs: fx.macs, First: fx.first, Files: []stormFile{fx.kernel, fx.initrd}}
	res, err := o.runChild(ctx, lab, cfg, stderr)
	for _, p := range procs {
		if p.exited() {
			return res, "", fmt.Errorf("%s exited during the run: %v\n%s", p.name, p.err, p.logTail())
		}
	}
	note := ""
	if t.ironbase {
		out, _ := exec.CommandContext(ctx, "ip", "netns", "exec", lab.srvNS, "curl", "-sf", "--max-time", "5",
			"http://"+stormIronbaseHTTP+"/metrics").Output()
		note = "ironbase DHCP " + dhcpDrops(string(out)) + " "
	}
	return res, note, err
}

// runChild re-executes this binary as the simulator inside the client
// namespace: the config on its stdin, the result on its stdout.
func (o *stormOptions) runChild(ctx context.Context, lab *dhcpLab, cfg stormConfig, stderr io.Writer) (stormResult, error) {
	exe, err := os.Executable()
	if err != nil {
		return stormResult{}, err
	}
	in, err := json.Marshal(cfg)
	if err != nil {
		return stormResult{}, err
	}
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, "ip", "netns", "exec", lab.cliNS, exe, "storm")
	cmd.Env = append(os.Environ(), stormChildEnv+"=1")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = bytes.NewReader(in), &out, stderr
	if err := cmd.Run(); err != nil {
		return stormResult{}, fmt.Errorf("simulator: %w", err)
	}
	var res stormResult
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		return stormResult{}, fmt.Errorf("simulator result: %w", err)
	}
	return res, nil
}
