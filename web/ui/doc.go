// Package ui is ironbase's web UI for lab admins: server-rendered
// html/template pages (fleet, host, images, reservations, events) with
// their CSS, a small vanilla script and no other front-end, all embedded in
// the binary. Sessions are server-side (see docs/ui.md), every form carries
// a per-session CSRF token, and every action calls the same catalog and
// power methods the JSON API calls, with the same roles.
package ui
