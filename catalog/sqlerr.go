package catalog

import (
	"errors"

	"github.com/mattn/go-sqlite3"
)

// isUniqueViolation reports whether err is a UNIQUE or PRIMARY KEY clash.
func isUniqueViolation(err error) bool {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return false
	}
	return se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey
}

// diskFull turns SQLite's "database or disk is full" into an unavailable
// domain error that says so; other errors pass unchanged.
func diskFull(err error) error {
	var se sqlite3.Error
	if err == nil || !errors.As(err, &se) || se.Code != sqlite3.ErrFull {
		return err
	}
	return &Error{Kind: KindUnavailable, Msg: "catalog: the disk holding the catalog is full; the write was not made", Err: err}
}
