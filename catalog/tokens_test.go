package catalog

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTokenLifecycle(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	secret, tok, err := s.CreateToken(ctx, "ci", RoleScheduler, "admin")
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Authenticate(ctx, secret)
	if err != nil || got.Name != "ci" || got.Role != RoleScheduler {
		t.Fatalf("Authenticate = %+v, %v", got, err)
	}
	var stored string
	s.r.QueryRow(`SELECT hash FROM api_tokens WHERE id = ?`, tok.ID).Scan(&stored)
	if stored == secret || strings.Contains(stored, secret[len(tokenPrefix):]) {
		t.Fatal("token secret stored in clear")
	}
	for _, bad := range []string{"", "nope", secret + "x", tokenPrefix + "AAAA"} {
		if _, err := s.Authenticate(ctx, bad); !IsKind(err, KindUnauthenticated) {
			t.Errorf("Authenticate(%q) err = %v, want unauthenticated", bad, err)
		}
	}
	if err := s.RevokeToken(ctx, "ci", "admin"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, secret); !IsKind(err, KindUnauthenticated) {
		t.Errorf("revoked token still authenticates: %v", err)
	}
	if err := s.RevokeToken(ctx, "ci", "admin"); !IsKind(err, KindNotFound) {
		t.Errorf("second revoke err = %v, want not found", err)
	}
}

func TestRoleOrder(t *testing.T) {
	if !RoleAdmin.Allows(RoleScheduler) || RoleViewer.Allows(RoleScheduler) || !RoleScheduler.Allows(RoleScheduler) {
		t.Fatal("roles must be ordered viewer < scheduler < admin")
	}
}

func TestBootstrapAdminToken(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "admin.token")
	created, err := s.BootstrapAdminToken(ctx, path)
	if err != nil || !created {
		t.Fatalf("first bootstrap = %v, %v", created, err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("admin.token mode %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	b, _ := os.ReadFile(path)
	if tok, err := s.Authenticate(ctx, strings.TrimSpace(string(b))); err != nil || tok.Role != RoleAdmin {
		t.Fatalf("admin.token does not authenticate as admin: %+v %v", tok, err)
	}
	if created, err := s.BootstrapAdminToken(ctx, path); err != nil || created {
		t.Fatalf("second bootstrap = %v, %v; want nothing done", created, err)
	}
}

func TestBootstrapAdoptsFileWrittenBeforeCrash(t *testing.T) {
	s := newTestStore(t)
	path := filepath.Join(t.TempDir(), "admin.token")
	secret, _ := NewTokenSecret()
	os.WriteFile(path, []byte(secret+"\n"), 0o600)
	if _, err := s.BootstrapAdminToken(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(context.Background(), secret); err != nil {
		t.Fatalf("the token in the file left by a crash was not adopted: %v", err)
	}
}

func TestKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "secret.key")
	a, err := LoadOrCreateKey(path)
	if err != nil {
		t.Fatal(err)
	}
	sealed, _ := a.Seal("pw", "ctx")
	b, err := LoadOrCreateKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := b.Open(sealed, "ctx"); err != nil || got.Reveal() != "pw" {
		t.Fatalf("reloaded key cannot open: %v", err)
	}
	os.Chmod(path, 0o644)
	if _, err := LoadOrCreateKey(path); !IsKind(err, KindInvalid) {
		t.Errorf("a world-readable key file was accepted: %v", err)
	}
	os.WriteFile(path, []byte("short"), 0o600)
	if _, err := LoadOrCreateKey(path); err == nil {
		t.Error("a short key file was accepted")
	}
}

func TestSecretNeverPrints(t *testing.T) {
	s := Secret("hunter2")
	for _, out := range []string{s.String(), s.GoString(), s.LogValue().String()} {
		if strings.Contains(out, "hunter2") {
			t.Errorf("secret printed as %q", out)
		}
	}
	if b, _ := s.MarshalJSON(); strings.Contains(string(b), "hunter2") {
		t.Error("secret marshalled to JSON")
	}
}
