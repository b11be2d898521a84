package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOpenAfterInterruptedCreate leaves an index directory the way a
// process killed while creating the index leaves it, at each step of the
// creation; Open must repair it without help and the index must work.
func TestOpenAfterInterruptedCreate(t *testing.T) {
	tests := []struct {
		name   string
		break_ func(t *testing.T, dir string)
	}{
		{"only the index directory", func(t *testing.T, dir string) {
			removeAll(t, dir)
			mkdir(t, dir)
		}},
		{"empty shard directory", func(t *testing.T, dir string) {
			remove(t, filepath.Join(dir, metaFile))
			removeAll(t, shardPath(dir, 1))
			mkdir(t, shardPath(dir, 1))
		}},
		{"shard with index_meta.json but no store", func(t *testing.T, dir string) {
			remove(t, filepath.Join(dir, metaFile))
			removeAll(t, filepath.Join(shardPath(dir, 1), "store"))
		}},
		{"shard store without index_meta.json", func(t *testing.T, dir string) {
			remove(t, filepath.Join(dir, metaFile))
			remove(t, filepath.Join(shardPath(dir, 1), "index_meta.json"))
		}},
		{"every shard but no newsfind.json", func(t *testing.T, dir string) {
			remove(t, filepath.Join(dir, metaFile))
		}},
		{"torn meta temp file", func(t *testing.T, dir string) {
			remove(t, filepath.Join(dir, metaFile))
			if err := os.WriteFile(filepath.Join(dir, metaFile+".tmp"), []byte(`{"vers`), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			s, err := Open(dir, Options{Shards: 2})
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
			tc.break_(t, dir)

			s, err = Open(dir, Options{Shards: 3})
			if err != nil {
				t.Fatalf("Open after an interrupted creation: %v", err)
			}
			if s.NumShards() != 3 {
				t.Errorf("shards = %d, want 3 (a fresh index with the requested count)", s.NumShards())
			}
			if _, err := s.Apply([]Op{{ID: "a", Article: article("a", 2)}}); err != nil {
				t.Fatal(err)
			}
			s.Close()
			s, err = Open(dir, Options{})
			if err != nil {
				t.Fatalf("reopen: %v", err)
			}
			defer s.Close()
			if n, err := s.Count(); err != nil || n != 1 {
				t.Errorf("count after reopen = %d, %v; want 1", n, err)
			}
		})
	}
}

// TestOpenKeepsCompleteIndex: an index whose meta file exists is never
// taken for an unfinished creation.
func TestOpenKeepsCompleteIndex(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{Shards: 2})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply([]Op{{ID: "a", Article: article("a", 1)}, {ID: "b", Article: article("b", 0)}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(dir, Options{Shards: 5})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, _ := s.Count(); n != 2 || s.NumShards() != 2 {
		t.Errorf("count %d shards %d, want 2 and 2", n, s.NumShards())
	}
}

func remove(t *testing.T, p string) {
	t.Helper()
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
}

func removeAll(t *testing.T, p string) {
	t.Helper()
	if err := os.RemoveAll(p); err != nil {
		t.Fatal(err)
	}
}

func mkdir(t *testing.T, p string) {
	t.Helper()
	if err := os.MkdirAll(p, 0o755); err != nil {
		t.Fatal(err)
	}
}

// TestOpenRefusesOtherFormat: an index written in another layout is refused
// with a message saying what to do, not opened and misread.
func TestOpenRefusesOtherFormat(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{Shards: 1})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := writeMeta(dir, meta{Version: 2, Shards: 1}); err != nil {
		t.Fatal(err)
	}
	_, err = Open(dir, Options{})
	if err == nil || !strings.Contains(err.Error(), "format 2") || !strings.Contains(err.Error(), "index the articles again") {
		t.Fatalf("open of a format-2 index: %v", err)
	}
}
