package image

import (
	"slices"
	"testing"
)

func TestClosure(t *testing.T) {
	dep := parseModulesDep([]byte(`kernel/drivers/net/virtio_net.ko: kernel/drivers/virtio/virtio.ko kernel/net/core/failover.ko
kernel/drivers/virtio/virtio.ko:
kernel/net/core/failover.ko:
kernel/drivers/char/ipmi/ipmi_si.ko: kernel/drivers/char/ipmi/ipmi_msghandler.ko
kernel/drivers/char/ipmi/ipmi_msghandler.ko:
`))
	got, err := closure(dep, []string{"virtio_net"})
	want := []string{"kernel/drivers/net/virtio_net.ko", "kernel/drivers/virtio/virtio.ko", "kernel/net/core/failover.ko"}
	slices.Sort(want)
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("closure(virtio_net) = %v, %v; want %v", got, err, want)
	}
	if _, err := closure(dep, []string{"nvidia"}); err == nil {
		t.Error("closure of a missing module: no error")
	}
}

func TestModName(t *testing.T) {
	for in, want := range map[string]string{"kernel/a/virtio_net.ko": "virtio_net", "x/ipmi-si.ko.xz": "ipmi_si"} {
		if got := modName(in); got != want {
			t.Errorf("modName(%q) = %q, want %q", in, got, want)
		}
	}
}
