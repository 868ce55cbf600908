// Package usage is the compact wire format of a host's resource series:
// the agent samples every process's RSS, VSZ and CPU once a second and
// encodes them here; the server decodes them for plots.
//
// What is kept (a lab admin's question is "is the base eating memory, and
// which process"):
//
//   - every sample: host totals (process count, summed RSS and VSZ in MiB,
//     summed CPU in permille of a core, MemAvailable in MiB);
//   - every window of Config.Window samples (default 10): the top
//     Config.TopRSS processes by peak RSS and the top Config.TopCPU by mean
//     CPU (default 8 each), with peak RSS (exact, 4 KiB units), last VSZ
//     (MiB) and mean CPU (permille).
//
// Encoding: a segment starts with "IBU1", the start time, the interval and
// the window; then one record per tick ('T': timestamp offset from the
// nominal interval and every total as a zig-zag varint delta from the
// previous tick), one per process first seen ('P': pid, start time in
// clock ticks, comm) and one per window ('W': process indexes as
// ascending deltas, RSS and VSZ as deltas from that process's previous
// point, CPU as a varint). An idle host costs about 8 bytes a second; the
// test with 500 synthetic processes stays under 100 KB per host-hour.
//
// A segment is self-contained (Encoder.Cut starts a new one), so the agent
// can upload every few minutes and the server can decode each on its own.
package usage
