package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// httpPeer is one HTTP server under test, reached at base.
type httpPeer struct {
	name, base string
}

// httpProc is a server process this benchmark started; stop ends it by
// its pid.
type httpProc struct {
	cmd  *exec.Cmd
	done chan struct{}
}

func startHTTPProc(logPath, bin string, args ...string) (*httpProc, error) {
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	p := &httpProc{cmd: cmd, done: make(chan struct{})}
	go func() { cmd.Wait(); close(p.done) }() //nolint:errcheck // stopped on purpose
	return p, nil
}

// stop sends SIGTERM (nginx: fast shutdown; its workers follow the
// master), then SIGKILL after 5 s.
func (p *httpProc) stop() {
	p.cmd.Process.Signal(syscall.SIGTERM) //nolint:errcheck // may have exited
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		p.cmd.Process.Kill() //nolint:errcheck
		<-p.done
	}
}

// startHTTPPeers starts nginx and `ironbase serve` on free loopback ports.
func (o *httpOptions) startHTTPPeers(ctx context.Context, stderr io.Writer) ([]httpPeer, func(), error) {
	ng, stopNG, err := o.startNginx(ctx)
	if err != nil {
		return nil, nil, err
	}
	ib, stopIB, err := o.startIronbaseHTTP(ctx)
	if err != nil {
		stopNG()
		return nil, nil, err
	}
	return []httpPeer{ng, ib}, func() { stopIB(); stopNG() }, nil
}

// nginxConf is a minimal static server: sendfile (and tcp_nopush, as in
// Debian's default nginx.conf), every path in the run's temp dir.
const nginxConf = `daemon off;
master_process on;
worker_processes auto;
user nobody nogroup;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 1024; }
http {
	access_log %[1]s/access.log;
	client_body_temp_path %[1]s/body;
	proxy_temp_path %[1]s/proxy;
	fastcgi_temp_path %[1]s/fastcgi;
	default_type application/octet-stream;
	sendfile on;
	tcp_nopush on;
	keepalive_timeout 65;
	server {
		listen %[2]s;
		root %[3]s;
	}
}
`

func (o *httpOptions) startNginx(ctx context.Context) (httpPeer, func(), error) {
	port, err := freeTCPPort()
	if err != nil {
		return httpPeer{}, nil, err
	}
	dir := filepath.Join(o.work, "nginx")
	conf := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(conf, fmt.Appendf(nil, nginxConf, dir, fmt.Sprintf("127.0.0.1:%d", port), o.nginxRoot), 0o644); err != nil {
		return httpPeer{}, nil, err
	}
	// -e: the error log before the config is read, else /var/log/nginx.
	p, err := startHTTPProc(filepath.Join(dir, "nginx.out"), o.nginx, "-p", dir, "-c", conf, "-e", filepath.Join(dir, "error.log"))
	if err != nil {
		return httpPeer{}, nil, err
	}
	peer := httpPeer{"nginx", fmt.Sprintf("http://127.0.0.1:%d", port)}
	if err := waitHTTP(ctx, peer.base+o.urlPath(), p); err != nil {
		p.stop()
		b, _ := os.ReadFile(filepath.Join(dir, "error.log"))
		return httpPeer{}, nil, fmt.Errorf("nginx: %w\n%s", err, b)
	}
	return peer, p.stop, nil
}

// startIronbaseHTTP runs the real binary on the data dir the blob was
// ingested into. DHCP and TFTP are off (the default); the controller runs
// (it has no hosts).
func (o *httpOptions) startIronbaseHTTP(ctx context.Context) (httpPeer, func(), error) {
	port, err := freeTCPPort()
	if err != nil {
		return httpPeer{}, nil, err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	logPath := filepath.Join(o.work, "ironbase.log")
	p, err := startHTTPProc(logPath, o.ironbase, "serve", "--data", filepath.Join(o.work, "data"), "--http", addr)
	if err != nil {
		return httpPeer{}, nil, err
	}
	peer := httpPeer{"ironbase", "http://" + addr}
	if err := waitHTTP(ctx, peer.base+"/healthz", p); err != nil {
		p.stop()
		b, _ := os.ReadFile(logPath)
		return httpPeer{}, nil, fmt.Errorf("ironbase serve: %w\n%s", err, b)
	}
	return peer, p.stop, nil
}

// waitHTTP polls url with HEAD until it answers 200, the process exits, or
// 15 s pass.
func waitHTTP(ctx context.Context, url string, p *httpProc) error {
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); {
		select {
		case <-p.done:
			return fmt.Errorf("exited during start-up")
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		req, _ := http.NewRequestWithContext(ctx, "HEAD", url, nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("%s did not answer 200 within 15s", url)
}

func freeTCPPort() (int, error) {
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
