// Package dhcp is ironbase's DHCPv4 server for PXE and iPXE network boot.
//
// It runs in one of two modes. In full mode it owns a dedicated lab segment:
// it hands out addresses (fixed ones for enrolled hosts, leases from a range
// for unknown machines, both decided by a [Backend]) and tells boot clients
// where their first stage is. In proxy mode another DHCP server owns the
// addresses; ironbase answers only PXE and HTTP-boot clients, never offers
// an address, and also serves the PXE boot-server port 4011.
//
// Both modes pick the first-stage boot file from option 93 (client
// architecture) and hand iPXE clients (option 77 "iPXE") the HTTP URL of
// their boot script, {AdvertiseURL}/boot/ipxe?mac={mac}.
//
// The server owns its read loop: one socket per port, bound to one
// interface (see [Listen]), and a bounded pool of workers so a boot storm
// cannot spawn unbounded goroutines. Packets that do not parse are dropped
// and counted, never answered.
//
// Decisions worth knowing:
//   - Replies go to the relay (giaddr:67) for relayed requests, back to the
//     sender for port 4011, to ciaddr:68 for renewals and INFORMs, and are
//     broadcast otherwise; never unicast to yiaddr (no ARP entry yet).
//   - A proxy answers a DISCOVER on 67 with an OFFER without an address and a
//     REQUEST or INFORM on 4011 with an ACK; it ignores REQUESTs on 67, which
//     belong to the real DHCP server.
//   - Every boot reply carries option 43 sub-option 6 = 8, so PXE ROMs boot
//     the named file without boot-server discovery, and iPXE gets option 175
//     sub-option 176 = 1, so it does not wait for a proxyDHCP answer.
//   - A foreign server is noticed in full mode when its OFFER or ACK reaches
//     one of our sockets, or when a client REQUESTs with another server's
//     identifier (it took that server's offer). Offers sent only to port 68
//     are not seen: the server does not listen there.
//   - Only one subnet is served; relayed requests get its mask and router.
package dhcp
