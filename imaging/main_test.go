package imaging

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
)

// crashChildEnv, when set to a store root, turns the test binary into the
// child of TestCrashDuringIngest: it ingests large inputs until killed.
const (
	crashChildEnv = "IMAGING_CRASH_CHILD_ROOT"
	crashSeedEnv  = "IMAGING_CRASH_CHILD_SEED"
)

func TestMain(m *testing.M) {
	if root := os.Getenv(crashChildEnv); root != "" {
		if err := crashChild(root, os.Getenv(crashSeedEnv), os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "crash child:", err)
			os.Exit(3)
		}
		return
	}
	os.Exit(m.Run())
}

// crashChild ingests inputs of 1-24 MiB forever, printing "chunk" each time
// its reader hands out 256 KiB and "done DIGEST" after each ingest, so the
// parent can kill it at a chosen point. Some inputs repeat (dedup path).
func crashChild(root, seed string, out io.Writer) error {
	s, err := OpenStore(root, nil)
	if err != nil {
		return err
	}
	n, _ := strconv.ParseUint(seed, 10, 64)
	rng := rand.New(rand.NewPCG(n, 7))
	w := bufio.NewWriterSize(out, 64)
	for {
		k := rng.Uint64N(8)
		data := randBytes(k, int(1+k*3)<<20)
		b, err := s.Ingest(context.Background(), &tellingReader{data: data, out: w}, "")
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "done %s\n", b.Digest)
		w.Flush()
	}
}

// tellingReader reads data in 256 KiB pieces and reports each on out.
type tellingReader struct {
	data []byte
	out  *bufio.Writer
}

func (r *tellingReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), 256<<10)], r.data)
	r.data = r.data[n:]
	fmt.Fprintln(r.out, "chunk")
	r.out.Flush()
	return n, nil
}
