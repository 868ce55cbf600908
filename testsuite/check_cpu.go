package testsuite

import (
	"context"
	"errors"
	"fmt"
)

// CPUCount checks the number of online CPUs: at least Min and, when Max is
// set, at most Max.
type CPUCount struct {
	Min int `json:"min,omitempty"`
	Max int `json:"max,omitempty"`
}

func (c *CPUCount) prepare() (probe, error) {
	if c.Min < 0 || c.Max < 0 || (c.Min == 0 && c.Max == 0) || (c.Max > 0 && c.Max < c.Min) {
		return probe{}, errors.New("want min and/or max, positive, min ≤ max")
	}
	want := c.describe()
	return probe{expected: want, run: func(_ context.Context, env *Env) outcome {
		n, err := ReadCPUCount(env.Root)
		if err != nil {
			return readFailed("CPU count", err)
		}
		obs := fmt.Sprintf("%d", n)
		if n < c.Min || (c.Max > 0 && n > c.Max) {
			return failed(ClassBase, obs, "%d CPUs online, want %s", n, want)
		}
		return passed(obs)
	}}, nil
}

func (c *CPUCount) describe() string {
	switch {
	case c.Max == 0:
		return fmt.Sprintf("≥ %d", c.Min)
	case c.Min == c.Max:
		return fmt.Sprintf("%d", c.Min)
	}
	return fmt.Sprintf("%d–%d", c.Min, c.Max)
}
