package testsuite

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
)

// MaxKernelLog bounds how much of the kernel log is read.
const MaxKernelLog = 8 << 20

// kmsgText returns the text of a /dev/kmsg record ("6,123,456,-;text");
// a line without that header (plain dmesg output) is returned as is.
func kmsgText(line string) string {
	hdr, text, ok := strings.Cut(line, ";")
	if !ok || strings.ContainsAny(hdr, " \t") || strings.Count(hdr, ",") < 2 {
		return line
	}
	return text
}

// FileLog reads a kernel log saved as a regular file in an fs.FS, such as
// a fixture's dev/kmsg. It refuses a device, which could block.
type FileLog struct {
	FS   fs.FS
	Name string
}

// ReadKernelLog implements KernelLog.
func (l FileLog) ReadKernelLog(ctx context.Context) ([]byte, error) {
	fi, err := fs.Stat(l.FS, l.Name)
	if err != nil {
		return nil, fmt.Errorf("kernel log: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, errors.New("kernel log: " + l.Name + " is not a regular file (use Kmsg for /dev/kmsg)")
	}
	if fi.Size() > MaxKernelLog {
		return nil, fmt.Errorf("kernel log: %s is larger than %d bytes", l.Name, MaxKernelLog)
	}
	b, err := fs.ReadFile(l.FS, l.Name)
	if err != nil {
		return nil, fmt.Errorf("kernel log: %w", err)
	}
	return b, nil
}
