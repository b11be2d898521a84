// Package store is the on-disk index: N bleve shards behind one IndexAlias.
// Documents are routed to a shard by a hash of their article id (quotes go
// with their article), so an article and its quotes are always written in
// one batch of one shard: atomically, never half-indexed.
package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/newsfind/newsfind/schema"
)

// ErrNotFound is returned when an article id is not in the index.
var ErrNotFound = errors.New("store: article not found")

// metaFile records the shard count so an index always reopens with the
// routing it was written with.
const metaFile = "newsfind.json"

type meta struct {
	Version int `json:"version"`
	Shards  int `json:"shards"`
}

// Store is an open index.
type Store struct {
	dir    string
	shards []bleve.Index
	alias  bleve.IndexAlias
	// mu serialises writers per shard; bleve batches are atomic but we
	// read-modify-write quote docs on replace.
	mu []sync.Mutex
}

// Options configure Open.
type Options struct {
	// Shards is the shard count for a new index; 0 means runtime.NumCPU().
	// An existing index keeps the count it was created with.
	Shards int
}

// Open opens the index in dir, creating it when dir holds no index.
// dir == "" makes an in-memory index (tests).
func Open(dir string, opts Options) (*Store, error) {
	n := opts.Shards
	if n <= 0 {
		n = runtime.NumCPU()
	}
	s := &Store{dir: dir}
	if dir == "" {
		for i := 0; i < n; i++ {
			// Scorch in memory, like the on-disk shards (bleve.NewMemOnly
			// is the older upsidedown index: several times slower to
			// write, and not what production runs). With no path there
			// is nothing to persist, so a batch is searchable, and as
			// durable as it can be, when Batch returns.
			idx, err := bleve.NewUsing("", schema.NewIndexMapping(), scorch.Name, scorch.Name, nil)
			if err != nil {
				return nil, fmt.Errorf("store: new in-memory shard: %w", err)
			}
			s.shards = append(s.shards, idx)
		}
		s.finish()
		return s, nil
	}
	m, err := readMeta(dir)
	switch {
	case err == nil:
		n = m.Shards
	case errors.Is(err, fs.ErrNotExist):
		return create(dir, n)
	default:
		return nil, err
	}
	for i := 0; i < n; i++ {
		p := shardPath(dir, i)
		idx, err := bleve.Open(p)
		if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
			idx, err = bleve.New(p, schema.NewIndexMapping())
		}
		if err != nil {
			s.closeShards()
			return nil, fmt.Errorf("store: open shard %d of %s: %w", i, dir, err)
		}
		s.shards = append(s.shards, idx)
	}
	s.finish()
	return s, nil
}

func shardPath(dir string, i int) string { return filepath.Join(dir, fmt.Sprintf("shard-%03d", i)) }

// create makes a new index in dir. newsfind.json is written last, once
// every shard exists: it marks the index complete. A creation cut short (the
// process killed, the disk full) leaves shard directories without it, which
// bleve cannot open ("metadata missing", "error parsing mapping JSON"); the
// next Open removes them and starts again. They cannot hold an article:
// writes start only after Open has returned.
func create(dir string, n int) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("store: create %s: %w", dir, err)
	}
	stale, _ := filepath.Glob(filepath.Join(dir, "shard-[0-9][0-9][0-9]*"))
	for _, p := range stale {
		if err := os.RemoveAll(p); err != nil {
			return nil, fmt.Errorf("store: remove %s left by an unfinished index creation: %w", p, err)
		}
	}
	s := &Store{dir: dir}
	for i := 0; i < n; i++ {
		idx, err := bleve.New(shardPath(dir, i), schema.NewIndexMapping())
		if err != nil {
			s.closeShards()
			return nil, fmt.Errorf("store: create shard %d of %s: %w", i, dir, err)
		}
		s.shards = append(s.shards, idx)
	}
	if err := writeMeta(dir, meta{Version: 1, Shards: n}); err != nil {
		s.closeShards()
		return nil, err
	}
	s.finish()
	return s, nil
}

func (s *Store) finish() {
	s.alias = bleve.NewIndexAlias(s.shards...)
	s.mu = make([]sync.Mutex, len(s.shards))
}

func readMeta(dir string) (meta, error) {
	var m meta
	b, err := os.ReadFile(filepath.Join(dir, metaFile))
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil || m.Shards <= 0 {
		return m, fmt.Errorf("store: %s: corrupt %s", dir, metaFile)
	}
	return m, nil
}

