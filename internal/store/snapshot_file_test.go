package store

import (
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// compactSnapshotBytes is what bbolt's Compact leaves of the snapshot file
// of a test's small index (every run so far: 64 KiB, from 128 to 512 KiB).
const compactSnapshotBytes = 64 << 10

// TestCloseCompactsSnapshotFiles: closing a store that merged rewrites
// each index's snapshot file compact (no larger than before, and at the
// compacted size), and the store opens again with every article; a store
// that did not merge keeps its files. Whether bolt grew a file during the
// writes depends on when scorch persisted, so a file may be compact
// already: the test checks that at least one shrank when any had grown.
func TestCloseCompactsSnapshotFiles(t *testing.T) {
	for _, merge := range []bool{true, false} {
		dir := t.TempDir()
		s, want := mergedStore(t, dir, 21)
		paths := indexPaths(dir, 1)
		if !merge {
			s.merged.Store(false)
		}
		before := fileSizes(t, paths)
		closeStore(t, s)
		after := fileSizes(t, paths)
		grown, shrank := false, false
		for i, p := range paths {
			t.Logf("merge %v: %s: %d -> %d bytes", merge, p, before[i], after[i])
			grown = grown || before[i] > compactSnapshotBytes
			shrank = shrank || after[i] < before[i]
			switch {
			case merge && (after[i] > before[i] || after[i] > compactSnapshotBytes):
				t.Errorf("%s: snapshot file %d bytes after the merge and close, %d before", p, after[i], before[i])
			case !merge && after[i] != before[i]:
				t.Errorf("%s: snapshot file changed from %d to %d bytes without a merge", p, before[i], after[i])
			}
		}
		if merge && grown && !shrank {
			t.Error("no snapshot file shrank")
		}
		if _, err := os.Stat(snapshotFile(paths[0]) + ".compact"); err == nil {
			t.Error("the compacted copy was left beside the file")
		}
		forgetAllShardDicts(t)
		s2, err := Open(dir, Options{Shards: 1})
		if err != nil {
			t.Fatal(err)
		}
		checkArticles(t, s2, want)
		if n, err := s2.Count(); err != nil || n != uint64(len(want)) {
			t.Errorf("count %d (%v), want %d", n, err, len(want))
		}
		closeStore(t, s2)
	}
}

func fileSizes(t *testing.T, paths []string) []int64 {
	t.Helper()
	var out []int64
	for _, p := range paths {
		fi, err := os.Stat(snapshotFile(p))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fi.Size())
	}
	return out
}

// TestCompactSnapshotFileInUse: a snapshot file another holder has open
// (bolt's file lock) is left as it is, with an error that names it.
func TestCompactSnapshotFileInUse(t *testing.T) {
	dir := t.TempDir()
	s, _ := mergedStore(t, dir, 23)
	s.merged.Store(false)
	closeStore(t, s)
	path := shardPath(dir, 0)
	before := fileSizes(t, []string{path})
	db, err := bolt.Open(snapshotFile(path), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = compactSnapshotFile(path)
	if err == nil || !strings.Contains(err.Error(), "root.bolt") {
		t.Errorf("compacting a file in use: %v", err)
	}
	if after := fileSizes(t, []string{path}); after[0] != before[0] {
		t.Errorf("the file in use changed from %d to %d bytes", before[0], after[0])
	}
}

// TestOpenDuringCloseCompaction: an Open that starts while a merged store
// closes waits for the snapshot files to be compacted (the store's lock),
// finds every article, and writes to the compacted files: an Open that got
// the old file, which the compaction renames the new one over, would write
// to a file no later Open reads, and the articles written would be lost.
// (The compaction itself is TestCloseCompactsSnapshotFiles': the sizes of
// the files after this test's second store has written and closed are not
// the compaction's.)
func TestOpenDuringCloseCompaction(t *testing.T) {
	dir := t.TempDir()
	s, want := mergedStore(t, dir, 25)
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	s2, err := Open(dir, Options{Shards: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	checkArticles(t, s2, want)
	more := writeArticles(t, s2, rand.New(rand.NewPCG(26, 27)), "b", 20)
	closeStore(t, s2)
	s3, err := Open(dir, Options{Shards: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer closeStore(t, s3)
	checkArticles(t, s3, want)
	checkArticles(t, s3, more)
	if n, err := s3.Count(); err != nil || n != uint64(len(want)+len(more)) {
		t.Errorf("count %d (%v), want %d", n, err, len(want)+len(more))
	}
}
