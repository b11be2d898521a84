package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/newsfind/newsfind/indexer"
	"github.com/newsfind/newsfind/internal/extract"
	"github.com/newsfind/newsfind/internal/store"
)

// IndexResult is one indexing run.
type IndexResult struct {
	Mode      string        `json:"mode"` // "full" or "plain"
	Articles  int           `json:"articles"`
	Failed    int           `json:"failed"`
	Shards    int           `json:"shards"`
	Batch     int           `json:"batch"`
	Commit    time.Duration `json:"commit_ns"`  // start to last batch committed
	Merge     time.Duration `json:"merge_ns"`   // full mode: the final merge to one segment per index, as `newsfind index` does
	Elapsed   time.Duration `json:"elapsed_ns"` // start to index closed (merges settled)
	CPU       time.Duration `json:"cpu_ns"`     // process CPU time during the run
	DiskBytes int64         `json:"disk_bytes"`
	PeakRSS   int64         `json:"peak_rss"`
	LoadStart string        `json:"load_start"`
	LoadEnd   string        `json:"load_end"`
}

// N is the number of records the run was given: indexed plus failed (the
// decoder rejects some real records, e.g. Reuters dates with SGML debris).
func (r IndexResult) N() int { return r.Articles + r.Failed }

// IndexSpec says what to index.
type IndexSpec struct {
	Set    string `json:"set"`    // JSON Lines file from Corpus.WriteSet
	N      int    `json:"n"`      // articles to take from its start
	Dir    string `json:"dir"`    // index directory (must not exist yet)
	Shards int    `json:"shards"` // full mode; 0 = cores
	Batch  int    `json:"batch"`  // 0 = the indexer's default (full) or 1,000 (plain)
	// Uncompressed: full mode writes an uncompressed index (`newsfind
	// index --compress=false`).
	Uncompressed bool `json:"uncompressed,omitempty"`
}

// readSet sends the first n records of the set to emit, through the same
// reader `newsfind index` uses.
func readSet(ctx context.Context, path string, n int, emit func(indexer.Record) bool) error {
	count := 0
	return indexer.ReadFile(ctx, path, 0, nil, func(r indexer.Record) bool {
		if count >= n {
			return false
		}
		count++
		return emit(r)
	})
}

// IndexFull is the whole newsfind pipeline: read the JSON Lines file,
// decode, extract in parallel workers, write ordered batches to the sharded
// store, close it.
func IndexFull(ctx context.Context, spec IndexSpec) (IndexResult, error) {
	res := IndexResult{Mode: "full"}
	p, err := extract.Default() // model loading is not indexing: outside the clock
	if err != nil {
		return res, err
	}
	st, err := store.Open(spec.Dir, store.Options{Shards: spec.Shards, Uncompressed: spec.Uncompressed})
	if err != nil {
		return res, err
	}
	ix := indexer.New(st, p, indexer.Options{BatchSize: spec.Batch})
	res.Shards, res.Batch = st.NumShards(), spec.Batch
	res.LoadStart = LoadAvg()
	cpu0, start := CPUTime(), time.Now()
	var readErr error
	src := func(emit func(indexer.Record) bool) { readErr = readSet(ctx, spec.Set, spec.N, emit) }
	err = ix.Run(ctx, src, func(lr indexer.LineResult) {
		if lr.Result == indexer.ResultError {
			res.Failed++
		} else {
			res.Articles++
		}
	})
	res.Commit = time.Since(start)
	if err == nil {
		err = st.Merge(ctx)
		res.Merge = time.Since(start) - res.Commit
	}
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	res.Elapsed, res.CPU = time.Since(start), CPUTime()-cpu0
	res.LoadEnd = LoadAvg()
	if err == nil {
		err = readErr
	}
	res.PeakRSS = PeakRSS()
	if err == nil {
		// Files of merged-away segments are removed by scorch in the
		// background and may outlive Close (a 200k run measured 1,133 MB
		// where the index was 812): opening the index again removes them,
		// as the next `newsfind serve` would.
		err = settle(spec.Dir)
	}
	res.DiskBytes = dirSize(spec.Dir)
	return res, err
}

// settle opens and closes the store in dir, which removes the files its
// segments no longer use.
func settle(dir string) error {
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		return fmt.Errorf("bench: reopen %s: %w", dir, err)
	}
	return st.Close()
}

// IndexPlain is the baseline: the same file read the same way, title and
// body only, bleve's default mapping, one index, batches of spec.Batch
// (1,000 by default), no extraction.
func IndexPlain(ctx context.Context, spec IndexSpec) (IndexResult, error) {
	if spec.Batch <= 0 {
		spec.Batch = 1000
	}
	res := IndexResult{Mode: "plain", Shards: 1, Batch: spec.Batch}
	idx, err := bleve.New(spec.Dir, bleve.NewIndexMapping())
	if err != nil {
		return res, fmt.Errorf("bench: plain index: %w", err)
	}
	res.LoadStart = LoadAvg()
	cpu0, start := CPUTime(), time.Now()
	b := idx.NewBatch()
	var indexErr error
	flush := func() bool {
		if b.Size() == 0 {
			return true
		}
		if err := idx.Batch(b); err != nil {
			indexErr = fmt.Errorf("bench: plain batch: %w", err)
			return false
		}
		b.Reset()
		return true
	}
	err = readSet(ctx, spec.Set, spec.N, func(r indexer.Record) bool {
		var a struct{ ID, Title, Body string }
		if r.Err != nil || json.Unmarshal(r.Raw, &a) != nil {
			res.Failed++
			return true
		}
		if err := b.Index(a.ID, map[string]any{"title": a.Title, "body": a.Body}); err != nil {
			res.Failed++
			return true
		}
		res.Articles++
		if b.Size() >= spec.Batch {
			return flush()
		}
		return true
	})
	if err == nil {
		flush()
		err = indexErr
	}
	res.Commit = time.Since(start)
	if cerr := idx.Close(); err == nil {
		err = cerr
	}
	res.Elapsed, res.CPU = time.Since(start), CPUTime()-cpu0
	res.LoadEnd = LoadAvg()
	res.PeakRSS = PeakRSS()
	if err == nil { // as the full index is measured: settled (see settle)
		var idx bleve.Index
		if idx, err = bleve.Open(spec.Dir); err == nil {
			err = idx.Close()
		}
	}
	res.DiskBytes = dirSize(spec.Dir)
	return res, err
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}
