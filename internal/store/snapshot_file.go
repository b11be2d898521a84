package store

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Compacting scorch's snapshot file.
//
// scorch keeps the snapshots of a bleve index (which segments, which of
// their documents are deleted, the internal keys) in a bolt file,
// store/root.bolt. A bulk load persists a snapshot per batch, and bolt
// grows the file by doubling and never gives the pages back: after the
// final merge, one small snapshot sat in 256 or 512 KiB of free pages
// per index, four files of a two-shard store, 0.3 % of a 200k index and
// 1.9 % of a 20k one. Closing a store that merged rewrites each file
// compacted (bbolt's Compact: the same buckets, keys and sequences), 64
// KiB each.

// snapshotFile is the bolt file of the bleve index at path (scorch's
// layout).
func snapshotFile(path string) string {
	return filepath.Join(segmentStoreDir(path), "root.bolt")
}

// compactSnapshotFile rewrites the snapshot file of the closed bleve
// index at path compacted, when that makes it smaller: written and synced
// beside it, then renamed over it, so a crash leaves one or the other.
// A file another process holds open (bolt's file lock: a program other
// than newsfind, which takes the store's lock first) is left as it is.
func compactSnapshotFile(path string) error {
	file := snapshotFile(path)
	fi, err := os.Stat(file)
	if err != nil {
		return err
	}
	tmp := file + ".compact"
	if err := os.Remove(tmp); err != nil && !os.IsNotExist(err) {
		return err
	}
	src, err := bolt.Open(file, 0, &bolt.Options{ReadOnly: true, Timeout: 100 * time.Millisecond})
	if err != nil {
		return fmt.Errorf("open %s: %w", file, err)
	}
	dst, err := bolt.Open(tmp, fi.Mode().Perm(), &bolt.Options{Timeout: 100 * time.Millisecond})
	if err != nil {
		src.Close()
		return fmt.Errorf("create %s: %w", tmp, err)
	}
	// Each transaction of Compact is synced at its commit (bolt's
	// default), so the copy is on disk when dst is closed.
	err = bolt.Compact(dst, src, 1<<20)
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if cerr := src.Close(); err == nil {
		err = cerr
	}
	var smaller bool
	if err == nil {
		var ti os.FileInfo
		if ti, err = os.Stat(tmp); err == nil {
			smaller = ti.Size() < fi.Size()
		}
	}
	if err != nil || !smaller {
		os.Remove(tmp)
		if err != nil {
			return fmt.Errorf("compact %s: %w", file, err)
		}
		return nil
	}
	if err := os.Rename(tmp, file); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("compact %s: %w", file, err)
	}
	if err := syncDir(filepath.Dir(file)); err != nil {
		return fmt.Errorf("compacted %s, but syncing its directory: %w", file, err)
	}
	return nil
}

// compactSnapshotFiles compacts the snapshot files of the closed indexes
// at paths, the store's lock held (lock_unix.go): no newsfind process can
// open them meanwhile. A failure is logged, not returned (the index is
// whole either way, only larger), and leaves the rest as they are.
func compactSnapshotFiles(paths []string) {
	for _, p := range paths {
		if err := compactSnapshotFile(p); err != nil {
			slog.Warn("store: snapshot files not compacted", "index", p, "err", err)
			return
		}
	}
}
