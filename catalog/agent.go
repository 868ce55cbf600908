package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

// AgentOrder is what the server tells an agent in reply to a hello or a
// heartbeat. ID numbers the command so the agent runs each one once.
type AgentOrder struct {
	Command   string   `json:"command,omitempty"` // "", retest, hold
	ID        int64    `json:"id,omitempty"`
	Heartbeat Duration `json:"heartbeat"` // how often to send heartbeats
	Sample    bool     `json:"sample"`    // sample resource use now (suite or reservation running)
}

// agentHeartbeat is how often agents are asked to report: a third of the
// pool's heartbeat timeout, so one lost heartbeat never trips the watchdog.
func agentHeartbeat(timeoutSecs int64) Duration {
	return Duration(durationOf(timeoutSecs * 1e9 / 3))
}

// RecordHello stores the agent's first report of a boot (what it sees) and
// marks the boot alive. Only the current boot's token is accepted
// (invariant 3).
func (s *Store) RecordHello(ctx context.Context, token string, hello json.RawMessage) (BootTicket, AgentOrder, error) {
	if len(hello) > 256<<10 {
		return BootTicket{}, AgentOrder{}, Errorf(KindTooLarge, "hello is %d bytes (limit 256 KiB)", len(hello))
	}
	var t BootTicket
	var o AgentOrder
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		if t, err = currentBoot(ctx, tx, token); err != nil {
			return err
		}
		now := s.now().UnixNano()
		if _, err := tx.ExecContext(ctx, `UPDATE boots SET hello_at = ?, seen_at = ?, inventory = ? WHERE id = ?`,
			now, now, string(hello), t.ID); err != nil {
			return fmt.Errorf("catalog: record hello: %w", err)
		}
		if o, err = agentOrderTx(ctx, tx, t.Host); err != nil {
			return err
		}
		_, err = s.appendEvent(ctx, tx, Event{Kind: "agent.hello", Host: t.Host, Subject: t.Image, Actor: "agent",
			Data: eventData(map[string]any{"boot": t.ID, "slot": t.Slot})})
		return err
	})
	return t, o, err
}

// Heartbeat marks the boot alive and returns the agent's orders. It writes
// no event: heartbeats are not state changes.
func (s *Store) Heartbeat(ctx context.Context, token string) (AgentOrder, error) {
	var o AgentOrder
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		t, err := currentBoot(ctx, tx, token)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE boots SET seen_at = ? WHERE id = ?`, s.now().UnixNano(), t.ID); err != nil {
			return fmt.Errorf("catalog: heartbeat: %w", err)
		}
		o, err = agentOrderTx(ctx, tx, t.Host)
		return err
	})
	return o, err
}

func agentOrderTx(ctx context.Context, tx *sql.Tx, host string) (AgentOrder, error) {
	var o AgentOrder
	var state string
	var hb int64
	err := tx.QueryRowContext(ctx, `SELECT h.command, h.command_id, h.state, COALESCE(p.heartbeat_secs, 30)
		FROM hosts h LEFT JOIN pools p ON p.id = h.pool_id WHERE h.name = ?`, host).Scan(&o.Command, &o.ID, &state, &hb)
	if err != nil {
		return o, fmt.Errorf("catalog: agent orders: %w", err)
	}
	if o.Command == "" {
		o.ID = 0
	}
	o.Heartbeat = agentHeartbeat(hb)
	o.Sample = state == "reserved" || state == "verifying" || state == "trial"
	return o, nil
}

// SuiteSource is where a boot's acceptance suite comes from: the image's
// checks blob (empty when it has none) and the pool's additions (JSON).
type SuiteSource struct {
	Ticket     BootTicket
	ChecksBlob string
	PoolSuite  string
}

// BootSuite returns the suite the agent of the boot with this token runs.
func (s *Store) BootSuite(ctx context.Context, token string) (SuiteSource, error) {
	var src SuiteSource
	err := s.read(ctx, func(tx *sql.Tx) error {
		t, err := currentBoot(ctx, tx, token)
		if err != nil {
			return err
		}
		src.Ticket = t
		return tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT a.digest FROM image_artifacts a JOIN boots b ON b.image_id = a.image_id
			WHERE b.id = ? AND a.role = 'checks' ORDER BY a.position LIMIT 1), ''),
			COALESCE((SELECT p.suite FROM pools p JOIN hosts h ON h.pool_id = p.id WHERE h.name = ?), '')`,
			t.ID, t.Host).Scan(&src.ChecksBlob, &src.PoolSuite)
	})
	return src, err
}

// NoteDHCP records that the DHCP server answered one of each host's MACs
// (the controller's "DHCP seen" signal), for many hosts in one transaction.
func (s *Store) NoteDHCP(ctx context.Context, hosts ...string) error {
	return s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		// Prepared once: a boot storm notes thousands of hosts per flush.
		st, err := tx.PrepareContext(ctx, `UPDATE hosts SET dhcp_at = ? WHERE name = ?`)
		if err != nil {
			return fmt.Errorf("catalog: note DHCP: %w", err)
		}
		defer st.Close()
		now := s.now().UnixNano()
		for _, h := range hosts {
			if _, err := st.ExecContext(ctx, now, h); err != nil {
				return fmt.Errorf("catalog: note DHCP: %w", err)
			}
		}
		return nil
	})
}
