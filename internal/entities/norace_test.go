//go:build !race

package entities

const raceEnabled = false
