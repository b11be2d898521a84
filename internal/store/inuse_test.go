package store

import (
	"errors"
	"testing"
	"time"
)

// TestOpenInUse: a second Open of an index someone has open fails within
// seconds with ErrInUse (bleve's file lock; a second process used to wait
// for ever), and the index opens again once the first is closed.
func TestOpenInUse(t *testing.T) {
	defer func(w time.Duration) { lockWait = w }(lockWait)
	lockWait = time.Second
	dir := t.TempDir()
	st, err := Open(dir, Options{Shards: 2})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrInUse) {
		t.Fatalf("second Open: %v, want ErrInUse", err)
	}
	if d := time.Since(start); d > 10*lockWait {
		t.Errorf("second Open took %s", d)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st, err = Open(dir, Options{})
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	st.Close()
}
