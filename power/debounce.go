package power

// debouncer turns raw power-state readings into a stable state: a reading
// that differs from the stable state counts only when the next reading
// agrees with it.
type debouncer struct {
	stable  PowerState
	pending PowerState
	seen    bool // pending holds a reading
}

// observe feeds one reading. It reports whether the stable state changed
// and whether the reading is settled (equal to the stable state afterwards).
func (d *debouncer) observe(s PowerState) (changed, settled bool) {
	switch {
	case s == d.stable:
		d.seen = false
		return false, true
	case d.seen && s == d.pending:
		d.stable, d.seen = s, false
		return true, true
	default:
		d.pending, d.seen = s, true
		return false, false
	}
}
