package catalog

import (
	"database/sql"
	"fmt"

	"github.com/mattn/go-sqlite3"
)

// driverName is go-sqlite3 with the connection settings the DSN cannot
// carry (see tuneConn).
const driverName = "sqlite3-ironbase"

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: tuneConn})
}

// walCheckpointPages is how many WAL pages a commit lets pile up before it
// copies them back into the database file (SQLite's default is 1,000). A
// page written by many commits in between (a DHCP storm touches the same
// index pages over and over) is copied once per checkpoint, so a larger
// WAL means fewer database writes. 10,000 pages of 4 KiB: the WAL file
// stays under about 40 MiB, the cost paid in disk space, not safety.
const walCheckpointPages = 10000

// tuneConn runs on every new connection, reader or writer.
func tuneConn(c *sqlite3.SQLiteConn) error {
	if _, err := c.Exec(fmt.Sprintf("PRAGMA wal_autocheckpoint=%d", walCheckpointPages), nil); err != nil {
		return fmt.Errorf("catalog: set wal_autocheckpoint: %w", err)
	}
	return nil
}
