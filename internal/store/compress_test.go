package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/blevesearch/bleve/v2"
	"github.com/golang/snappy"

	"github.com/newsfind/newsfind/schema"
)

// newsArticle is an article with a body of n words drawn from a small
// vocabulary (so that its postings and term vectors are news-like:
// repeated words at varying positions).
func newsArticle(r *rand.Rand, id string, n int) *schema.Article {
	words := strings.Fields("the minister said on monday that oil prices would rise as the bank cut rates while police in jakarta and the government of indonesia talked about trade growth shares profit election court football music tax deal company market")
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[r.IntN(len(words))])
	}
	a := article(id, 3)
	a.Body = b.String()
	return a
}

// callbackIDs returns the file-callback id of every segment of idx.
func callbackIDs(t *testing.T, idx bleve.Index) []string {
	t.Helper()
	var ids []string
	for _, ss := range segmentsOf(t, idx) {
		seg, ok := ss.Segment().(interface{ CallbackId() string })
		if !ok {
			t.Fatalf("segment %T has no CallbackId", ss.Segment())
		}
		ids = append(ids, seg.CallbackId())
	}
	return ids
}

// fill writes 300 articles of 300 words to s and merges it.
func fill(t *testing.T, s *Store) {
	t.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	for b := 0; b < 3; b++ {
		var ops []Op
		for i := 0; i < 100; i++ {
			id := fmt.Sprintf("a%d-%d", b, i)
			ops = append(ops, Op{ID: id, Article: newsArticle(r, id, 300)})
		}
		if _, err := s.Apply(ops); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Merge(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestCompressedSegments: an index in the current format writes the
// segments of its final merge through the zstd hook, reads them back
// (search, stored fields, quotes), and is smaller than the same articles
// in format 4; a write after the merge is not compressed.
func TestCompressedSegments(t *testing.T) {
	// No background merging: Merge has several segments to merge (an
	// index of one segment is left as it is).
	defer func(c map[string]any) { newIndexConfig = c }(newIndexConfig)
	newIndexConfig = map[string]any{"scorchMergePlanOptions": map[string]any{
		"MaxSegmentsPerTier": 1000, "SegmentsPerMergeTask": 1000, "FloorSegmentSize": 1}}
	sizes := map[int]int64{}
	for _, version := range []int{formatVersion, uncompressedFormat} {
		t.Run(fmt.Sprint("format ", version), func(t *testing.T) {
			dir := t.TempDir()
			if version != formatVersion {
				// An index created by the code before compression: its meta
				// says 4 before anything is written.
				s, err := Open(dir, Options{Shards: 1})
				if err != nil {
					t.Fatal(err)
				}
				if err := s.Close(); err != nil {
					t.Fatal(err)
				}
				if err := writeMeta(dir, meta{Version: version, Shards: 1}); err != nil {
					t.Fatal(err)
				}
			}
			s, err := Open(dir, Options{Shards: 1})
			if err != nil {
				t.Fatal(err)
			}
			var before [len(writtenKinds)]int64
			for k := range writtenKinds {
				before[k] = writtenKinds[k].Load()
			}
			withIDBefore := writtenStoredWithID.Load()
			fill(t, s)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if version == formatVersion {
				// Each transform applied to the pieces of real segments.
				for _, tr := range []byte{transformLocations, transformStoredDoc, transformPostings, transformLocationStreams, transformStoredMeta, transformPostingsRice} {
					n := int64(0)
					for c := byte(0); c < 4; c++ {
						n += writtenKinds[tr<<2|c].Load() - before[tr<<2|c]
					}
					if n == 0 {
						t.Errorf("no piece written with transform %d", tr)
					}
				}
				if writtenStoredWithID.Load() == withIDBefore {
					t.Error("no stored document transformed (only doc-value chunks)")
				}
			}
			s, err = Open(dir, Options{Shards: 1})
			if err != nil {
				t.Fatal(err)
			}
			defer func() { s.Close() }()
			want := ""
			if version == formatVersion {
				want = segmentHookID
			}
			for _, idx := range []bleve.Index{s.shards[0], s.quotes[0]} {
				ids := callbackIDs(t, idx)
				if len(ids) == 0 {
					t.Fatalf("%s has no segments", idx.Name())
				}
				for _, id := range ids {
					if id != want {
						t.Errorf("%s: segment written with callback %q, want %q", idx.Name(), id, want)
					}
				}
			}
			// Everything reads back: counts, a phrase (term vectors), a
			// stored body, quote documents.
			q := bleve.NewMatchPhraseQuery("oil prices")
			q.SetField(schema.FieldBody)
			req := bleve.NewSearchRequest(q)
			res, err := s.Articles().Search(req)
			if err != nil {
				t.Fatal(err)
			}
			if res.Total == 0 {
				t.Error(`no article has "oil prices"`)
			}
			r := rand.New(rand.NewPCG(1, 2))
			wantBody := newsArticle(r, "a0-0", 300).Body
			doc, err := s.Get("a0-0")
			if err != nil || doc == nil {
				t.Fatalf("get a0-0: %v, %v", doc, err)
			}
			if doc.Body != wantBody {
				t.Errorf("a0-0 body read back differs")
			}
			if n, _ := s.Count(); n != 300 {
				t.Errorf("count = %d, want 300", n)
			}
			if n, _ := s.Quotes().DocCount(); n != 900 {
				t.Errorf("quote documents = %d, want 900", n)
			}
			sizes[version] = s.DiskSize()
			if version != formatVersion {
				return
			}
			// A write after the merge: its segment is written as is.
			if _, err := s.Apply([]Op{{ID: "late", Article: newsArticle(r, "late", 300)}}); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if s, err = Open(dir, Options{Shards: 1}); err != nil {
				t.Fatal(err)
			}
			ids := callbackIDs(t, s.shards[0])
			if !slices.Equal(ids, []string{segmentHookID, ""}) {
				t.Errorf("segments after a late write: callbacks %q, want the merged one compressed and the new one not", ids)
			}
			if doc, err := s.Get("late"); err != nil || doc == nil {
				t.Errorf("get late: %v, %v", doc, err)
			}
		})
	}
	if c, u := sizes[formatVersion], sizes[uncompressedFormat]; c > 0 && u > 0 && c >= u-u/20 { // both ran
		t.Errorf("compressed index %d bytes, uncompressed %d: want at least 5%% smaller", c, u)
	}
}

// TestOtherIndexesUncompressed: the hook leaves bleve indexes that are not
// a newsfind store's alone (the benchmark's plain-bleve baseline).
func TestOtherIndexesUncompressed(t *testing.T) {
	s, err := Open(t.TempDir(), Options{Shards: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Written while the store's merge is on: only its own segments are
	// compressed then.
	compressShards(s.compressed)
	defer uncompressShards(s.compressed)
	path := filepath.Join(t.TempDir(), "plain")
	idx, err := bleve.New(path, bleve.NewIndexMapping())
	if err != nil {
		t.Fatal(err)
	}
	batch := idx.NewBatch()
	for i := 0; i < 50; i++ {
		batch.Index(fmt.Sprint(i), map[string]any{"body": strings.Repeat("oil prices rise ", 100)})
	}
	if err := idx.Batch(batch); err != nil {
		t.Fatal(err)
	}
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
	idx, err = bleve.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	for _, id := range callbackIDs(t, idx) {
		if id != "" {
			t.Errorf("plain bleve segment written with callback %q", id)
		}
	}
}

func TestPieceRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	random := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		return b
	}
	for _, tc := range []struct {
		name       string
		in         []byte
		compressed bool
	}{
		{"empty", nil, false},
		{"short", []byte("oil"), false},
		{"just below the minimum", bytes.Repeat([]byte{7}, minCompressedPiece-1), false},
		{"the minimum, compressible", bytes.Repeat([]byte{7}, minCompressedPiece), false}, // padded, it would save nothing
		{"compressible to below the minimum", bytes.Repeat([]byte("oil prices "), 500), true},
		{"compressible", []byte(strings.Repeat("oil prices rise ", 100) + string(random(2000))), true},
		{"random", random(4096), false},
		{"random, minimum length", random(minCompressedPiece), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := compressPiece(tc.in)
			if got := len(p) >= minCompressedPiece && p[0] != pieceRaw; got != tc.compressed {
				t.Errorf("compressed = %v, want %v (%d -> %d bytes)", got, tc.compressed, len(tc.in), len(p))
			}
			out, err := decompressPiece(p)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out, tc.in) {
				t.Errorf("round trip changed %d bytes into %d", len(tc.in), len(out))
			}
		})
	}
}

// TestPieceLengths round-trips pieces of every length up to 1 KB, mostly
// repeated with a random tail of varying length, and frames zstd frames of
// every length around the minimum (where a frame is padded, and where its
// length prefix no longer fits in the minimum).
func TestPieceLengths(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for n := 0; n < 1024; n++ {
		for _, random := range []int{0, 2, 8, 40, 56, n / 2} {
			random = min(random, n)
			b := make([]byte, n)
			for i := n - random; i < n; i++ {
				b[i] = byte(r.Uint32())
			}
			out, err := decompressPiece(compressPiece(b))
			if err != nil {
				t.Fatalf("%d bytes (%d random): %v", n, random, err)
			}
			if !bytes.Equal(out, b) {
				t.Fatalf("%d bytes (%d random): round trip changed the piece", n, random)
			}
		}
	}
	near := map[int]bool{}
	for n := 0; n < 3*minCompressedPiece; n++ {
		in := make([]byte, n) // random: a frame a little longer than its input
		for i := range in {
			in[i] = byte(r.Uint32())
		}
		z := zstdEncoder.EncodeAll(in, nil)
		if d := len(z) - minCompressedPiece; d >= -2 && d <= 1 {
			near[d] = true
		}
		p := framePiece(pieceZstd, z)
		if len(p) < minCompressedPiece {
			t.Fatalf("frame of %d bytes framed into %d: shorter than the minimum, it would read as raw", len(z), len(p))
		}
		out, err := decompressPiece(p)
		if err != nil || !bytes.Equal(out, in) {
			t.Fatalf("frame of %d bytes: %v, equal %v", len(z), err, bytes.Equal(out, in))
		}
	}
	for d := -2; d <= 1; d++ { // zstd's shortest frames: 9 bytes (nothing), then 14 on
		if !near[d] {
			t.Errorf("no frame of %d bytes: the test does not reach that boundary", minCompressedPiece+d)
		}
	}
}

func TestCorruptPiece(t *testing.T) {
	for _, p := range [][]byte{
		append([]byte{1}, bytes.Repeat([]byte{0xff}, minCompressedPiece)...),                                                                  // not zstd
		append([]byte{(maxTransform + 1) << 2}, bytes.Repeat([]byte{0}, minCompressedPiece)...),                                               // unknown transform
		append([]byte{2, 0xff, 0xff, 0x03}, bytes.Repeat([]byte{0}, minCompressedPiece)...),                                                   // frame longer than the piece
		append([]byte{2, 10}, bytes.Repeat([]byte{0}, minCompressedPiece)...),                                                                 // not zstd
		append([]byte{transformLocations<<2 | containerPlain, 0, 0xff, 0xff, 0x03}, bytes.Repeat([]byte{0}, minCompressedPiece)...),           // more locations than bytes
		append([]byte{transformLocations<<2 | containerPlain, 0, 1, 1, 1}, bytes.Repeat([]byte{0x80}, minCompressedPiece)...),                 // a varint that never ends
		append([]byte{transformLocationStreams<<2 | containerPlain, 0, 96, 0xff, 0x0f, 0, 0}, bytes.Repeat([]byte{0}, minCompressedPiece)...), // a stream longer than the piece
		{transformLocationStreams<<2 | containerPlain, 0, 0xff, 0x7f, 10, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1},                        // ratio out of bounds (else 10 empty documents and one with a location)
		append([]byte{transformLocationStreams<<2 | containerPlain, 0, 96, 1, 1, 1, 9, 1, 1}, bytes.Repeat([]byte{1}, minCompressedPiece)...), // more locations than the streams hold
		append([]byte{transformLocationStreams<<2 | containerPlain, 0, 96, 1, 1, 1, 1, 1, 1}, bytes.Repeat([]byte{1}, minCompressedPiece)...), // lengths left over
		append([]byte{transformStoredMeta<<2 | containerPlain, 3, 1, 't', 5, 5}, bytes.Repeat([]byte{0}, minCompressedPiece)...),              // a predicted array position for a value of two
		append([]byte{transformStoredMeta<<2 | containerPlain, 3, 1, 't', 5, 0xff, 0x0f}, bytes.Repeat([]byte{0}, minCompressedPiece)...),     // more array positions than bytes
		append([]byte{transformStoredDoc<<2 | containerPlain, 0xff, 0x0f}, bytes.Repeat([]byte{0}, minCompressedPiece)...),                    // _id longer than the piece
		append([]byte{transformStoredDoc<<2 | containerZstd, 0}, bytes.Repeat([]byte{0xff}, minCompressedPiece)...),                           // not zstd
	} {
		if _, err := decompressPiece(p); !errors.Is(err, errBadPiece) {
			t.Errorf("kind %d: err = %v, want errBadPiece", p[0], err)
		}
	}
	if _, err := segmentReaderHook("other-hook", nil); err == nil {
		t.Error("a segment of an unknown callback is read")
	}
}

func FuzzPiece(f *testing.F) {
	f.Add([]byte("oil"))
	f.Add(bytes.Repeat([]byte("oil prices "), 100))
	r := rand.New(rand.NewPCG(17, 18))
	f.Add(locationChunk(r, 30, 1, nil))                                                         // transformed locations
	f.Add(append([]byte("id-1"), snappy.Encode(nil, []byte(newsArticle(r, "a", 200).Body))...)) // a stored document
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := decompressPiece(compressPiece(b))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out, b) {
			t.Fatal("round trip changed the piece")
		}
		decompressPiece(b) // any bytes: an error or a piece, never a panic
	})
}

