package ui

import (
	"testing"
	"time"
)

func TestSessionsExpire(t *testing.T) {
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	s := newSessions(func() time.Time { return now })
	id, err := s.create("ibt_secret")
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		advance time.Duration
		live    bool
	}{
		{time.Hour, true},              // used within the idle limit
		{idleTTL - time.Minute, true},  // still within it, counted from the last use
		{idleTTL + time.Second, false}, // idle too long
	} {
		now = now.Add(step.advance)
		if _, ok := s.get(id); ok != step.live {
			t.Fatalf("after %v: live %v, want %v", step.advance, ok, step.live)
		}
	}
}

func TestSessionsEndAtMaxAge(t *testing.T) {
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	s := newSessions(func() time.Time { return now })
	id, _ := s.create("ibt_secret")
	for now.Add(time.Hour).Sub(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)) <= maxTTL {
		now = now.Add(time.Hour)
		if _, ok := s.get(id); !ok {
			t.Fatalf("session ended early at %v", now)
		}
	}
	now = now.Add(time.Hour)
	if _, ok := s.get(id); ok {
		t.Errorf("session still live %v after login", maxTTL+time.Hour)
	}
}

func TestSessionsKeyByHash(t *testing.T) {
	s := newSessions(time.Now)
	id, _ := s.create("ibt_secret")
	for k := range s.m {
		if string(k[:]) == id {
			t.Fatal("the cookie value is a map key")
		}
	}
	if se, ok := s.get(id); !ok || se.csrf == "" || se.csrf == id {
		t.Errorf("session: ok %v csrf %q; want a CSRF token distinct from the id", ok, se.csrf)
	}
	s.delete(id)
	if _, ok := s.get(id); ok {
		t.Error("deleted session still live")
	}
}
