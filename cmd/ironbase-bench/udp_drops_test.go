package main

import "testing"

func TestSNMPCounter(t *testing.T) {
	snmp := "Ip: Forwarding DefaultTTL\nIp: 1 64\n" +
		"Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors\nUdp: 10 0 7 12 7 0\n" +
		"UdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors\nUdpLite: 0 0 0 0 3 0\n"
	if got, err := snmpCounter(snmp, "Udp", "RcvbufErrors"); err != nil || got != 7 {
		t.Errorf("Udp RcvbufErrors = %d, %v; want 7", got, err)
	}
	if _, err := snmpCounter(snmp, "Tcp", "RcvbufErrors"); err == nil {
		t.Error("a missing protocol: got no error")
	}
}
