//go:build race

package provision

// raceEnabled: the race detector slows the model test about fourfold, so
// under -race it runs a sample of the sequences (see TestModel).
const raceEnabled = true
