package testsuite

import "time"

// Status is a check's verdict.
type Status string

// The statuses. Error means no verdict could be reached.
const (
	StatusPass  Status = "pass"
	StatusFail  Status = "fail"
	StatusError Status = "error"
)

// Class says whom a result that did not pass blames.
type Class string

// The classes.
const (
	// ClassBase: the image or the host is wrong.
	ClassBase Class = "base"
	// ClassInfra: the network, a timeout or the server is at fault; a retry may pass.
	ClassInfra Class = "infra"
	// ClassCheck: the check definition is broken or cannot run on this host.
	ClassCheck Class = "check"
)

// Result is the outcome of one check, as uploaded by the agent.
type Result struct {
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Status   Status `json:"status"`
	Class    Class  `json:"class,omitempty"`
	Expected string `json:"expected"`
	Observed string `json:"observed,omitempty"`
	// Message explains a result that did not pass, in one line.
	Message    string    `json:"message,omitempty"`
	Started    time.Time `json:"started"`
	DurationMS int64     `json:"duration_ms"`
}

// Report is the outcome of a suite run.
type Report struct {
	Status Status `json:"status"`
	// Class is set when Status is not pass: base if any result blames the
	// base, else check, else infra.
	Class Class `json:"class,omitempty"`
	// Reason is the message of the first result of that class.
	Reason   string    `json:"reason,omitempty"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	Passed   int       `json:"passed"`
	Failed   int       `json:"failed"`
	Errored  int       `json:"errored"`
	Results  []Result  `json:"results"`
}
