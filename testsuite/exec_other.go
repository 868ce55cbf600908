//go:build !unix

package testsuite

import "os/exec"

// killGroupOnCancel leaves os/exec's default: kill the process only.
func killGroupOnCancel(cmd *exec.Cmd) {}
