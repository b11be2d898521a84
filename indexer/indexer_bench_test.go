package indexer

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/newsfind/newsfind/internal/extract"
	"github.com/newsfind/newsfind/internal/store"
	"github.com/newsfind/newsfind/schema"
)

// benchBody is an NDJSON body of the first n BBC articles of the shared
// corpus (skips when ../shared is not beside the checkout).
func benchBody(b *testing.B, n int) []byte {
	b.Helper()
	f, err := os.Open(filepath.Join("..", "..", "shared", "data", "news", "bbc.jsonl.gz"))
	if err != nil {
		b.Skipf("shared corpus not available: %v", err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	var body bytes.Buffer
	sc := bufio.NewScanner(gz)
	sc.Buffer(nil, 16<<20)
	for i := 0; i < n && sc.Scan(); i++ {
		body.Write(sc.Bytes())
		body.WriteByte('\n')
	}
	return body.Bytes()
}

func benchBulk(b *testing.B, ex Extractor, n int) { benchBulkIn(b, ex, n, false) }

// benchBulkIn loads n BBC articles into a new 2-shard store, in memory or
// (onDisk) in a temporary directory, as `newsfind index` does: every batch
// persisted and fsynced before it is acknowledged, scorch merging segments
// in the background.
func benchBulkIn(b *testing.B, ex Extractor, n int, onDisk bool) {
	body := benchBody(b, n)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		dir := ""
		if onDisk {
			dir = b.TempDir()
		}
		st, err := store.Open(dir, store.Options{Shards: 2})
		if err != nil {
			b.Fatal(err)
		}
		res, err := New(st, ex, Options{}).Bulk(context.Background(), bytes.NewReader(body))
		if err != nil || res.Created != n {
			b.Fatalf("bulk: %v, created %d of %d", err, res.Created, n)
		}
		st.Close()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkBulk is the whole pipeline on 500 BBC articles: decode, the real
// extraction, batches into a 2-shard in-memory store.
func BenchmarkBulk(b *testing.B) {
	p, err := extract.Default()
	if err != nil {
		b.Fatal(err)
	}
	benchBulk(b, p, 500)
}

// nopExtractor finds nothing: what is left is decoding, ordering, batching
// and the store.
type nopExtractor struct{}

func (nopExtractor) Extract(string) schema.Extraction { return schema.Extraction{} }

// BenchmarkBulkNoExtract is the same without the models, so a store or
// pipeline regression is not hidden behind extraction time.
func BenchmarkBulkNoExtract(b *testing.B) {
	benchBulk(b, nopExtractor{}, 500)
}

// BenchmarkBulkDisk is BenchmarkBulk into an on-disk store, with all 2,225
// BBC articles (several batches: commits overlap extraction and each
// other, and scorch merges on disk).
func BenchmarkBulkDisk(b *testing.B) {
	p, err := extract.Default()
	if err != nil {
		b.Fatal(err)
	}
	benchBulkIn(b, p, 2225, true)
}

// BenchmarkBulkDiskNoExtract is the on-disk store's share alone.
func BenchmarkBulkDiskNoExtract(b *testing.B) {
	benchBulkIn(b, nopExtractor{}, 2225, true)
}
