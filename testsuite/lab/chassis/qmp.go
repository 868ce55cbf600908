package chassis

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"time"
)

// qmp runs one QMP command on the socket at path and waits for its answer
// (5 s at most: a stopped VM does not answer).
func qmp(ctx context.Context, path, command string) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		return fmt.Errorf("chassis: qmp: %w", err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	r := bufio.NewReader(conn)
	if _, err := r.ReadBytes('\n'); err != nil { // greeting
		return fmt.Errorf("chassis: qmp greeting: %w", err)
	}
	for _, cmd := range []string{"qmp_capabilities", command} {
		if err := qmpCall(conn, r, cmd); err != nil {
			return err
		}
	}
	return nil
}

// qmpCall sends one command and reads until its return (skipping events).
func qmpCall(conn net.Conn, r *bufio.Reader, cmd string) error {
	if _, err := fmt.Fprintf(conn, `{"execute":%q}`+"\n", cmd); err != nil {
		return fmt.Errorf("chassis: qmp %s: %w", cmd, err)
	}
	for {
		line, err := r.ReadBytes('\n')
		if err != nil {
			return fmt.Errorf("chassis: qmp %s: %w", cmd, err)
		}
		var msg struct {
			Return json.RawMessage `json:"return"`
			Error  *struct {
				Desc string `json:"desc"`
			} `json:"error"`
		}
		if json.Unmarshal(line, &msg) != nil {
			continue
		}
		if msg.Error != nil {
			return fmt.Errorf("chassis: qmp %s: %s", cmd, msg.Error.Desc)
		}
		if msg.Return != nil {
			return nil
		}
	}
}
