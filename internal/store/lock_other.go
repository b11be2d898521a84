//go:build !unix

package store

// storeLock is a no-op where flock is missing: Close then leaves the
// snapshot files as they are (see lock_unix.go).
type storeLock struct{}

func lockStore(string) (*storeLock, error) { return nil, nil }

func (*storeLock) unlock() {}
