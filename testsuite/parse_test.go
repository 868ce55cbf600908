package testsuite

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func TestParseExamples(t *testing.T) {
	for _, name := range []string{"gpu-node.json", "minimal.json"} {
		b, err := os.ReadFile("testdata/checks/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ParseChecks(b); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestParseNames(t *testing.T) {
	s, err := ParseChecks([]byte(`{"checks": [{"dmesg_clean": {}}, {"name": "dmesg_clean#2", "cpu_count": {"min": 1}}, {"dmesg_clean": {}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range s.Checks {
		got = append(got, c.Name)
	}
	if strings.Join(got, " ") != "dmesg_clean dmesg_clean#2 dmesg_clean#3" {
		t.Errorf("names %q", got)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", ``, "checks file: decode: EOF"},
		{"not json", `checks:`, "checks file: decode: invalid character 'c' looking for beginning of value"},
		{"unknown top", `{"chekcs": []}`, `checks file: decode: json: unknown field "chekcs"`},
		{"unknown in check", `{"checks": [{"module_loaded": {"name": "x", "nmae": "y"}}]}`, `checks file: decode: json: unknown field "nmae"`},
		{"trailing", `{"checks": [{"dmesg_clean": {}}]} {}`, "checks file: trailing data after the top-level object"},
		{"no checks", `{"checks": []}`, "checks file: want 1 to 1000 checks, got 0"},
		{"version", `{"version": 2, "checks": [{"dmesg_clean": {}}]}`, "checks file: version 2 is not supported (want 1)"},
		{"numeric duration", `{"timeout": 30, "checks": [{"dmesg_clean": {}}]}`, `checks file: decode: duration: want a string such as "30s", got 30`},
		{"bad duration", `{"timeout": "30", "checks": [{"dmesg_clean": {}}]}`, `checks file: decode: duration "30": time: missing unit in duration "30"`},
		{"negative timeout", `{"checks": [{"dmesg_clean": {}, "timeout": "-1s"}]}`, "checks[0]: timeout -1s: want 0 (default) up to 24h0m0s"},
		{"no kind", `{"checks": [{"name": "x"}]}`, "checks[0] (x): no check kind given (such as kernel_release, module_loaded, command)"},
		{"two kinds", `{"checks": [{"dmesg_clean": {}, "cpu_count": {"min": 1}}]}`, "checks[0]: exactly one kind per check, got cpu_count and dmesg_clean"},
		{"duplicate", `{"checks": [{"name": "a", "dmesg_clean": {}}, {"name": "a", "cpu_count": {"min": 1}}]}`, "checks[1] (a): duplicate name"},
		{"kernel two", `{"checks": [{"kernel_release": {"equals": "a", "prefix": "b"}}]}`, "checks[0]: kernel_release: set exactly one of equals, prefix and regexp"},
		{"kernel regexp", `{"checks": [{"kernel_release": {"regexp": "6.1.(["}}]}`, "checks[0]: kernel_release: bad regexp \"6.1.([\": error parsing regexp: missing closing ]: `[`"},
		{"module", `{"checks": [{"module_loaded": {"name": "a b"}}]}`, "checks[0]: module_loaded: name: want a module name such as nvidia"},
		{"pci", `{"checks": [{"pci_device": {"vendor": "nvidia"}}]}`, `checks[0]: pci_device: vendor "nvidia": want four hex digits such as 10de`},
		{"pci device", `{"checks": [{"pci_device": {"vendor": "10de", "device": "12345"}}]}`, `checks[0]: pci_device: device "12345": want four hex digits`},
		{"relative path", `{"checks": [{"file_exists": {"path": "etc/passwd"}}]}`, `checks[0]: file_exists: path "etc/passwd": want an absolute path`},
		{"sha256", `{"checks": [{"file_sha256": {"path": "/a", "sha256": "abc"}}]}`, `checks[0]: file_sha256: sha256 "abc": want 64 hex digits`},
		{"memory", `{"checks": [{"min_memory": {"mib": 0}}]}`, "checks[0]: min_memory: mib: want a positive number of MiB"},
		{"memory negative", `{"checks": [{"min_memory": {"mib": -1}}]}`, "checks file: decode: json: cannot unmarshal number -1 into Go struct field MinMemory.checks.min_memory.mib of type uint64"},
		{"cpus", `{"checks": [{"cpu_count": {"min": 8, "max": 4}}]}`, "checks[0]: cpu_count: want min and/or max, positive, min ≤ max"},
		{"disk", `{"checks": [{"disk_present": {"name": "../etc"}}]}`, `checks[0]: disk_present: name "../etc": want a block device name such as nvme0n1`},
		{"address", `{"checks": [{"reachable": {"address": "10.0.0.1"}}]}`, `checks[0]: reachable: address "10.0.0.1": address 10.0.0.1: missing port in address`},
		{"port", `{"checks": [{"reachable": {"address": "h:0"}}]}`, `checks[0]: reachable: address "h:0": want host:port with a port 1-65535`},
		{"dmesg regexp", `{"checks": [{"dmesg_clean": {"patterns": ["ok", "a{2,1}"]}}]}`, "checks[0]: dmesg_clean: patterns[1]: bad regexp \"a{2,1}\": error parsing regexp: invalid repeat count: `{2,1}`"},
		{"dmesg empty pattern", `{"checks": [{"dmesg_clean": {"patterns": [""]}}]}`, "checks[0]: dmesg_clean: patterns[0] is empty"},
		{"clock", `{"checks": [{"clock_sane": {}}]}`, `checks[0]: clock_sane: tolerance: want a positive duration such as "5s"`},
		{"command argv", `{"checks": [{"command": {"argv": []}}]}`, "checks[0]: command: argv: want a program and its arguments"},
		{"command exit", `{"checks": [{"command": {"argv": ["x"], "exit_code": 300}}]}`, "checks[0]: command: exit_code 300: want 0-255"},
		{"command output", `{"checks": [{"command": {"argv": ["x"], "output": "*"}}]}`, "checks[0]: command: output: bad regexp \"*\": error parsing regexp: missing argument to repetition operator: `*`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseChecks([]byte(tt.in))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got %v (%T), want a *ParseError", err, err)
			}
			if err.Error() != tt.want {
				t.Errorf("got  %s\nwant %s", err, tt.want)
			}
		})
	}
}
