package imaging

import (
	"os"
	"syscall"
)

// syncFileRangeWrite is SYNC_FILE_RANGE_WRITE from <linux/fs.h>.
const syncFileRangeWrite = 2

// startWriteback asks the kernel to start writing a range of f to disk
// without waiting, so the fsync at the end of an ingest finds little left
// to do. It is only a hint: errors are ignored (fsync reports real ones).
func startWriteback(f *os.File, off, n int64) {
	_ = syscall.SyncFileRange(int(f.Fd()), off, n, syncFileRangeWrite)
}
