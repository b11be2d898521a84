//go:build race

package eval

// raceEnabled: the race detector slows the dev-set tests about tenfold.
const raceEnabled = true
