//go:build race

package entities

// raceEnabled is true under -race, which makes the tagger ten times slower.
const raceEnabled = true
