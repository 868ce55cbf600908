package ui

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"sync"
	"time"
)

// Session lifetimes: a session ends after idleTTL without a request, and in
// any case maxTTL after login.
const (
	idleTTL     = 2 * time.Hour
	maxTTL      = 12 * time.Hour
	maxSessions = 10000
)

// session is one logged-in browser. The API token's secret stays on the
// server, so every request re-authenticates it: a revoked token ends its
// sessions at once and a changed role applies at once.
type session struct {
	secret  string
	csrf    string
	flash   string
	created time.Time
	seen    time.Time
}

// sessions maps sha256(cookie value) to a session. Only the hash is a map
// key, so nothing in memory equals what a browser sends.
type sessions struct {
	mu  sync.Mutex
	now func() time.Time
	m   map[[32]byte]*session
}

func newSessions(now func() time.Time) *sessions {
	return &sessions{now: now, m: map[[32]byte]*session{}}
}

// create starts a session for the token secret and returns the cookie
// value.
func (s *sessions) create(secret string) (string, error) {
	id, err := randomString()
	if err != nil {
		return "", err
	}
	csrf, err := randomString()
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweepLocked()
	if len(s.m) >= maxSessions {
		return "", fmt.Errorf("ui: %d sessions open", len(s.m))
	}
	now := s.now()
	s.m[sha256.Sum256([]byte(id))] = &session{secret: secret, csrf: csrf, created: now, seen: now}
	return id, nil
}

// get returns a copy of the live session for the cookie value and marks
// it used.
func (s *sessions) get(id string) (session, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := sha256.Sum256([]byte(id))
	se, ok := s.m[k]
	if !ok {
		return session{}, false
	}
	now := s.now()
	if s.expired(se, now) {
		delete(s.m, k)
		return session{}, false
	}
	se.seen = now
	return *se, true
}

// takeFlash returns and clears the session's one-time message.
func (s *sessions) takeFlash(id string) string {
	return s.update(id, func(se *session) string { f := se.flash; se.flash = ""; return f })
}

func (s *sessions) setFlash(id, msg string) {
	s.update(id, func(se *session) string { se.flash = msg; return "" })
}

func (s *sessions) update(id string, fn func(*session) string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if se, ok := s.m[sha256.Sum256([]byte(id))]; ok {
		return fn(se)
	}
	return ""
}

func (s *sessions) delete(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, sha256.Sum256([]byte(id)))
}

func (s *sessions) expired(se *session, now time.Time) bool {
	return now.Sub(se.seen) > idleTTL || now.Sub(se.created) > maxTTL
}

func (s *sessions) sweepLocked() {
	now := s.now()
	for k, se := range s.m {
		if s.expired(se, now) {
			delete(s.m, k)
		}
	}
}

// randomString is 32 random bytes, base64url.
func randomString() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("ui: randomness: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