// TestPieceCache: a piece read again comes from the cache, the cache
// stays within its bound, and a cache of 0 keeps nothing.
func TestPieceCache(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	frames := make([][]byte, 600)
	want := make([][]byte, len(frames))
	for i := range frames {
		b := []byte(strings.Repeat(fmt.Sprintf("piece %d ", i), 200)) // ~2 KB, compressible
		for j := 0; j < 64; j++ {
			b[r.IntN(len(b))] = byte(r.Uint32())
		}
		want[i], frames[i] = b, zstdEncoder.EncodeAll(b, nil)
	}
	for _, max := range []int{1 << 20, 0} {
		c := newPieceCache(max)
		for round := 0; round < 2; round++ {
			for i, z := range frames {
				p, err := c.get(pieceZstd, z)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(p, want[i]) {
					t.Fatalf("cache of %d: piece %d differs", max, i)
				}
			}
		}
		total, entries := 0, 0
		for i := range c.shards {
			sh := &c.shards[i]
			total += sh.bytes
			entries += len(sh.m)
			if sh.bytes > sh.max {
				t.Errorf("cache of %d: shard %d holds %d bytes, bound %d", max, i, sh.bytes, sh.max)
			}
		}
		if max == 0 && entries != 0 {
			t.Errorf("cache of 0 keeps %d pieces", entries)
		}
		if max > 0 {
			if entries == 0 || entries == len(frames) {
				t.Errorf("cache of %d keeps %d of %d pieces (%d bytes): want some, not all", max, entries, len(frames), total)
			}
			last := frames[len(frames)-1]
			p1, _ := c.get(pieceZstd, last)
			p2, _ := c.get(pieceZstd, last)
			if unsafe.SliceData(p1) != unsafe.SliceData(p2) {
				t.Error("the most recent piece is decompressed again")
			}
		}
	}
}

