// Package tftp is ironbase's read-only TFTP server for the first boot stage:
// the iPXE binaries (undionly.kpxe, snponly.efi, ...) that PXE firmware
// fetches before everything else moves to HTTP.
//
// It wraps github.com/pin/tftp/v3 and adds three things the library leaves
// to its users: confinement to one directory, Prometheus metrics, and
// structured logs of every refusal.
//
// # Confinement
//
// Only regular files beneath Config.Dir are served. A request is refused
// with a TFTP error (the library always sends error code 1; the message is
// "file not found" or "access violation", never a server path), counted,
// and logged with the remote address, the filename and the reason (Warn;
// a missing file is only Info) when:
//   - it is a write request (WRQ): the server is read-only;
//   - the name is empty, longer than 255 bytes, or holds NUL, a control
//     character, invalid UTF-8 or a backslash;
//   - the name contains ".." anywhere, even inside a component ("a..b");
//   - the name is absolute after the leading-slash rule below ("//etc",
//     "C:/x"), or not in canonical form ("a//b", "./a", "a/", ".");
//   - the file is missing, not a regular file (directory, FIFO, device), or
//     reached through a symbolic link that leaves the directory or is
//     absolute (enforced by os.Root, not by string checks).
//
// Leading slash: many firmwares send "/undionly.kpxe". Exactly one leading
// "/" is stripped, so "/x" means Config.Dir/x, like tftpd-hpa --secure.
// "/etc/passwd" therefore looks for Config.Dir/etc/passwd; a second slash
// ("//etc/passwd") is refused as absolute.
//
// Debian's ipxe package ships ipxe.efi and ipxe.lkrn in /usr/lib/ipxe as
// absolute symlinks to /boot, so with the default directory those two are
// refused (reason "symlink_escape"); snponly.efi and undionly.kpxe are
// regular files. Point Config.Dir at a directory of copies to serve them.
//
// # Ports and block size
//
// The server runs in the library's classic mode: each transfer gets its own
// ephemeral UDP port (the RFC 1350 transfer ID), and not the library's
// single-port mode, because in pin/tftp v3.1.0 single-port mode
//   - caps blksize at 512 unless SetBlockSize is also called,
//   - pushes every packet through one server-wide mutex and a one-slot
//     channel that drops packets when full (retransmits under load), and
//   - does not close the socket on Shutdown, so stopping waits for a packet.
//
// The cost of classic mode is that a firewall between hosts and server must
// allow the server's replies from ephemeral ports (conntrack's tftp helper
// or a "related" rule); in a lab segment there is usually none.
//
// blksize (RFC 2348) is negotiated up to the receiving interface's MTU minus
// 28 bytes (so no IP fragmentation), or Config.MaxBlockSize if smaller; this
// needs the server's connection to be a *net.UDPConn, otherwise every
// transfer uses 512-byte blocks. tsize (RFC 2349) is always answered with
// the file's size. There is no windowsize (RFC 7440).
//
// # Metrics
//
// Registered into Config.Registerer:
//   - ironbase_tftp_transfers_total{result}: ok, failed, refused, tsize_probe,
//     duplicate (see below)
//   - ironbase_tftp_sent_bytes_total: file bytes sent, any outcome
//   - ironbase_tftp_transfer_duration_seconds: successful transfers only
//   - ironbase_tftp_refusals_total{reason}: see the reasons above, plus
//     bad_request for packets on the server port that start no transfer
//
// UEFI and many BIOS PXE ROMs first ask for a file with tsize=0 only to
// learn its size, then abort with an ERROR packet once they have the OACK,
// and ask again. Such a transfer (the client sends ERROR before
// acknowledging anything, after asking for tsize) is counted as
// result="tsize_probe", not as a failure. A probe that the client abandons
// silently, without the ERROR packet, times out and counts as failed.
//
// # Retransmitted requests
//
// A client whose RRQ is answered late (a server busy with hundreds of
// transfers) sends it again from the same port. Answering both would send
// it two OACKs from two transfer ports; curl, for one, takes the second as
// a restart, asks for block 1 again and both transfers stall. So a request
// whose client address, port and filename match a transfer in progress
// waits for that transfer: if it succeeds, the request was a duplicate
// and is dropped without a packet (result="duplicate"); if it fails (a
// tsize probe the client aborted, a timeout), the request is served, as a
// ROM that probes and then asks again from the same port expects. A
// duplicate that arrives after its transfer has ended is served again.
package tftp
