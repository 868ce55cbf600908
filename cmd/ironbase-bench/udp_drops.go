package main

import (
	"fmt"
	"os/exec"
	"strconv"
	"strings"
)

// udpRcvbufDrops reads a namespace's UDP receive-buffer overflows
// (RcvbufErrors in /proc/net/snmp): datagrams the kernel dropped because
// a socket's reader was behind.
func udpRcvbufDrops(ns string) (int64, error) {
	out, err := exec.Command("ip", "netns", "exec", ns, "cat", "/proc/net/snmp").Output()
	if err != nil {
		return 0, fmt.Errorf("read /proc/net/snmp in %s: %w", ns, err)
	}
	return snmpCounter(string(out), "Udp", "RcvbufErrors")
}

// snmpCounter finds one counter in /proc/net/snmp's pairs of lines
// ("Udp: names…" then "Udp: values…").
func snmpCounter(snmp, proto, name string) (int64, error) {
	var names []string
	for _, line := range strings.Split(snmp, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || f[0] != proto+":" {
			continue
		}
		if names == nil {
			names = f
			continue
		}
		for i, n := range names {
			if n == name && i < len(f) {
				return strconv.ParseInt(f[i], 10, 64)
			}
		}
	}
	return 0, fmt.Errorf("no %s %s in /proc/net/snmp", proto, name)
}
