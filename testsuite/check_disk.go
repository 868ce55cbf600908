package testsuite

import (
	"context"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
)

// DiskPresent checks that /sys/block/NAME exists and, when MinGiB is set,
// that the disk has at least that many GiB.
type DiskPresent struct {
	Name   string `json:"name"`
	MinGiB uint64 `json:"min_gib,omitempty"`
}

func (d *DiskPresent) prepare() (probe, error) {
	if d.Name == "" || len(d.Name) > 64 || strings.ContainsAny(d.Name, "/ \t\n") || d.Name == "." || d.Name == ".." {
		return probe{}, fmt.Errorf("name %q: want a block device name such as nvme0n1", d.Name)
	}
	want := d.Name + " present"
	if d.MinGiB > 0 {
		want += fmt.Sprintf(", ≥ %d GiB", d.MinGiB)
	}
	return probe{expected: want, run: func(_ context.Context, env *Env) outcome { return d.run(env) }}, nil
}

func (d *DiskPresent) run(env *Env) outcome {
	dir := "sys/block/" + d.Name
	if _, err := fs.Stat(env.Root, dir); err != nil {
		if !isNotExist(err) {
			return readFailed("/"+dir, err)
		}
		disks, _ := ReadDisks(env.Root)
		names := make([]string, len(disks))
		for i, x := range disks {
			names[i] = x.Name
		}
		list := shortList(names)
		return failed(ClassBase, list, "disk %s not present; disks: %s", d.Name, list)
	}
	if d.MinGiB == 0 {
		return passed(d.Name + " present")
	}
	sectors, err := strconv.ParseUint(readTrim(env.Root, dir+"/size"), 10, 64)
	if err != nil {
		return readFailed("/"+dir+"/size", err)
	}
	gib := sectors * 512 >> 30
	obs := fmt.Sprintf("%s present, %d GiB", d.Name, gib)
	if gib < d.MinGiB {
		return failed(ClassBase, obs, "disk %s has %d GiB, want ≥ %d GiB", d.Name, gib, d.MinGiB)
	}
	return passed(obs)
}
