package catalog

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"testing"
	"time"
)

// holdWriter starts a write that keeps the writer busy until release is
// called, so that the writes queued meanwhile share the next batch.
func holdWriter(t *testing.T, s testStore) (release func()) {
	t.Helper()
	started, unblock := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- s.write(context.Background(), func(context.Context, *sql.Tx) error {
			close(started)
			<-unblock
			return nil
		})
	}()
	<-started
	return func() {
		close(unblock)
		if err := <-done; err != nil {
			t.Errorf("holding write: %v", err)
		}
	}
}

// queueWrites starts one write per fn while the writer is held and waits
// until all of them are queued; wait returns their errors in order.
func queueWrites(t *testing.T, s testStore, ctxs []context.Context, fns []writeFn) (wait func() []error) {
	t.Helper()
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.write(ctxs[i], fn)
		}()
		waitQueued(t, s, i+1) // in order: the batch runs them FIFO
	}
	return func() []error { wg.Wait(); return errs }
}

func waitQueued(t *testing.T, s testStore, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		s.writes.mu.Lock()
		got := len(s.writes.queue)
		s.writes.mu.Unlock()
		if got >= n {
			return
		}
	}
	t.Fatalf("%d writes never queued", n)
}

func appendKind(s testStore, kind string, fail error) writeFn {
	return func(ctx context.Context, tx *sql.Tx) error {
		if _, err := s.appendEvent(ctx, tx, Event{Kind: kind}); err != nil {
			return err
		}
		return fail
	}
}

func kinds(t *testing.T, s testStore) map[string]int {
	t.Helper()
	evs, err := s.ListEvents(context.Background(), EventFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]int{}
	for _, e := range evs {
		m[e.Kind]++
	}
	return m
}

func bg(n int) []context.Context {
	c := make([]context.Context, n)
	for i := range c {
		c[i] = context.Background()
	}
	return c
}

// A failing part of a shared transaction is undone alone: the parts
// before and after it commit, and the failure's events are not announced.
func TestWriteBatchFailingPartIsUndoneAlone(t *testing.T) {
	s := newTestStore(t)
	before := s.LastEventID()
	release := holdWriter(t, s)
	boom := errors.New("boom")
	wait := queueWrites(t, s, bg(3), []writeFn{
		appendKind(s, "test.a", nil), appendKind(s, "test.b", boom), appendKind(s, "test.c", nil),
	})
	release()
	errs := wait()
	if errs[0] != nil || !errors.Is(errs[1], boom) || errs[2] != nil {
		t.Fatalf("errors = %v, want nil, boom, nil", errs)
	}
	k := kinds(t, s)
	if k["test.a"] != 1 || k["test.b"] != 0 || k["test.c"] != 1 {
		t.Fatalf("events = %v, want test.a and test.c once, no test.b", k)
	}
	evs, _ := s.ListEvents(context.Background(), EventFilter{Since: before, Limit: 10})
	if last := s.LastEventID(); last != evs[len(evs)-1].ID {
		t.Fatalf("announced last event %d, newest committed is %d", last, evs[len(evs)-1].ID)
	}
}

// A part that breaks the transaction itself aborts the batch: nothing of
// it is written and every caller hears so; the next batch works.
func TestWriteBatchBrokenTransactionWritesNothing(t *testing.T) {
	s := newTestStore(t)
	before := s.LastEventID()
	release := holdWriter(t, s)
	breakTx := func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "ROLLBACK"); err != nil {
			return err
		}
		return errors.New("rolled back everything")
	}
	wait := queueWrites(t, s, bg(3), []writeFn{appendKind(s, "test.a", nil), breakTx, appendKind(s, "test.c", nil)})
	release()
	errs := wait()
	if !errors.Is(errs[0], errBatchAborted) || errs[1] == nil || !errors.Is(errs[2], errBatchAborted) {
		t.Fatalf("errors = %v, want aborted, its own, aborted", errs)
	}
	if k := kinds(t, s); k["test.a"]+k["test.c"] != 0 {
		t.Fatalf("aborted batch wrote events: %v", k)
	}
	if s.LastEventID() != before {
		t.Fatalf("announced event %d of an aborted batch (before: %d)", s.LastEventID(), before)
	}
	if err := s.write(context.Background(), appendKind(s, "test.after", nil)); err != nil {
		t.Fatalf("write after an aborted batch: %v", err)
	}
}

// A caller whose context ends while it waits writes nothing; one whose
// context ends while its part runs does not interrupt the others' shared
// transaction (SQLite would roll all of it back).
func TestWriteBatchCancelledCallers(t *testing.T) {
	s := newTestStore(t)
	release := holdWriter(t, s)
	early, cancelEarly := context.WithCancel(context.Background())
	during, cancelDuring := context.WithCancel(context.Background())
	cancelsItself := func(ctx context.Context, tx *sql.Tx) error {
		cancelDuring()
		return appendKind(s, "test.during", nil)(ctx, tx)
	}
	ctxs := []context.Context{context.Background(), early, during, context.Background()}
	wait := queueWrites(t, s, ctxs, []writeFn{
		appendKind(s, "test.a", nil), appendKind(s, "test.early", nil), cancelsItself, appendKind(s, "test.d", nil),
	})
	cancelEarly()
	release()
	errs := wait()
	if errs[0] != nil || !errors.Is(errs[1], context.Canceled) || errs[2] != nil || errs[3] != nil {
		t.Fatalf("errors = %v, want nil, canceled, nil, nil", errs)
	}
	k := kinds(t, s)
	if k["test.a"] != 1 || k["test.early"] != 0 || k["test.during"] != 1 || k["test.d"] != 1 {
		t.Fatalf("events = %v", k)
	}
}

// Many concurrent writers: each write is committed exactly once and the
// announced last id is the newest.
func TestWriteBatchConcurrent(t *testing.T) {
	s := newTestStore(t)
	const n = 300
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var fail error
			if i%7 == 0 {
				fail = errors.New("no")
			}
			err := s.write(context.Background(), appendKind(s, "test.w", fail))
			if (err != nil) != (fail != nil) {
				t.Errorf("write %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	want := n - (n+6)/7
	if got := kinds(t, s)["test.w"]; got != want {
		t.Fatalf("%d events, want %d", got, want)
	}
	evs, _ := s.ListEvents(context.Background(), EventFilter{Since: s.LastEventID() - 1, Limit: 10})
	if len(evs) != 1 {
		t.Fatalf("the announced last id is not the newest event: %v", evs)
	}
}
