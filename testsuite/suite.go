package testsuite

// Suite is a parsed checks file.
type Suite struct {
	// Version is the file format version; 0 (absent) and 1 are accepted.
	Version int `json:"version,omitempty"`
	// Timeout bounds the whole run (default DefaultSuiteTimeout).
	Timeout Duration `json:"timeout,omitempty"`
	// CheckTimeout is the default per-check timeout (default DefaultCheckTimeout).
	CheckTimeout Duration `json:"check_timeout,omitempty"`
	// Checks run in order.
	Checks []Check `json:"checks"`
}

// Check is one acceptance check: a name, an optional timeout, and exactly
// one kind (one of the pointer fields).
type Check struct {
	// Name identifies the check in results; when empty it is the kind
	// (with "#N" appended if that is already taken).
	Name string `json:"name,omitempty"`
	// Timeout overrides the suite's CheckTimeout for this check.
	Timeout Duration `json:"timeout,omitempty"`

	KernelRelease *KernelRelease `json:"kernel_release,omitempty"`
	ModuleLoaded  *ModuleLoaded  `json:"module_loaded,omitempty"`
	PCIDevice     *PCIDevice     `json:"pci_device,omitempty"`
	FileExists    *FileExists    `json:"file_exists,omitempty"`
	FileSHA256    *FileSHA256    `json:"file_sha256,omitempty"`
	MinMemory     *MinMemory     `json:"min_memory,omitempty"`
	CPUCount      *CPUCount      `json:"cpu_count,omitempty"`
	DiskPresent   *DiskPresent   `json:"disk_present,omitempty"`
	Reachable     *Reachable     `json:"reachable,omitempty"`
	DmesgClean    *DmesgClean    `json:"dmesg_clean,omitempty"`
	ClockSane     *ClockSane     `json:"clock_sane,omitempty"`
	Command       *Command       `json:"command,omitempty"`
}

// spec is implemented by every check kind: prepare validates the definition
// and returns what the runner executes. It never mutates the spec, so one
// Suite can be run concurrently.
type spec interface {
	prepare() (probe, error)
}

type namedSpec struct {
	kind string
	spec spec
}

// specs lists the kinds set on c, in declaration order.
func (c *Check) specs() []namedSpec {
	var out []namedSpec
	add := func(kind string, set bool, s spec) {
		if set {
			out = append(out, namedSpec{kind, s})
		}
	}
	add("kernel_release", c.KernelRelease != nil, c.KernelRelease)
	add("module_loaded", c.ModuleLoaded != nil, c.ModuleLoaded)
	add("pci_device", c.PCIDevice != nil, c.PCIDevice)
	add("file_exists", c.FileExists != nil, c.FileExists)
	add("file_sha256", c.FileSHA256 != nil, c.FileSHA256)
	add("min_memory", c.MinMemory != nil, c.MinMemory)
	add("cpu_count", c.CPUCount != nil, c.CPUCount)
	add("disk_present", c.DiskPresent != nil, c.DiskPresent)
	add("reachable", c.Reachable != nil, c.Reachable)
	add("dmesg_clean", c.DmesgClean != nil, c.DmesgClean)
	add("clock_sane", c.ClockSane != nil, c.ClockSane)
	add("command", c.Command != nil, c.Command)
	return out
}
