package lab

import "testing"

func TestNames(t *testing.T) {
	n := newNames()
	if got := ownerPid(n.netns); got <= 0 {
		t.Errorf("ownerPid(%q) = %d; want this process", n.netns, got)
	}
	if len(n.hostIf) > 15 {
		t.Errorf("host interface %q longer than 15 bytes", n.hostIf)
	}
	if ownerPid("ibsrv-123") != 0 {
		t.Error("a namespace of another test taken for a lab's")
	}
	for _, idx := range []int{0, 1, linkSlots - 1} {
		h, l := linkAddrs(idx)
		if !h.Is4() || l != h.Next() || h.As4()[3]&3 != 1 {
			t.Errorf("linkAddrs(%d) = %v, %v; want .1 and .2 of a /30", idx, h, l)
		}
	}
}
