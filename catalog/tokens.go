package catalog

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Role is what a token may do. Each role includes the ones below it.
type Role int

// The roles, weakest first.
const (
	RoleViewer    Role = iota + 1 // reads everything
	RoleScheduler                 // reserves and releases hosts
	RoleAdmin                     // changes the lab
)

var roleNames = map[Role]string{RoleViewer: "viewer", RoleScheduler: "scheduler", RoleAdmin: "admin"}

func (r Role) String() string {
	if n, ok := roleNames[r]; ok {
		return n
	}
	return fmt.Sprintf("Role(%d)", int(r))
}

// ParseRole parses a role name.
func ParseRole(s string) (Role, error) {
	for r, n := range roleNames {
		if n == s {
			return r, nil
		}
	}
	return 0, Errorf(KindInvalid, "unknown role %q: want admin, scheduler or viewer", s)
}

// Allows reports whether r is at least need.
func (r Role) Allows(need Role) bool { return r >= need }

// MarshalText encodes the role by name.
func (r Role) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText decodes a role name.
func (r *Role) UnmarshalText(b []byte) error {
	v, err := ParseRole(string(b))
	*r = v
	return err
}

// Token is an API token as stored: a name, a role and the hash of its secret.
type Token struct {
	ID        int64      `json:"id"`
	Name      string     `json:"name"`
	Role      Role       `json:"role"`
	CreatedAt time.Time  `json:"created_at"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

const tokenPrefix = "ibt_"

// NewTokenSecret makes a fresh random token secret.
func NewTokenSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("catalog: token randomness: %w", err)
	}
	return tokenPrefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// HashToken is how a token secret is stored: hex sha256. Secrets are 256
// random bits, so a fast hash is enough; nothing reversible is kept.
func HashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// CreateToken makes a token and returns its secret, shown this once.
func (s *Store) CreateToken(ctx context.Context, name string, role Role, actor string) (string, Token, error) {
	secret, err := NewTokenSecret()
	if err != nil {
		return "", Token{}, err
	}
	t, err := s.insertToken(ctx, name, role, secret, actor)
	return secret, t, err
}

func (s *Store) insertToken(ctx context.Context, name string, role Role, secret, actor string) (Token, error) {
	if err := ValidName("token", name); err != nil {
		return Token{}, err
	}
	if _, ok := roleNames[role]; !ok {
		return Token{}, Errorf(KindInvalid, "token %s: unknown role", name)
	}
	t := Token{Name: name, Role: role, CreatedAt: s.now()}
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (name, role, hash, created_at) VALUES (?, ?, ?, ?)`,
			name, role.String(), HashToken(secret), t.CreatedAt.UnixNano())
		if isUniqueViolation(err) {
			return Errorf(KindConflict, "token %s already exists", name)
		}
		if err != nil {
			return fmt.Errorf("catalog: insert token: %w", err)
		}
		t.ID, _ = res.LastInsertId()
		_, err = s.appendEvent(ctx, tx, Event{Kind: "token.created", Subject: name, Actor: actor,
			Data: eventData(map[string]string{"role": role.String()})})
		return err
	})
	return t, err
}

// Authenticate finds the live token whose secret this is.
func (s *Store) Authenticate(ctx context.Context, secret string) (Token, error) {
	if !strings.HasPrefix(secret, tokenPrefix) {
		return Token{}, Errorf(KindUnauthenticated, "invalid API token")
	}
	t, err := scanToken(s.r.QueryRowContext(ctx, `SELECT id, name, role, created_at, revoked_at
		FROM api_tokens WHERE hash = ? AND revoked_at IS NULL`, HashToken(secret)))
	if errors.Is(err, sql.ErrNoRows) {
		return Token{}, Errorf(KindUnauthenticated, "invalid or revoked API token")
	}
	if err != nil {
		return Token{}, fmt.Errorf("catalog: authenticate: %w", err)
	}
	return t, nil
}

func scanToken(row interface{ Scan(...any) error }) (Token, error) {
	var t Token
	var role string
	var created int64
	var revoked sql.NullInt64
	if err := row.Scan(&t.ID, &t.Name, &role, &created, &revoked); err != nil {
		return t, err
	}
	t.CreatedAt = time.Unix(0, created).UTC()
	if revoked.Valid {
		r := time.Unix(0, revoked.Int64).UTC()
		t.RevokedAt = &r
	}
	var err error
	t.Role, err = ParseRole(role)
	return t, err
}
