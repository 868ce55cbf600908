package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// dhcpTarget is one server configuration under test. start runs it with
// fresh state under trialDir; every trial gets a new server.
type dhcpTarget struct {
	name     string
	ironbase bool
	start    func(ctx context.Context, trialDir string) (*dhcpProc, error)
	metrics  func(ctx context.Context) string // after a trial: a short note, or ""
}

// targets orders the servers peer, ironbase, peer, ironbase, … and writes
// the catalogs the ironbase targets start from.
func (o dhcpOptions) targets(ctx context.Context, l *dhcpLab, dir string, stderr io.Writer) ([]*dhcpTarget, error) {
	var peers, ours []*dhcpTarget
	for _, p := range o.peers {
		if p == "kea" {
			peers = append(peers, o.keaTarget(l))
		} else {
			peers = append(peers, o.dnsmasqTarget(l))
		}
	}
	for _, n := range o.leases {
		db := filepath.Join(dir, fmt.Sprintf("template-%d", n), "catalog.db")
		if err := os.MkdirAll(filepath.Dir(db), 0o700); err != nil {
			return nil, err
		}
		start := time.Now()
		if err := prefillLeases(ctx, db, n, o.known); err != nil {
			return nil, err
		}
		fmt.Fprintf(stderr, "dhcp: catalog with %d existing leases and %d known hosts written in %v\n", n, o.known, time.Since(start).Round(time.Millisecond))
		ours = append(ours, o.ironbaseTarget(l, db, n))
	}
	var out []*dhcpTarget
	for i := 0; i < max(len(peers), len(ours)); i++ {
		if i < len(peers) {
			out = append(out, peers[i])
		}
		if i < len(ours) {
			out = append(out, ours[i])
		}
	}
	return out, nil
}

// keaTarget is kea-dhcp4 with the memfile lease database (persisted to a
// CSV file, as in a default install) and multi-threading.
func (o dhcpOptions) keaTarget(l *dhcpLab) *dhcpTarget {
	return &dhcpTarget{name: "kea", start: func(ctx context.Context, dir string) (*dhcpProc, error) {
		mt := map[string]any{"enable-multi-threading": o.keaThreads > 0}
		if o.keaThreads > 0 {
			mt["thread-pool-size"] = o.keaThreads
			mt["packet-queue-size"] = 64
		}
		cfg := map[string]any{"Dhcp4": map[string]any{
			// All traffic is relayed (unicast to the server), Kea's advice for that is udp sockets.
			"interfaces-config": map[string]any{"interfaces": []string{l.srvIf}, "dhcp-socket-type": "udp"},
			"lease-database": map[string]any{"type": "memfile", "persist": true,
				"name": filepath.Join(dir, "kea-leases4.csv"), "lfc-interval": 0},
			"multi-threading": mt,
			"valid-lifetime":  3600,
			"subnet4": []any{map[string]any{"id": 1, "subnet": labSubnet.String(),
				"pools":        []any{map[string]any{"pool": labFirst.String() + " - " + labLast.String()}},
				"option-data":  []any{map[string]any{"name": "routers", "data": labServerIP.String()}},
				"reservations": keaReservations(o.known)}},
			"loggers": []any{map[string]any{"name": "kea-dhcp4", "severity": "WARN",
				"output_options": []any{map[string]any{"output": "stdout"}}}},
		}}
		path := filepath.Join(dir, "kea-dhcp4.json")
		b, _ := json.MarshalIndent(cfg, "", "  ")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			return nil, err
		}
		// Pid and lock files in the trial dir, not /run/kea (shared machine).
		env := []string{"KEA_PIDFILE_DIR=" + dir, "KEA_LOCKFILE_DIR=" + dir}
		return dhcpStartInNS(l.srvNS, "kea", filepath.Join(dir, "kea.log"), env, o.kea, "-c", path)
	}}
}

