package store

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/klauspost/compress/zstd"

	"github.com/newsfind/newsfind/schema"
)

// lowShardDictThreshold lets the small indexes of a test train shard
// dictionaries.
func lowShardDictThreshold(t *testing.T) {
	t.Helper()
	noBackgroundMerges(t)
	old := minShardDictHistory
	minShardDictHistory = 8 << 10
	t.Cleanup(func() { minShardDictHistory = old })
}

// noBackgroundMerges leaves the segments of a test's writes to the final
// merge (an index of one segment is left as it is).
func noBackgroundMerges(t *testing.T) {
	t.Helper()
	old := newIndexConfig
	newIndexConfig = map[string]any{"scorchMergePlanOptions": map[string]any{
		"MaxSegmentsPerTier": 1000, "SegmentsPerMergeTask": 1000, "FloorSegmentSize": 1}}
	t.Cleanup(func() { newIndexConfig = old })
}

// forgetAllShardDicts makes the process forget every dictionary it has
// loaded and every piece it has decoded, as a new process would: what is
// read next is read from the files.
func forgetAllShardDicts(t *testing.T) {
	t.Helper()
	shardDictsMu.Lock()
	defer shardDictsMu.Unlock()
	clear(shardDicts)
	clear(loadedDicts)
	dec, err := newDecoder(storedDict)
	if err != nil {
		t.Fatal(err)
	}
	decoder.Store(dec)
	SetSegmentCacheBytes(DefaultSegmentCacheBytes)
}

// writeArticles writes n articles with ids prefix0.. to s, in batches of
// 50 (a segment each), and returns them.
func writeArticles(t *testing.T, s *Store, r *rand.Rand, prefix string, n int) map[string]*schema.Article {
	t.Helper()
	written := map[string]*schema.Article{}
	for b := 0; b < n; b += 50 {
		var ops []Op
		for i := b; i < n && i < b+50; i++ {
			id := fmt.Sprintf("%s%d", prefix, i)
			a := newsArticle(r, id, 300)
			written[id] = a
			ops = append(ops, Op{ID: id, Article: a})
		}
		if _, err := s.Apply(ops); err != nil {
			t.Fatal(err)
		}
	}
	return written
}

// checkArticles reads every article of want back from s.
func checkArticles(t *testing.T, s *Store, want map[string]*schema.Article) {
	t.Helper()
	for id, a := range want {
		got, err := s.Get(id)
		if err != nil {
			t.Fatalf("get %s: %v", id, err)
		}
		if got.Title != a.Title || got.Body != a.Body || len(got.Quotes) != len(a.Quotes) {
			t.Fatalf("article %s read back differs", id)
		}
	}
}

// articleSegmentBytes is the size of the segment files of s's first
// article shard's current snapshot. Not every file in its directory: the
// segments a merge replaced are removed in the background, and counting
// those that were still there made TestShardDictSmaller fail now and then.
func articleSegmentBytes(t *testing.T, s *Store) int64 {
	t.Helper()
	var n int64
	for _, ss := range segmentsOf(t, s.shards[0]) {
		seg, ok := ss.Segment().(interface{ Path() string })
		if !ok {
			t.Fatalf("segment %T has no file", ss.Segment())
		}
		fi, err := os.Stat(seg.Path())
		if err != nil {
			t.Fatal(err)
		}
		n += fi.Size()
	}
	if n == 0 {
		t.Fatal("no segment files")
	}
	return n
}