// TestUncompressedOption: Options.Uncompressed makes a new index in format
// 4, whose merges write plain segments; reopened without the option it
// stays in format 4.
func TestUncompressedOption(t *testing.T) {
	defer func(c map[string]any) { newIndexConfig = c }(newIndexConfig)
	newIndexConfig = map[string]any{"scorchMergePlanOptions": map[string]any{
		"MaxSegmentsPerTier": 1000, "SegmentsPerMergeTask": 1000, "FloorSegmentSize": 1}}
	dir := t.TempDir()
	s, err := Open(dir, Options{Shards: 1, Uncompressed: true})
	if err != nil {
		t.Fatal(err)
	}
	fill(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if m, err := readMeta(dir); err != nil || m.Version != uncompressedFormat {
		t.Fatalf("meta %+v, %v: want format %d", m, err, uncompressedFormat)
	}
	s, err = Open(dir, Options{Shards: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { s.Close() }()
	if s.compressed != nil {
		t.Error("a format-4 index opened without the option would compress its merges")
	}
	for _, idx := range []bleve.Index{s.shards[0], s.quotes[0]} {
		for _, id := range callbackIDs(t, idx) {
			if id != "" {
				t.Errorf("%s: segment written with callback %q", idx.Name(), id)
			}
		}
	}
}
