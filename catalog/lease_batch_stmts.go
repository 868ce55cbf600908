package catalog

import (
	"context"
	"database/sql/driver"
	"fmt"
	"io"
	"sync"

	"github.com/mattn/go-sqlite3"
)

// The DHCP lease statements, prepared once per transaction: a batch of
// commits parses each of them once instead of once per query (parsing and
// planning were most of a lease's CPU).
const (
	stHostByMAC = iota
	stOwnLease
	stAddressFree
	stPutLease
	stPutOffer
	stClearLease
	stSetHostIP
	stInsertHost
	stInsertMAC
	stInsertSlots
	stInsertEvent
	nLeaseStmts
)

var leaseSQL = [nLeaseStmts]string{
	stHostByMAC: `SELECT h.name, h.state, COALESCE(h.ip, '') FROM host_macs m
		JOIN hosts h ON h.id = m.host_id WHERE m.mac = ?`,
	stOwnLease: `SELECT ip FROM dhcp_leases WHERE mac = ?`,
	stAddressFree: `SELECT (SELECT COUNT(*) FROM hosts WHERE ip = ?1) +
		(SELECT COUNT(*) FROM dhcp_leases WHERE ip = ?1 AND mac <> ?2 AND expires_at > ?3)`,
	// REPLACE drops the MAC's old lease and any (expired) lease on the address.
	stPutLease: `INSERT OR REPLACE INTO dhcp_leases (ip, mac, expires_at, updated_at) VALUES (?, ?, ?, ?)`,
	// An offer never shortens the lease the MAC already has on the address.
	stPutOffer: `INSERT OR REPLACE INTO dhcp_leases (ip, mac, expires_at, updated_at) VALUES (?1, ?2,
		MAX(?3, COALESCE((SELECT expires_at FROM dhcp_leases WHERE ip = ?1 AND mac = ?2), 0)), ?4)`,
	stClearLease:  `DELETE FROM dhcp_leases WHERE ip = ? OR mac = ?`,
	stSetHostIP:   `UPDATE hosts SET ip = ? WHERE name = ?`,
	stInsertHost:  `INSERT INTO hosts (name, state, arch, firmware, created_at, state_since) VALUES (?, ?, ?, ?, ?, ?)`,
	stInsertMAC:   `INSERT INTO host_macs (mac, host_id) VALUES (?, ?)`,
	stInsertSlots: `INSERT INTO slots (host_id, slot) VALUES (?1, 'A'), (?1, 'B')`,
	stInsertEvent: `INSERT INTO events (time, kind, host, subject, actor, data) VALUES (?, ?, ?, ?, ?, ?)`,
}

// leasePrepared keeps the lease statements prepared on the writer
// connection from one transaction to the next: preparing them was a third
// of a small batch's CPU. mu is held for a whole lease transaction.
type leasePrepared struct {
	mu    sync.Mutex
	conn  *sqlite3.SQLiteConn // the connection they belong to
	stmts [nLeaseStmts]driver.Stmt
}

// on returns the statements of conn, dropping those of an earlier
// connection (database/sql replaced a broken one). The caller holds mu.
func (lp *leasePrepared) on(conn *sqlite3.SQLiteConn) *[nLeaseStmts]driver.Stmt {
	if lp.conn != conn {
		lp.closeStmts()
		lp.conn = conn
	}
	return &lp.stmts
}

func (lp *leasePrepared) closeStmts() {
	for i, st := range lp.stmts {
		if st != nil {
			st.Close() //nolint:errcheck // nothing to do about it
			lp.stmts[i] = nil
		}
	}
}

// close finalizes the statements before the store closes the writer.
func (lp *leasePrepared) close() {
	lp.mu.Lock()
	defer lp.mu.Unlock()
	lp.closeStmts()
	lp.conn = nil
}

// leaseStmts runs the lease statements on the writer connection's
// driver, inside a transaction the caller began, preparing each on first
// use on that connection. It bypasses database/sql, which starts a
// goroutine for every query in a transaction and converts every argument,
// and passes the driver a context that cannot be cancelled, which keeps
// go-sqlite3 from starting one per statement: together those were a third
// of a lease's CPU.
type leaseStmts struct {
	s     *Store
	conn  *sqlite3.SQLiteConn
	stmts *[nLeaseStmts]driver.Stmt
	last  int64 // newest event id appended
	named []driver.NamedValue
}

func (p *leaseStmts) get(i int) (driver.Stmt, error) {
	if p.stmts[i] != nil {
		return p.stmts[i], nil
	}
	st, err := p.conn.Prepare(leaseSQL[i])
	if err != nil {
		return nil, fmt.Errorf("catalog: prepare lease statement %d: %w", i, err)
	}
	p.stmts[i] = st
	return st, nil
}

func (p *leaseStmts) args(args []any) []driver.NamedValue {
	p.named = p.named[:0]
	for i, a := range args {
		p.named = append(p.named, driver.NamedValue{Ordinal: i + 1, Value: a})
	}
	return p.named
}

// exec runs statement i and returns its result.
func (p *leaseStmts) exec(i int, args ...any) (driver.Result, error) {
	st, err := p.get(i)
	if err != nil {
		return nil, err
	}
	return st.(driver.StmtExecContext).ExecContext(context.Background(), p.args(args))
}

// row runs query i and stores its first row's columns in dest (*string,
// *int64); found is false when there is no row.
func (p *leaseStmts) row(i int, args []any, dest ...any) (found bool, err error) {
	st, err := p.get(i)
	if err != nil {
		return false, err
	}
	rows, err := st.(driver.StmtQueryContext).QueryContext(context.Background(), p.args(args))
	if err != nil {
		return false, err
	}
	defer rows.Close()
	vals := make([]driver.Value, len(dest))
	if err := rows.Next(vals); err == io.EOF {
		return false, nil
	} else if err != nil {
		return false, err
	}
	for i, v := range vals {
		if err := assign(dest[i], v); err != nil {
			return false, err
		}
	}
	return true, nil
}

// assign stores a driver value in *string or *int64.
func assign(dest, v any) error {
	switch d := dest.(type) {
	case *string:
		switch v := v.(type) {
		case string:
			*d = v
		case []byte:
			*d = string(v)
		case nil:
			*d = ""
		default:
			return fmt.Errorf("catalog: lease column: %T, want text", v)
		}
	case *int64:
		n, ok := v.(int64)
		if !ok {
			return fmt.Errorf("catalog: lease column: %T, want integer", v)
		}
		*d = n
	}
	return nil
}

// event appends e, as appendEvent does; the caller announces p.last once
// the transaction committed.
func (p *leaseStmts) event(e Event) error {
	res, err := p.exec(stInsertEvent, p.s.now().UnixNano(), e.Kind, e.Host, e.Subject, e.Actor, string(e.Data))
	if err != nil {
		return fmt.Errorf("catalog: append event %s: %w", e.Kind, err)
	}
	p.last, err = res.LastInsertId()
	return err
}
