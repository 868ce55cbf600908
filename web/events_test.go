package web

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

func TestEventsLongPoll(t *testing.T) {
	f := newFixture(t)
	viewer := f.tokens[catalog.RoleViewer]
	_, body := f.call(t, "GET", "/api/v1/events", viewer, "")
	var first EventList
	json.Unmarshal([]byte(body), &first)
	done := make(chan EventList)
	go func() {
		_, body := f.call(t, "GET", "/api/v1/events?kind=test.ping&wait=20s&since="+itoa(first.Next), viewer, "")
		var out EventList
		json.Unmarshal([]byte(body), &out)
		done <- out
	}()
	// An event of another kind must not end the poll; the matching one must.
	f.store.AppendEvent(context.Background(), catalog.Event{Kind: "test.other"})
	id, _ := f.store.AppendEvent(context.Background(), catalog.Event{Kind: "test.ping"})
	select {
	case out := <-done:
		if len(out.Events) != 1 || out.Events[0].ID != id || out.Next != id {
			t.Fatalf("long-poll returned %+v, want only event %d", out, id)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("long-poll did not return after a matching event")
	}
}

func TestEventsWaitTimesOutEmpty(t *testing.T) {
	f := newFixture(t)
	_, body := f.call(t, "GET", "/api/v1/events?since=1000000&wait=50ms", f.tokens[catalog.RoleViewer], "")
	var out EventList
	if err := json.Unmarshal([]byte(body), &out); err != nil || len(out.Events) != 0 || out.Next != 1000000 {
		t.Fatalf("got %s, want no events and next=1000000", body)
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

// TestEventsResumeAfterGap: a client that last saw id N pages through
// everything after N, each event exactly once and in order.
func TestEventsResumeAfterGap(t *testing.T) {
	f := newFixture(t)
	for i := range 250 {
		f.store.AppendEvent(context.Background(), catalog.Event{Kind: "test.gap", Subject: itoa(int64(i))})
	}
	viewer := f.tokens[catalog.RoleViewer]
	since, seen := int64(20), map[int64]bool{}
	var last int64 = 20
	for {
		_, body := f.call(t, "GET", "/api/v1/events?limit=100&since="+itoa(since), viewer, "")
		var page EventList
		json.Unmarshal([]byte(body), &page)
		if len(page.Events) == 0 {
			break
		}
		for _, e := range page.Events {
			if seen[e.ID] || e.ID <= last {
				t.Fatalf("event %d repeated or out of order (after %d)", e.ID, last)
			}
			seen[e.ID], last = true, e.ID
		}
		since = page.Next
	}
	if want := 3 + 250 - 20; len(seen) != want { // 3 token events, then 250
		t.Fatalf("saw %d events after id 20, want %d", len(seen), want)
	}
}
