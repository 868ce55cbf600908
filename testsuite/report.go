package testsuite

// classOrder ranks classes for a report: the first present wins.
var classOrder = []Class{ClassBase, ClassCheck, ClassInfra}

// summarize fills the counts, status, class and reason from r.Results.
func (r *Report) summarize() {
	r.Passed, r.Failed, r.Errored = 0, 0, 0
	for _, res := range r.Results {
		switch res.Status {
		case StatusPass:
			r.Passed++
		case StatusFail:
			r.Failed++
		default:
			r.Errored++
		}
	}
	r.Status, r.Class, r.Reason = StatusPass, "", ""
	if r.Failed+r.Errored == 0 {
		return
	}
	r.Status = StatusError
	if r.Failed > 0 {
		r.Status = StatusFail
	}
	for _, c := range classOrder {
		if res, ok := r.first(c); ok {
			r.Class, r.Reason = c, res.Name+": "+res.Message
			return
		}
	}
}

func (r *Report) first(c Class) (Result, bool) {
	for _, res := range r.Results {
		if res.Status != StatusPass && res.Class == c {
			return res, true
		}
	}
	return Result{}, false
}
