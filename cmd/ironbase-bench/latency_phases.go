package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"
)

// eventPhases names the host events the report times: the first DHCP
// request (the lease), the boot script served (the boot recorded), the
// agent's hello, the suite's result and the move to ready.
func eventPhase(kind string, data json.RawMessage) string {
	switch kind {
	case "host.address":
		return "dhcp"
	case "host.boot":
		return "script"
	case "agent.hello":
		return "hello"
	case "suite.result":
		return "suite"
	case "host.state":
		var d struct{ To string }
		if json.Unmarshal(data, &d) == nil && d.To == "ready" {
			return "ready"
		}
	}
	return ""
}

// phases reads the host's events and returns the first of each timed
// phase, from t0 (the server's clock: the same machine's).
func (c ibCLI) phases(ctx context.Context, t0 time.Time) ([]latencyPhase, error) {
	out, err := c.run(ctx, "events", "--host", benchHost, "-o", "json")
	if err != nil {
		return nil, err
	}
	var ps []latencyPhase
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var ev struct {
			Time time.Time       `json:"time"`
			Kind string          `json:"kind"`
			Data json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			return nil, fmt.Errorf("events: %w", err)
		}
		if name := eventPhase(ev.Kind, ev.Data); name != "" && !seen[name] {
			seen[name] = true
			ps = append(ps, latencyPhase{name: name, at: ev.Time.Sub(t0)})
		}
	}
	return ps, sc.Err()
}

// serverLog is what the server's access log says about one boot: when
// the last kernel or initrd download ended (a line is written when its
// request ends) and the agent's hello requests (status and duration).
type serverLog struct {
	fetched time.Time
	hellos  []string
}

func readServerLog(path string) serverLog {
	var sl serverLog
	b, _ := os.ReadFile(path)
	for _, line := range bytes.Split(b, []byte("\n")) {
		var l struct {
			Time   time.Time     `json:"time"`
			Msg    string        `json:"msg"`
			Path   string        `json:"path"`
			Status int           `json:"status"`
			Dur    time.Duration `json:"dur"`
		}
		if json.Unmarshal(line, &l) != nil || l.Msg != "http" {
			continue
		}
		switch {
		case strings.HasPrefix(l.Path, "/boot/artifacts/") && l.Time.After(sl.fetched):
			sl.fetched = l.Time
		case l.Path == "/agent/v1/hello":
			sl.hellos = append(sl.hellos, fmt.Sprintf("%d in %s", l.Status, l.Dur.Round(time.Millisecond)))
		}
	}
	return sl
}