// dnsmasqTarget is dnsmasq as a DHCP server only (DNS off), without the
// ping before an offer and without per-packet logging.
func (o dhcpOptions) dnsmasqTarget(l *dhcpLab) *dhcpTarget {
	return &dhcpTarget{name: "dnsmasq", start: func(ctx context.Context, dir string) (*dhcpProc, error) {
		args := []string{"--keep-in-foreground", "--conf-file=/dev/null", "--port=0", "--no-resolv", "--no-hosts",
			"--interface=" + l.srvIf, "--bind-interfaces", "--user=root", "--no-ping", "--quiet-dhcp",
			"--dhcp-range=" + strings.Join([]string{labFirst.String(), labLast.String(), labMask, "1h"}, ","),
			"--dhcp-option=option:router," + labServerIP.String(),
			"--dhcp-lease-max=1000000",
			"--dhcp-leasefile=" + filepath.Join(dir, "dnsmasq.leases"),
			"--pid-file=" + filepath.Join(dir, "dnsmasq.pid"),
			"--log-facility=" + filepath.Join(dir, "dnsmasq.syslog")}
		if o.hostsFile != "" {
			args = append(args, "--dhcp-hostsfile="+o.hostsFile)
		}
		return dhcpStartInNS(l.srvNS, "dnsmasq", filepath.Join(dir, "dnsmasq.log"), nil, o.dnsmasq, args...)
	}}
}

// ironbaseTarget is the real binary, `ironbase serve --dhcp-mode full`,
// starting each trial from a copy of the catalog in template.
func (o dhcpOptions) ironbaseTarget(l *dhcpLab, template string, leases int) *dhcpTarget {
	const httpAddr = "127.0.0.1:8080" // inside the server namespace only
	return &dhcpTarget{name: "ironbase " + dhcpLeaseLabel(leases), ironbase: true,
		start: func(ctx context.Context, dir string) (*dhcpProc, error) {
			data, ipxe := filepath.Join(dir, "data"), filepath.Join(dir, "ipxe")
			for _, d := range []string{data, ipxe} {
				if err := os.MkdirAll(d, 0o700); err != nil {
					return nil, err
				}
			}
			for _, suffix := range []string{"", "-wal"} { // Close checkpoints; a -wal is unexpected
				err := dhcpCopyFile(template+suffix, filepath.Join(data, "catalog.db"+suffix))
				if err != nil && (suffix == "" || !errors.Is(err, fs.ErrNotExist)) {
					return nil, err
				}
			}
			args := []string{"serve", "--data", data, "--http", "0.0.0.0:8080", "--dhcp-mode", "full",
				"--dhcp-interface", l.srvIf, "--subnet", labSubnet.String(),
				"--range", labFirst.String() + "-" + labLast.String(), "--gateway", labServerIP.String(),
				"--ipxe-dir", ipxe, "--log-level", "warn"} // Kea runs at severity WARN too
			return dhcpStartInNS(l.srvNS, "ironbase", filepath.Join(dir, "ironbase.log"), nil, o.ironbase, args...)
		},
		metrics: func(ctx context.Context) string {
			if o.curl == "" {
				return ""
			}
			out, err := exec.CommandContext(ctx, "ip", "netns", "exec", l.srvNS, o.curl, "-sf", "--max-time", "5",
				"http://"+httpAddr+"/metrics").Output()
			if err != nil {
				return ""
			}
			return dhcpDrops(string(out))
		}}
}

// dhcpDrops sums ironbase_dhcp_dropped_total by reason: "overload=12".
func dhcpDrops(metrics string) string {
	var parts []string
	for _, line := range strings.Split(metrics, "\n") {
		rest, ok := strings.CutPrefix(line, `ironbase_dhcp_dropped_total{reason="`)
		if !ok {
			continue
		}
		reason, val, _ := strings.Cut(rest, `"} `)
		parts = append(parts, reason+"="+strings.TrimSpace(val))
	}
	if len(parts) == 0 {
		return "server drops: none"
	}
	return "server drops: " + strings.Join(parts, " ")
}

func dhcpLeaseLabel(n int) string {
	if n >= 1000 && n%1000 == 0 {
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprint(n)
}

func dhcpCopyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy %s: %w", src, err)
	}
	// On disk before the server starts: otherwise its first checkpoint
	// (an fsync of the database) would flush the whole copy mid-trial.
	if err := out.Sync(); err != nil {
		out.Close()
		return fmt.Errorf("sync %s: %w", dst, err)
	}
	return out.Close()
}
