//go:build unix

package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// lockFileName is the store lock's file in the index directory.
const lockFileName = "newsfind.lock"

// storeLock is an index directory's lock: one Store at a time, from Open
// until the end of Close. bolt locks each shard's snapshot file too, but
// only while scorch has it open; Close rewrites those files
// (snapshot_file.go) after scorch let go of them, and a process opening
// the index meanwhile would have locked the file being replaced.
type storeLock struct{ f *os.File }

// lockStore takes dir's lock, waiting up to lockWait for another holder
// to let go (ErrInUse after that).
func lockStore(dir string) (*storeLock, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("store: create %s: %w", dir, err)
	}
	f, err := os.OpenFile(filepath.Join(dir, lockFileName), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("store: lock %s: %w", dir, err)
	}
	deadline := time.Now().Add(lockWait)
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		switch {
		case err == nil:
			return &storeLock{f: f}, nil
		case errors.Is(err, syscall.EINTR):
			continue
		case !errors.Is(err, syscall.EWOULDBLOCK):
			f.Close()
			return nil, fmt.Errorf("store: lock %s: %w", dir, err)
		case time.Now().After(deadline):
			f.Close()
			return nil, ErrInUse
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// unlock lets go of the lock (closing the file releases it).
func (l *storeLock) unlock() {
	if l != nil {
		l.f.Close()
	}
}
