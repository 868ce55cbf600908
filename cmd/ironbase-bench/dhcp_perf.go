package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// MAC prefixes keep the clients of each phase apart: perfdhcp adds a random
// number below 2^24 to its base MAC, so each base owns three bytes.
const (
	trialMACBase = "02:02:00:00:00:00" // new clients of a trial
	probeMAC     = "02:03:00:00:00:01" // the readiness probe
	prefillMAC   = 0x020100000000      // leases written before start (dhcp_prefill.go)
	randomMACs   = 1<<24 - 1
)

// perfResult is what one perfdhcp run counted.
type perfResult struct {
	discovers, offers, requests, acks int
	period                            time.Duration
}

// lost is the fraction of DORAs that did not complete.
func (r perfResult) lost() float64 {
	if r.discovers == 0 {
		return 1
	}
	return 1 - float64(r.acks)/float64(r.discovers)
}

// doraPerSec is completed DORAs per second of sending.
func (r perfResult) doraPerSec() float64 {
	return float64(r.acks) / r.period.Seconds()
}

// perfTrial offers rate clients per second for period. perfdhcp stops
// sending after period and waits one more second (-W), so exchanges still
// in flight at the end are not counted as drops; an answer later than the
// drop time (1 s, perfdhcp's default) is a drop.
// With a MAC list (known hosts) every exchange takes one of its MACs.
func perfTrial(ctx context.Context, perfdhcp string, l *dhcpLab, rate float64, period time.Duration, macList string) (perfResult, error) {
	clients := []string{"-R", strconv.Itoa(randomMACs), "-b", "mac=" + trialMACBase}
	if macList != "" {
		clients = []string{"-M", macList}
	}
	args := append([]string{"-4", "-l", l.cliIf, "-r", strconv.Itoa(int(rate + 0.5))}, clients...)
	args = append(args, "-p", strconv.Itoa(int(period/time.Second)), "-W", "1000000") // -p takes whole seconds
	r, err := perfdhcpRun(ctx, perfdhcp, l, args)
	r.period = period
	return r, err
}

// perfProbe is a DORA or two as one client; it succeeds once a server is
// up. (With -n 1 perfdhcp exits before the ACK can arrive.)
func perfProbe(ctx context.Context, perfdhcp string, l *dhcpLab) bool {
	args := []string{"-4", "-l", l.cliIf, "-R", "1", "-b", "mac=" + probeMAC, "-r", "10", "-n", "2", "-W", "300000"}
	r, err := perfdhcpRun(ctx, perfdhcp, l, args)
	return err == nil && r.acks >= 1
}

func perfdhcpRun(ctx context.Context, perfdhcp string, l *dhcpLab, args []string) (perfResult, error) {
	full := append([]string{"netns", "exec", l.cliNS, perfdhcp}, args...)
	out, err := exec.CommandContext(ctx, "ip", append(full, labServerIP.String())...).CombinedOutput()
	var ee *exec.ExitError
	if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 3) { // 3: some exchanges failed
		if ctx.Err() != nil {
			return perfResult{}, ctx.Err()
		}
		return perfResult{}, fmt.Errorf("perfdhcp %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	r, err := parsePerfdhcp(string(out))
	if err != nil {
		return r, fmt.Errorf("perfdhcp %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return r, nil
}

// parsePerfdhcp reads the sent and received counts of the DISCOVER-OFFER
// and REQUEST-ACK sections of perfdhcp's final report.
func parsePerfdhcp(out string) (perfResult, error) {
	var r perfResult
	var sec string
	seen := 0
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "***Statistics for: DISCOVER-OFFER"):
			sec = "do"
		case strings.HasPrefix(line, "***Statistics for: REQUEST-ACK"):
			sec = "ra"
		case strings.HasPrefix(line, "***"):
			sec = ""
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok || sec == "" || (k != "sent packets" && k != "received packets") {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return r, fmt.Errorf("parse %q: %w", line, err)
		}
		seen++
		switch sec + " " + k {
		case "do sent packets":
			r.discovers = n
		case "do received packets":
			r.offers = n
		case "ra sent packets":
			r.requests = n
		case "ra received packets":
			r.acks = n
		}
	}
	if seen == 0 {
		return r, errors.New("no DISCOVER-OFFER statistics in the report")
	}
	return r, nil
}
