package main

import (
	"context"
	"net"
	"net/http"
	"time"

	"github.com/insomniacslk/dhcp/dhcpv4"
)

// The steps of one simulated boot, in order.
const (
	stepDHCPPXE = iota
	stepTFTP
	stepDHCPIPXE
	stepScript
	stepKernel
	stepInitrd
	stepHello
	stepSuite
	stormSteps
)

var stormStepNames = [stormSteps]string{"dhcp (PXE)", "tftp first stage", "dhcp (iPXE)", "ipxe script",
	"kernel", "initrd", "agent hello", "agent suite"}

// stormHostResult is one host's boot: the time of each step done, the
// step that failed (with why), and retransmissions/retries made.
type stormHostResult struct {
	Start   time.Duration   `json:"start"` // after the storm began
	Total   time.Duration   `json:"total"`
	Steps   []time.Duration `json:"steps"`
	Retries []int           `json:"retries"` // retransmissions per step
	// The TFTP step's time split (stormTFTPStats): waiting for the server,
	// and this simulator's own delay in reading what had arrived.
	TFTPServer time.Duration `json:"tftp_server"`
	TFTPClient time.Duration `json:"tftp_client"`
	Failed     string        `json:"failed,omitempty"`
	Err        string        `json:"err,omitempty"`
}

// stormHost is one simulated machine booting.
type stormHost struct {
	cfg     *stormConfig
	dhcp    *stormDHCP
	files   map[string][]byte // kernel and initrd by digest
	mac     net.HardwareAddr
	index   int
	ack     *dhcpv4.DHCPv4
	web     *http.Client
	plan    ipxeBoot
	agent   *stormAgent
	retries int
	tftpSt  stormTFTPStats
}

func (h *stormHost) boot(ctx context.Context, began time.Time) stormHostResult {
	h.web = newStormClient()
	defer h.web.CloseIdleConnections()
	steps := []func(context.Context) error{h.dhcpPXE, h.tftp, h.dhcpIPXE, h.script, h.kernel, h.initrd}
	if h.cfg.Agent {
		steps = append(steps, h.hello, h.suite)
	}
	start := time.Now()
	res := stormHostResult{Start: start.Sub(began), Steps: make([]time.Duration, len(steps)), Retries: make([]int, len(steps))}
	for i, step := range steps {
		t, r := time.Now(), h.retried()
		err := step(ctx)
		res.Retries[i] = h.retried() - r
		if err != nil {
			res.Failed, res.Err = stormStepNames[i], err.Error()
			break
		}
		res.Steps[i] = time.Since(t)
	}
	res.Total = time.Since(start)
	res.TFTPServer, res.TFTPClient = h.tftpSt.Server, h.tftpSt.Client
	if h.agent != nil {
		h.agent.c.CloseIdleConnections()
	}
	return res
}

// retried is the retransmissions (DHCP, TFTP) and agent retries so far.
func (h *stormHost) retried() int {
	if h.agent == nil {
		return h.retries
	}
	return h.retries + h.agent.Retries
}
