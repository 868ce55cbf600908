package main

import (
	"context"
	"fmt"
	"io"
	"net/netip"
	"time"
)

// newProxyLoad opens the generator's sockets in the lab's client
// namespace. perfdhcp binds the same port 67 there, so the generator must
// be closed before the next Kea search.
func newProxyLoad(l *dhcpLab) (*proxyLoad, error) {
	relay, err := listenUDPIn(l.cliNS, netip.AddrPortFrom(labRelayIP, 67).String())
	if err != nil {
		return nil, err
	}
	direct, err := listenUDPIn(l.cliNS, netip.AddrPortFrom(labRelayIP, 0).String())
	if err != nil {
		relay.Close()
		return nil, err
	}
	for _, c := range []interface{ SetReadBuffer(int) error }{relay, direct} {
		c.SetReadBuffer(8 << 20) // the generator must not be the one dropping
	}
	return &proxyLoad{relay: relay, direct: direct, server: labServerIP, relayIP: labRelayIP, file: "undionly.kpxe"}, nil
}

func (g *proxyLoad) close() {
	g.relay.Close()
	g.direct.Close()
}

// waitAnswering runs one-client trials until the proxy completes one.
func (g *proxyLoad) waitAnswering(ctx context.Context, p *dhcpProc) error {
	deadline := time.Now().Add(30 * time.Second)
	for seq := uint32(0xf00); ; seq++ {
		if p.exited() {
			return fmt.Errorf("ironbase exited at start: %v\n%s", p.err, p.logTail())
		}
		r, err := g.trial(ctx, seq, 1, time.Second, 200*time.Millisecond)
		if err != nil {
			return err
		}
		if r.bad > 0 {
			return fmt.Errorf("ironbase proxy answered wrongly: %s", r.firstBad)
		}
		if r.acks > 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("ironbase proxy did not answer a PXE client within 30 s\n%s", p.logTail())
		}
	}
}

func printProxy(w io.Writer, o proxyOptions, rounds []proxyRound, before, after string) {
	var kea, atKeaLost, best, p50, p99 []float64
	bad := 0
	for _, r := range rounds {
		kea = append(kea, r.kea.res.doraPerSec())
		atKeaLost = append(atKeaLost, float64(r.atKea.sent-r.atKea.acks))
		bad += r.atKea.bad + r.best.bad
		best = append(best, r.bestRate)
		p50 = append(p50, float64(r.best.percentile(0.5).Microseconds()))
		p99 = append(p99, float64(r.best.percentile(0.99).Microseconds()))
	}
	fmt.Fprintf(w, "setup: Kea full mode via perfdhcp (≤ %.0f%% drops, %d threads); ironbase --dhcp-mode proxy via the Go PXE generator (DISCOVER relayed + REQUEST to 4011, zero drops); %d rounds, %v trials; load %s → %s\n",
		100*o.dhcp.maxDrop, o.dhcp.keaThreads, len(rounds), o.period, before, after)
	fmt.Fprintln(w, "| round | Kea full DORA/s | ironbase proxy at Kea's rate: lost | ironbase proxy zero-drop rate/s | p50 / p99 at that rate |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	for i, r := range rounds {
		fmt.Fprintf(w, "| %d | %.0f | %d of %d | %.0f | %.2f / %.1f ms |\n", i+1, kea[i], r.atKea.sent-r.atKea.acks, r.atKea.sent,
			r.bestRate, p50[i]/1e3, p99[i]/1e3)
	}
	fmt.Fprintf(w, "median: Kea %.0f/s; ironbase proxy lost %.0f at Kea's rate; zero-drop rate %.0f/s (ratio to Kea %.2f); p50 %.2f ms, p99 %.1f ms; wrong answers %d\n",
		dhcpMedian(kea), dhcpMedian(atKeaLost), dhcpMedian(best), dhcpRatio(dhcpMedian(best), dhcpMedian(kea)),
		dhcpMedian(p50)/1e3, dhcpMedian(p99)/1e3, bad)
}
