package web

import (
	"fmt"
	"net/http"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/testsuite"
)

// AgentReport is the body of POST /agent/v1/suite: the kernel release the
// suite ran on and the runner's report, as the agent's runner made it.
type AgentReport struct {
	Kernel string           `json:"kernel"`
	Report testsuite.Report `json:"report"`
}

// report stores the boot's suite result.
func (a *agentAPI) report(w http.ResponseWriter, r *http.Request) {
	c := bootCall(r.Context())
	req, err := decode[AgentReport](w, r)
	if err != nil {
		writeError(w, c.log, err)
		return
	}
	sr, err := suiteReport(req)
	if err != nil {
		writeError(w, c.log, err)
		return
	}
	if _, err := a.store.RecordSuite(r.Context(), c.token, sr); err != nil {
		writeError(w, c.log, err)
		return
	}
	c.log.Info("agent suite", "result", sr.Result, "checks", len(sr.Checks), "kernel", sr.Kernel)
	w.WriteHeader(http.StatusNoContent)
}

// suiteReport checks an agent's report and converts it for the catalog.
// A result that did not pass is stored with its one-line message as the
// observed value (the message names what was observed and why it fails).
func suiteReport(req AgentReport) (catalog.SuiteReport, error) {
	rep := req.Report
	if req.Kernel == "" || len(req.Kernel) > 256 {
		return catalog.SuiteReport{}, catalog.Errorf(catalog.KindInvalid, "report: kernel: want the kernel release (1-256 bytes)")
	}
	if len(rep.Results) > testsuite.MaxChecks {
		return catalog.SuiteReport{}, catalog.Errorf(catalog.KindInvalid, "report: %d results, more than %d", len(rep.Results), testsuite.MaxChecks)
	}
	out := catalog.SuiteReport{Kernel: req.Kernel, Result: string(rep.Status), Checks: make([]catalog.CheckResult, 0, len(rep.Results))}
	seen := map[string]bool{}
	for i, res := range rep.Results {
		if err := checkResult(res, seen); err != nil {
			return catalog.SuiteReport{}, catalog.Errorf(catalog.KindInvalid, "report: results[%d]: %v", i, err)
		}
		cr := catalog.CheckResult{Name: res.Name, Result: string(res.Status), Class: string(res.Class),
			Expected: res.Expected, Observed: res.Observed}
		if res.Status != testsuite.StatusPass && res.Message != "" {
			cr.Observed = res.Message
		}
		out.Checks = append(out.Checks, cr)
	}
	if want := overall(rep.Results); rep.Status != want {
		return catalog.SuiteReport{}, catalog.Errorf(catalog.KindInvalid, "report: status %q, but its results say %q", rep.Status, want)
	}
	return out, nil
}

func checkResult(res testsuite.Result, seen map[string]bool) error {
	switch {
	case res.Name == "" || len(res.Name) > 128:
		return fmt.Errorf("name: want 1-128 bytes")
	case seen[res.Name]:
		return fmt.Errorf("name %q given twice", res.Name)
	case res.Status != testsuite.StatusPass && res.Status != testsuite.StatusFail && res.Status != testsuite.StatusError:
		return fmt.Errorf("status %q: want pass, fail or error", res.Status)
	case res.Class != "" && res.Class != testsuite.ClassBase && res.Class != testsuite.ClassInfra && res.Class != testsuite.ClassCheck:
		return fmt.Errorf("class %q: want base, infra or check", res.Class)
	}
	seen[res.Name] = true
	return nil
}

// overall is the suite's status from its results, as the runner computes
// it: pass when all pass (or there are none), fail when any fails, else
// error.
func overall(rs []testsuite.Result) testsuite.Status {
	st := testsuite.StatusPass
	for _, r := range rs {
		switch {
		case r.Status == testsuite.StatusFail:
			return testsuite.StatusFail
		case r.Status != testsuite.StatusPass:
			st = testsuite.StatusError
		}
	}
	return st
}
