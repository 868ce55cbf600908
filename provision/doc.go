// Package provision drives hosts through their lifecycle and owns the
// netboot services (provision/dhcp, provision/tftp, provision/boot). This
// top-level package holds the glue between those services and the catalog:
// the DHCP lease backend and the observer that turns what DHCP sees into
// events. The lifecycle controller joins it later.
package provision
