package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/bougou/go-ipmi/pkg/bmc"
	"github.com/bougou/go-ipmi/pkg/clock"
	"github.com/bougou/go-ipmi/pkg/hal/mock"
	"github.com/bougou/go-ipmi/pkg/server"
	"github.com/bougou/go-ipmi/pkg/transport/udp"
	"github.com/bougou/go-ipmi/pkg/types"
)

// The simulated BMCs: go-ipmi's own BMC server (pkg/server, pkg/bmc, the
// in-memory pkg/hal/mock), one per UDP port on 127.0.0.1, all in one child
// process so that their CPU is not counted against either client side and
// their goroutines do not share a scheduler with the ironbase side.

const (
	powerUser     = "admin"
	powerPassword = "secret"
	powerSuite    = 3 // what ipmitool is told (-C 3); ironbase is pinned to it too
)

// farmFlag is the hidden flag of "ironbase-bench power" that turns the
// process into the BMC farm (the parent re-executes itself with it).
const farmFlag = "bmc-farm"

// bmcFarm is the running child process holding the BMCs.
type bmcFarm struct {
	cmd   *exec.Cmd
	stdin io.Closer
	ports []int
}

// startFarm re-executes this binary as a farm of n BMCs and waits for the
// ports it bound. Stop it with stop.
func startFarm(ctx context.Context, n int, stderr io.Writer) (*bmcFarm, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find own binary: %w", err)
	}
	cmd := exec.Command(self, "power", "-"+farmFlag, strconv.Itoa(n))
	cmd.Stderr = stderr
	stdin, err := cmd.StdinPipe() // the farm exits when this closes
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start BMC farm: %w", err)
	}
	f := &bmcFarm{cmd: cmd, stdin: stdin}
	type result struct {
		ports []int
		err   error
	}
	got := make(chan result, 1)
	go func() {
		line, err := bufio.NewReader(stdout).ReadString('\n')
		if err != nil {
			got <- result{err: fmt.Errorf("BMC farm exited before it was ready: %w", err)}
			return
		}
		ports, err := parsePorts(line)
		got <- result{ports, err}
	}()
	select {
	case r := <-got:
		if r.err == nil && len(r.ports) != n {
			r.err = fmt.Errorf("BMC farm reported %d ports, want %d", len(r.ports), n)
		}
		if r.err != nil {
			f.stop()
			return nil, r.err
		}
		f.ports = r.ports
		return f, nil
	case <-time.After(30 * time.Second):
		f.stop()
		return nil, errors.New("BMC farm not ready after 30s")
	case <-ctx.Done():
		f.stop()
		return nil, ctx.Err()
	}
}

func parsePorts(line string) ([]int, error) {
	fields := strings.Fields(line)
	if len(fields) == 0 || fields[0] != "ports" {
		return nil, fmt.Errorf("BMC farm: unexpected first line %q", line)
	}
	ports := make([]int, 0, len(fields)-1)
	for _, s := range fields[1:] {
		p, err := strconv.Atoi(s)
		if err != nil {
			return nil, fmt.Errorf("BMC farm: bad port %q", s)
		}
		ports = append(ports, p)
	}
	return ports, nil
}

// pid is the farm's process id.
func (f *bmcFarm) pid() int { return f.cmd.Process.Pid }

// stop ends the farm: stdin closes (it exits by itself), SIGTERM to its
// PID after 2s, SIGKILL after 5s. Only that PID is ever signalled.
func (f *bmcFarm) stop() {
	f.stdin.Close()
	done := make(chan struct{})
	go func() { f.cmd.Wait(); close(done) }()
	select {
	case <-done:
		return
	case <-time.After(2 * time.Second):
		f.cmd.Process.Signal(syscall.SIGTERM)
	}
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		f.cmd.Process.Kill()
		<-done
	}
}

// serveFarm is the child side: n go-ipmi BMC servers on 127.0.0.1 with
// distinct ephemeral ports, printed on one line ("ports P1 P2 ..."); it
// serves until stdin reaches EOF (the parent is gone or done).
func serveFarm(n int, stdin io.Reader, stdout io.Writer) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var servers []*server.Server
	defer func() {
		for _, s := range servers {
			s.Close()
		}
	}()
	ports := make([]string, 0, n)
	errs := make(chan error, n)
	for i := range n {
		s, port, err := newFarmBMC(i)
		if err != nil {
			return err
		}
		servers = append(servers, s)
		ports = append(ports, strconv.Itoa(port))
		go func() { errs <- s.Serve(ctx) }()
	}
	if _, err := fmt.Fprintf(stdout, "ports %s\n", strings.Join(ports, " ")); err != nil {
		return err
	}
	eof := make(chan struct{})
	go func() { io.Copy(io.Discard, stdin); close(eof) }()
	select {
	case <-eof:
		return nil
	case err := <-errs:
		return fmt.Errorf("a BMC server stopped: %v", err)
	}
}

// newFarmBMC builds BMC number i: mock hardware (every third host powered
// on), user 2 admin/secret with administrator rights on LAN channel 1,
// cipher suites 3 and 17 (go-ipmi's default set).
func newFarmBMC(i int) (*server.Server, int, error) {
	h := mock.New()
	if err := h.Chassis().SetPower(context.Background(), i%3 == 0); err != nil {
		return nil, 0, err
	}
	info := bmc.DeviceInfo{
		DeviceID: 32, DeviceRevision: 1, FirmwareMajor: 1, IPMIVersion: 0x20,
		ManufacturerID: 0x000157, ProductID: 0x0001, AdditionalDeviceSupport: 0x39,
	}
	var guid [16]byte
	copy(guid[:], fmt.Sprintf("ironbase-bmc%04d", i))
	b := bmc.New(info, guid, h, bmc.WithClock(clock.Real),
		bmc.WithCipherSuites([]types.CipherSuiteID{types.CipherSuiteID3, types.CipherSuiteID17}))
	u, err := b.Users.Add(2, powerUser)
	if err != nil {
		return nil, 0, fmt.Errorf("BMC %d: add user: %w", i, err)
	}
	u.SetPassword([]byte(powerPassword))
	u.Enabled = true
	u.ChannelAccess[1] = bmc.UserChannelAccess{MaxPrivilege: bmc.PrivilegeLevelAdministrator, Enabled: true}
	conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		return nil, 0, fmt.Errorf("BMC %d: listen: %w", i, err)
	}
	port := conn.LocalAddr().(*net.UDPAddr).Port
	return server.NewServer(b, udp.Wrap(conn)), port, nil
}
