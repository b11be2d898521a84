//go:build !linux

package bench

import "time"

// threadCPU is not measured off Linux; reports then show wall-clock only.
func threadCPU() time.Duration { return 0 }
