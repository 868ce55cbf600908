package web

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

// An admin sets a pool's recheck interval and pool-wide suite; bad values
// and other roles are refused without writing anything.
func TestUpdatePoolAPI(t *testing.T) {
	f := newFixture(t)
	admin, scheduler := f.tokens[catalog.RoleAdmin], f.tokens[catalog.RoleScheduler]
	f.call(t, "POST", "/api/v1/pools", admin, `{"name":"lab"}`)
	for name, tc := range map[string]struct {
		token, body string
		code        int
	}{
		"scheduler":      {scheduler, `{"recheck":"1h"}`, 403},
		"bad duration":   {admin, `{"recheck":"soon"}`, 400},
		"short recheck":  {admin, `{"recheck":"5s"}`, 400},
		"bad suite":      {admin, `{"suite":{"checks":[{"nonsense":1}]}}`, 400},
		"unknown field":  {admin, `{"colour":"red"}`, 400},
		"zero canaries":  {admin, `{"canaries_per_class":0}`, 400},
		"zero heartbeat": {admin, `{"heartbeat":"0s"}`, 400},
	} {
		before := f.eventCount(t)
		if code, body := f.call(t, "PATCH", "/api/v1/pools/lab", tc.token, tc.body); code != tc.code {
			t.Errorf("%s: got %d %.200s, want %d", name, code, body, tc.code)
		}
		if f.eventCount(t) != before {
			t.Errorf("%s: a refused update wrote events", name)
		}
	}
	suite := `{"checks":[{"name":"pool","kernel_release":{"equals":"6.1"}}]}`
	code, body := f.call(t, "PATCH", "/api/v1/pools/lab", admin, `{"recheck":"2h","suite":`+suite+`}`)
	var p catalog.Pool
	if code != 200 || json.Unmarshal([]byte(body), &p) != nil || p.Recheck.Std() != 2*time.Hour || len(p.Suite) == 0 {
		t.Fatalf("update = %d %s", code, body)
	}
	var cleared catalog.Pool
	if code, body = f.call(t, "PATCH", "/api/v1/pools/lab", admin, `{"suite":""}`); code != 200 || json.Unmarshal([]byte(body), &cleared) != nil || len(cleared.Suite) != 0 || cleared.Recheck.Std() != 2*time.Hour {
		t.Errorf("clearing the suite = %d %s", code, body)
	}
	if code, _ := f.call(t, "PATCH", "/api/v1/pools/nope", admin, `{"recheck":"1h"}`); code != 404 {
		t.Errorf("unknown pool = %d, want 404", code)
	}
}
