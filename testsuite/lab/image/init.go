package image

// Console markers the lab image prints; tests wait for them.
const (
	// MarkerUp is followed by the host's address once DHCP is done.
	MarkerUp = "ironbase-lab: userspace up "
	// MarkerIPMI is followed by `ls -l /dev/ipmi0` (or its error).
	MarkerIPMI = "ironbase-lab: ipmi "
	// MarkerNoNIC is printed when no network interface appears.
	MarkerNoNIC = "ironbase-lab: no network interface"
	// MarkerAgent is printed each time the agent is (re)started.
	MarkerAgent = "ironbase-lab: starting agent"
)

// initScript is the initramfs's /init. It needs nothing but what is on the
// kernel command line (the agent reads its parameters from /proc/cmdline).
// %s is the module list, in load order.
const initScript = `#!/bin/sh
/bin/busybox mkdir -p /dev /proc /sys /tmp /run /sbin /usr/bin /usr/sbin /etc
/bin/busybox mount -t devtmpfs devtmpfs /dev
exec 0</dev/console 1>/dev/console 2>&1
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
echo "ironbase-lab: init on $(uname -r)"
for m in %s; do
	modprobe "$m" || echo "ironbase-lab: modprobe $m failed"
done
i=0
while [ ! -e /dev/ipmi0 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
echo "` + MarkerIPMI + `$(ls -l /dev/ipmi0 2>&1)"
ip link set lo up
i=0
while ! ip link show eth0 >/dev/null 2>&1 && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
if ! ip link show eth0 >/dev/null 2>&1; then
	echo "` + MarkerNoNIC + ` (eth0 missing); staying offline"
	while :; do sleep 3600; done
fi
ip link set eth0 up
until udhcpc -i eth0 -n -q -t 5 -T 2 -s /etc/udhcpc.script; do
	echo "ironbase-lab: DHCP failed on eth0, retrying"
done
echo "` + MarkerUp + `$(ip -4 -o addr show dev eth0 | awk '{print $4}')"
while :; do
	echo "` + MarkerAgent + `"
	/sbin/ironbase-agent run
	echo "ironbase-lab: agent exited with status $?; restarting in 5 s"
	sleep 5
done
`

// udhcpcScript configures eth0 from busybox udhcpc's environment.
const udhcpcScript = `#!/bin/sh
case "$1" in
deconfig) ip -4 addr flush dev "$interface"; ip link set "$interface" up ;;
bound|renew)
	ip -4 addr flush dev "$interface"
	ip addr add "$ip/$mask" dev "$interface"
	[ -n "$router" ] && ip route replace default via "${router%% *}" dev "$interface"
	: > /etc/resolv.conf
	for d in $dns; do echo "nameserver $d" >> /etc/resolv.conf; done
	;;
esac
exit 0
`
