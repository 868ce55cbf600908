package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// ListTokens returns every token (never a secret), revoked ones included.
func (s *Store) ListTokens(ctx context.Context) ([]Token, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, name, role, created_at, revoked_at FROM api_tokens ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("catalog: list tokens: %w", err)
	}
	defer rows.Close()
	out := []Token{}
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("catalog: scan token: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes a token by name; it stops working at once.
func (s *Store) RevokeToken(ctx context.Context, name, actor string) error {
	return s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL`,
			s.now().UnixNano(), name)
		if err != nil {
			return fmt.Errorf("catalog: revoke token: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return Errorf(KindNotFound, "no live token named %s", name)
		}
		_, err = s.appendEvent(ctx, tx, Event{Kind: "token.revoked", Subject: name, Actor: actor})
		return err
	})
}

// BootstrapAdminToken makes sure a fresh catalog has an admin token whose
// secret is in the file at path (mode 0600). The file is written before the
// hash is committed, so a crash in between leaves a file that the next start
// adopts, never a stored token nobody knows. It does nothing once any token
// exists, and reports whether it created the token.
func (s *Store) BootstrapAdminToken(ctx context.Context, path string) (bool, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM api_tokens`).Scan(&n); err != nil {
		return false, fmt.Errorf("catalog: count tokens: %w", err)
	}
	if n > 0 {
		return false, nil
	}
	secret, err := adminSecret(path)
	if err != nil {
		return false, err
	}
	_, err = s.insertToken(ctx, "admin", RoleAdmin, secret, "ironbase")
	return err == nil, err
}

func adminSecret(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err == nil && strings.HasPrefix(strings.TrimSpace(string(b)), tokenPrefix) {
		return strings.TrimSpace(string(b)), nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("catalog: read %s: %w", path, err)
	}
	secret, err := NewTokenSecret()
	if err != nil {
		return "", err
	}
	return secret, writeFileSync(path, []byte(secret+"\n"), 0o600)
}

// writeFileSync writes a new file through a temp file, fsync and rename.
func writeFileSync(path string, data []byte, mode os.FileMode) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode)
	if err != nil {
		return fmt.Errorf("catalog: write %s: %w", path, err)
	}
	_, werr := f.Write(data)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("catalog: write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("catalog: write %s: %w", path, err)
	}
	return nil
}