// writeMeta replaces the meta file atomically and durably: a crash leaves
// the old file or the new one, never a torn one.
func writeMeta(dir string, m meta) error {
	b, _ := json.Marshal(m)
	tmp := filepath.Join(dir, metaFile+".tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("store: write meta: %w", err)
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dir, metaFile))
	}
	if err != nil {
		return fmt.Errorf("store: write meta: %w", err)
	}
	if d, err := os.Open(dir); err == nil { // make the rename itself durable
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// Dir is the index directory ("" for in-memory).
func (s *Store) Dir() string { return s.dir }

// Index is the searchable view over all shards.
func (s *Store) Index() bleve.Index { return s.alias }

// NumShards is the shard count.
func (s *Store) NumShards() int { return len(s.shards) }

// ShardOf is the shard an article id is routed to.
func (s *Store) ShardOf(articleID string) int {
	h := fnv.New32a()
	h.Write([]byte(articleID))
	return int(h.Sum32() % uint32(len(s.shards)))
}

// Close closes every shard.
func (s *Store) Close() error { return s.closeShards() }

func (s *Store) closeShards() error {
	var errs []error
	for _, sh := range s.shards {
		if err := sh.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Count is the number of articles (quote documents excluded).
func (s *Store) Count() (uint64, error) {
	q := bleve.NewTermQuery(schema.DocArticle)
	q.SetField(schema.FieldDocType)
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	res, err := s.alias.Search(req)
	if err != nil {
		return 0, fmt.Errorf("store: count: %w", err)
	}
	return res.Total, nil
}

// DiskSize is the bytes the index takes on disk (0 in memory).
func (s *Store) DiskSize() int64 {
	if s.dir == "" {
		return 0
	}
	var n int64
	filepath.WalkDir(s.dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// Get returns a stored article with its entities and quotes.
func (s *Store) Get(id string) (*schema.Article, error) {
	sh := s.shards[s.ShardOf(id)]
	q := bleve.NewDocIDQuery([]string{id})
	req := bleve.NewSearchRequestOptions(q, 1, 0, false)
	req.Fields = []string{"*"}
	res, err := sh.Search(req)
	if err != nil {
		return nil, fmt.Errorf("store: get %s: %w", id, err)
	}
	if len(res.Hits) == 0 {
		return nil, ErrNotFound
	}
	if _, isQuote := res.Hits[0].Fields[schema.FieldArticleID]; isQuote {
		return nil, ErrNotFound
	}
	return schema.ArticleFromFields(id, res.Hits[0].Fields)
}

// Result says what a write did to one article.
type Result string

const (
	Created  Result = "created"
	Updated  Result = "updated"
	Deleted  Result = "deleted"
	NotFound Result = "not_found"
)

// quoteCounts returns, for each id that exists in shard sh, how many quote
// docs it has; absent ids are not in the map. One search per batch, not one
// per op: a replace must delete the old quote docs, and a per-op lookup was
// a full search round trip for every article written.
func (s *Store) quoteCounts(sh bleve.Index, ids []string) (map[string]int, error) {
	out := make(map[string]int, len(ids))
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), lookupChunk)]
		ids = ids[len(chunk):]
		req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(chunk), len(chunk), 0, false)
		req.Fields = []string{schema.FieldStored}
		req.Score = "none" // existence only: skip scoring
		res, err := sh.Search(req)
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			var st struct {
				Quotes []json.RawMessage `json:"quotes"`
			}
			if v, ok := h.Fields[schema.FieldStored].(string); ok {
				_ = json.Unmarshal([]byte(v), &st)
			}
			out[h.ID] = len(st.Quotes)
		}
	}
	return out, nil
}

// lookupChunk bounds the ids of one existence lookup (one DocIDQuery);
// tests lower it.
var lookupChunk = 1000

// Op is one write: an article to put, or (Article nil) an id to delete.
type Op struct {
	ID      string
	Article *schema.Article
}

// Apply writes ops, grouped by shard, shards in parallel, one bleve batch
// per shard. When Apply returns nil every op is committed; results[i] is the
// outcome of ops[i]. On error, the shards that failed wrote none of their ops.
// Ops on the same id within one call: the last wins.
func (s *Store) Apply(ops []Op) ([]Result, error) {
	results := make([]Result, len(ops))
	byShard := make([][]int, len(s.shards))
	for i, op := range ops {
		sh := s.ShardOf(op.ID)
		byShard[sh] = append(byShard[sh], i)
	}
	var wg sync.WaitGroup
	errs := make([]error, len(s.shards))
	for sh, idxs := range byShard {
		if len(idxs) == 0 {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[sh] = s.applyShard(sh, ops, idxs, results)
		}()
	}
	wg.Wait()
	return results, errors.Join(errs...)
}

func (s *Store) applyShard(sh int, ops []Op, idxs []int, results []Result) error {
	s.mu[sh].Lock()
	defer s.mu[sh].Unlock()
	idx := s.shards[sh]
	b := idx.NewBatch()
	// Within the batch, track ids already touched so results and old-quote
	// deletion reflect earlier ops of the same call.
	ids := make([]string, 0, len(idxs))
	for _, i := range idxs {
		ids = append(ids, ops[i].ID)
	}
	existing, err := s.quoteCounts(idx, ids)
	if err != nil {
		return fmt.Errorf("store: shard %d: look up %d ids: %w", sh, len(ids), err)
	}
	quotesNow := map[string]int{} // id -> quote docs present after earlier ops (-1 absent)
	for _, i := range idxs {
		op := ops[i]
		old, seen := quotesNow[op.ID]
		if !seen {
			if n, ok := existing[op.ID]; ok {
				old = n
			} else {
				old = -1
			}
		}
		for q := 0; q < old; q++ {
			b.Delete(schema.QuoteDocID(op.ID, q))
		}
		if op.Article == nil {
			b.Delete(op.ID)
			if old >= 0 {
				results[i] = Deleted
			} else {
				results[i] = NotFound
			}
			quotesNow[op.ID] = -1
			continue
		}
		doc, err := schema.ArticleDoc(op.Article)
		if err != nil {
			return err
		}
		if err := b.Index(op.ID, doc); err != nil {
			return fmt.Errorf("store: index %s: %w", op.ID, err)
		}
		for qid, qd := range schema.QuoteDocs(op.Article) {
			if err := b.Index(qid, qd); err != nil {
				return fmt.Errorf("store: index %s: %w", qid, err)
			}
		}
		if old >= 0 {
			results[i] = Updated
		} else {
			results[i] = Created
		}
		quotesNow[op.ID] = len(op.Article.Quotes)
	}
	if err := idx.Batch(b); err != nil {
		return fmt.Errorf("store: shard %d: commit batch of %d: %w", sh, len(idxs), err)
	}
	return nil
}