// mergedStore opens a store of one shard in dir, writes 300 articles of
// the given seed to it, merges it and returns it, open, with the articles.
func mergedStore(t *testing.T, dir string, seed uint64) (*Store, map[string]*schema.Article) {
	t.Helper()
	s, err := Open(dir, Options{Shards: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := writeArticles(t, s, rand.New(rand.NewPCG(seed, seed+1)), "a", 300)
	if err := s.Merge(context.Background()); err != nil {
		s.Close()
		t.Fatal(err)
	}
	return s, want
}

// closeStore closes s, failing the test if that fails.
func closeStore(t *testing.T, s *Store) {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestShardDict: the final merge of a shard with enough text trains a
// dictionary of its stored documents, writes it beside its segments and
// compresses them with it (segment hook shardDictHook); the articles read
// back, in this process and after the dictionary is loaded from its file;
// a later merge keeps the dictionary; quote shards keep the shipped one.
func TestShardDict(t *testing.T) {
	lowShardDictThreshold(t)
	dir := t.TempDir()
	s, want := mergedStore(t, dir, 3)
	file := filepath.Join(segmentStoreDir(shardPath(dir, 0)), shardDictFile)
	first, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("no shard dictionary after the merge: %v", err)
	}
	if _, err := os.Stat(filepath.Join(segmentStoreDir(quotePath(dir, 0)), shardDictFile)); err == nil {
		t.Error("a quote shard (it stores only ids) has a dictionary")
	}
	if got := callbackIDs(t, s.shards[0]); len(got) != 1 || got[0] != shardDictHook {
		t.Errorf("article segments written with %v, want [%s]", got, shardDictHook)
	}
	if got := callbackIDs(t, s.quotes[0]); len(got) != 1 || got[0] != segmentHookID {
		t.Errorf("quote segments written with %v, want [%s]", got, segmentHookID)
	}
	checkArticles(t, s, want)
	closeStore(t, s)

	// Reopened, the dictionary is read from its file (and checked
	// against the id the meta recorded); a second load and merge use it
	// again.
	m, err := readMeta(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.ShardDicts) != 1 || m.ShardDicts[0] == 0 {
		t.Fatalf("meta records shard dictionaries %v", m.ShardDicts)
	}
	forgetAllShardDicts(t)
	s, err = Open(dir, Options{Shards: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { s.Close() }()
	checkArticles(t, s, want)
	for id, a := range writeArticles(t, s, rand.New(rand.NewPCG(5, 6)), "b", 50) {
		want[id] = a
	}
	if err := s.Merge(context.Background()); err != nil {
		t.Fatal(err)
	}
	if again, err := os.ReadFile(file); err != nil || !bytes.Equal(again, first) {
		t.Errorf("the second merge changed the shard dictionary (%v)", err)
	}
	if m2, err := readMeta(dir); err != nil || len(m2.ShardDicts) != 1 || m2.ShardDicts[0] != m.ShardDicts[0] {
		t.Errorf("after the second merge the meta records %v (%v), want %v", m2.ShardDicts, err, m.ShardDicts)
	}
	if got := callbackIDs(t, s.shards[0]); len(got) != 1 || got[0] != shardDictHook {
		t.Errorf("after the second merge, article segments written with %v", got)
	}
	checkArticles(t, s, want)
}

// TestShardDictSmaller: the same articles take fewer bytes with their
// shard's dictionary than with the shipped one.
func TestShardDictSmaller(t *testing.T) {
	noBackgroundMerges(t)
	sizes := map[bool]int64{}
	for _, own := range []bool{false, true} {
		t.Run(fmt.Sprint("own ", own), func(t *testing.T) {
			if own {
				lowShardDictThreshold(t)
			}
			s, _ := mergedStore(t, t.TempDir(), 5)
			defer s.Close()
			if got := callbackIDs(t, s.shards[0]); len(got) != 1 || (got[0] == shardDictHook) != own {
				t.Fatalf("segments written with %v", got)
			}
			sizes[own] = articleSegmentBytes(t, s)
		})
	}
	if sizes[true] >= sizes[false] {
		t.Errorf("with the shard's dictionary %d bytes, with the shipped one %d", sizes[true], sizes[false])
	}
	t.Logf("segment bytes: shipped dictionary %d, shard's %d", sizes[false], sizes[true])
}

// TestShardDictMissing: a segment written with its shard's dictionary does
// not open without the file, and the error names it.
func TestShardDictMissing(t *testing.T) {
	lowShardDictThreshold(t)
	dir := t.TempDir()
	s, _ := mergedStore(t, dir, 7)
	closeStore(t, s)
	if err := os.Remove(filepath.Join(segmentStoreDir(shardPath(dir, 0)), shardDictFile)); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir, Options{Shards: 1})
	if err == nil {
		s.Close()
		t.Fatal("opened an index whose shard dictionary is missing")
	}
	if !strings.Contains(err.Error(), shardDictFile) || !strings.Contains(err.Error(), "missing") {
		t.Errorf("error %q does not say %s is missing", err, shardDictFile)
	}
}

// TestShardDictWrongFile: an index whose dictionary file is not the one
// its meta recorded does not open (scorch would fall back to an older
// snapshot), and the error says so.
func TestShardDictWrongFile(t *testing.T) {
	lowShardDictThreshold(t)
	dir := t.TempDir()
	s, _ := mergedStore(t, dir, 13)
	closeStore(t, s)
	m, err := readMeta(dir)
	if err != nil {
		t.Fatal(err)
	}
	m.ShardDicts[0]++
	if err := writeMeta(dir, m); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir, Options{Shards: 1})
	if err == nil {
		s.Close()
		t.Fatal("opened an index with another shard's dictionary")
	}
	if !strings.Contains(err.Error(), "another shard's dictionary") {
		t.Errorf("error %q", err)
	}
}

// TestShardDictConcurrentTraining: two trainings of one shard at once
// publish one dictionary: one file, the id the meta records, the one the
// writer uses.
func TestShardDictConcurrentTraining(t *testing.T) {
	lowShardDictThreshold(t)
	dir := t.TempDir()
	s, err := Open(dir, Options{Shards: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	writeArticles(t, s, rand.New(rand.NewPCG(15, 16)), "a", 300)
	adv, err := s.shards[0].Advanced()
	if err != nil {
		t.Fatal(err)
	}
	sc := adv.(*scorch.Scorch)
	errs := make(chan error, 2)
	for range 2 {
		go func() { errs <- s.trainDict(sc, 0) }()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	storeDir := segmentStoreDir(shardPath(dir, 0))
	z, err := os.ReadFile(filepath.Join(storeDir, shardDictFile))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := decoder.Load().DecodeAll(z, nil)
	if err != nil {
		t.Fatal(err)
	}
	d, err := shardDictOf(storeDir)
	if err != nil || d == nil || !bytes.Equal(d.raw, raw) {
		t.Fatalf("the writer's dictionary is not the file's (%v)", err)
	}
	m, err := readMeta(dir)
	if err != nil || len(m.ShardDicts) != 1 || m.ShardDicts[0] != d.id {
		t.Fatalf("meta records %v (%v), the file has id %#x", m.ShardDicts, err, d.id)
	}
	if tmps, _ := filepath.Glob(filepath.Join(storeDir, "*.tmp")); len(tmps) != 0 {
		t.Errorf("temporary files left: %v", tmps)
	}
}

// TestShardDictThreshold: a shard with little text keeps the shipped
// dictionary and writes no file.
func TestShardDictThreshold(t *testing.T) {
	noBackgroundMerges(t)
	dir := t.TempDir()
	s, _ := mergedStore(t, dir, 9)
	defer s.Close()
	if _, err := os.Stat(filepath.Join(segmentStoreDir(shardPath(dir, 0)), shardDictFile)); err == nil {
		t.Error("a shard of 300 short articles trained a dictionary")
	}
	if got := callbackIDs(t, s.shards[0]); len(got) != 1 || got[0] != segmentHookID {
		t.Errorf("segments written with %v, want [%s]", got, segmentHookID)
	}
}

// TestShardDictIDClash: a dictionary whose id the process already knows
// with other content is refused (a frame would decode with the wrong one).
func TestShardDictIDClash(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	var samples [][]byte
	for i := 0; i < 200; i++ {
		samples = append(samples, []byte(newsArticle(r, "x", 200).Body))
	}
	id := newShardDictID()
	a, err := buildDict(id, samples[:100], 32<<10, 50)
	if err != nil {
		t.Fatal(err)
	}
	b, err := buildDict(id, samples[100:], 32<<10, 50)
	if err != nil {
		t.Fatal(err)
	}
	dirA, dirB := t.TempDir(), t.TempDir()
	t.Cleanup(func() {
		shardDictsMu.Lock()
		delete(shardDicts, dirA)
		delete(shardDicts, dirB)
		shardDictsMu.Unlock()
	})
	shardDictsMu.Lock()
	defer shardDictsMu.Unlock()
	if _, err := addShardDictLocked(dirA, a); err != nil {
		t.Fatal(err)
	}
	if _, err := addShardDictLocked(dirA, a); err != nil {
		t.Errorf("the same dictionary again: %v", err)
	}
	if _, err := addShardDictLocked(dirB, b); err == nil || !strings.Contains(err.Error(), "another dictionary") {
		t.Errorf("another dictionary with the same id: %v", err)
	}
	// Frames of the first decode with it.
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderDict(a))
	if err != nil {
		t.Fatal(err)
	}
	frame := enc.EncodeAll(samples[0], nil)
	if out, err := decoder.Load().DecodeAll(frame, nil); err != nil || !bytes.Equal(out, samples[0]) {
		t.Errorf("decode with the loaded dictionary: %v", err)
	}
}
