// Package store is the on-disk index: N shards, each a pair of bleve
// indexes (articles, and one document per quote), behind two IndexAliases.
// Documents are routed to a shard by a hash of their article id, quotes with
// their article, so one shard's writer owns everything about an article.
//
// Articles and quotes are separate indexes because article searches
// must not pay for quote documents (about three per article in news) in their
// facet columns and posting lists. The price is two commits per write: the
// article batch first, then the quote batch. The article batch also records
// its article ids (pendingKey, written atomically with the batch); a crash
// before the quote commit is repaired when the index is next opened, by
// rebuilding those articles' quote documents from the stored articles.
// Between the two commits a concurrent search can see an article before its
// quote documents, for the milliseconds the quote commit takes.
package store

import (
	"context"
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
	"github.com/blevesearch/bleve/v2/search/query"
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

// formatVersion is the on-disk layout written by this code. Version 1 kept
// quotes in the article index; version 2 had the first layout of the stored
// article field (schema/stored.go), which this code cannot read; version 3
// indexed published as a bleve datetime (now a keyword, schema.PublishedKey).
const formatVersion = 4

// Store is an open index.
type Store struct {
	dir    string
	shards []bleve.Index // articles
	quotes []bleve.Index // quote documents, shard i holds the quotes of shards[i]
	alias  bleve.IndexAlias
	qalias bleve.IndexAlias
	// mu serialises writers per shard: a write reads which quote docs
	// exist before replacing them.
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
			a, err := bleve.NewUsing("", schema.NewArticleMapping(), scorch.Name, scorch.Name, nil)
			if err != nil {
				return nil, fmt.Errorf("store: new in-memory shard: %w", err)
			}
			q, err := bleve.NewUsing("", schema.NewQuoteMapping(), scorch.Name, scorch.Name, nil)
			if err != nil {
				return nil, fmt.Errorf("store: new in-memory shard: %w", err)
			}
			s.shards = append(s.shards, a)
			s.quotes = append(s.quotes, q)
		}
		s.finish()
		return s, nil
	}
	m, err := readMeta(dir)
	switch {
	case err == nil:
		if m.Version != formatVersion {
			return nil, fmt.Errorf("store: %s was written in index format %d, this newsfind reads format %d: index the articles again into a new directory", dir, m.Version, formatVersion)
		}
		n = m.Shards
	case errors.Is(err, fs.ErrNotExist):
		return create(dir, n)
	default:
		return nil, err
	}
	for i := 0; i < n; i++ {
		a, err := bleve.Open(shardPath(dir, i))
		if err != nil {
			s.closeShards()
			return nil, fmt.Errorf("store: open shard %d of %s: %w", i, dir, err)
		}
		s.shards = append(s.shards, a)
		q, err := bleve.Open(quotePath(dir, i))
		if err != nil {
			s.closeShards()
			return nil, fmt.Errorf("store: open quotes of shard %d of %s: %w", i, dir, err)
		}
		s.quotes = append(s.quotes, q)
	}
	s.finish()
	if err := s.recover(); err != nil {
		s.closeShards()
		return nil, err
	}
	return s, nil
}

func shardPath(dir string, i int) string { return filepath.Join(dir, fmt.Sprintf("shard-%03d", i)) }
func quotePath(dir string, i int) string {
	return filepath.Join(dir, fmt.Sprintf("shard-%03d-quotes", i))
}

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
		a, err := bleve.New(shardPath(dir, i), schema.NewArticleMapping())
		if err != nil {
			s.closeShards()
			return nil, fmt.Errorf("store: create shard %d of %s: %w", i, dir, err)
		}
		s.shards = append(s.shards, a)
		q, err := bleve.New(quotePath(dir, i), schema.NewQuoteMapping())
		if err != nil {
			s.closeShards()
			return nil, fmt.Errorf("store: create quotes of shard %d of %s: %w", i, dir, err)
		}
		s.quotes = append(s.quotes, q)
	}
	if err := writeMeta(dir, meta{Version: formatVersion, Shards: n}); err != nil {
		s.closeShards()
		return nil, err
	}
	s.finish()
	return s, nil
}

func (s *Store) finish() {
	s.alias = bleve.NewIndexAlias(s.shards...)
	s.qalias = bleve.NewIndexAlias(s.quotes...)
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

// Articles is the searchable view over the articles of all shards.
func (s *Store) Articles() bleve.Index { return s.alias }

// ArticleShards are the per-shard article indexes behind Articles.
func (s *Store) ArticleShards() []bleve.Index { return s.shards }

// QuoteShards are the per-shard quote indexes behind Quotes.
func (s *Store) QuoteShards() []bleve.Index { return s.quotes }

// Quotes is the searchable view over the quote documents of all shards.
func (s *Store) Quotes() bleve.Index { return s.qalias }

// NumShards is the shard count.
func (s *Store) NumShards() int { return len(s.shards) }

// ShardOf is the shard an article id is routed to.
func (s *Store) ShardOf(articleID string) int {
	h := fnv.New32a()
	h.Write([]byte(articleID))
	return int(h.Sum32() % uint32(len(s.shards)))
}

// Merge merges each index of the store (articles and quotes of every
// shard) into one segment, the indexes in parallel. After a bulk load it
// makes the index smaller (segments scorch had not merged yet, and their
// per-segment dictionaries) and searches faster (one segment to visit per
// shard). It returns when the merges are done; writes may go on meanwhile.
func (s *Store) Merge(ctx context.Context) error {
	if s.dir == "" {
		return nil // in memory: nothing to compact on disk
	}
	all := append(append([]bleve.Index{}, s.shards...), s.quotes...)
	errs := make([]error, len(all))
	var wg sync.WaitGroup
	for i, idx := range all {
		wg.Add(1)
		go func() {
			defer wg.Done()
			adv, err := idx.Advanced()
			if err != nil {
				errs[i] = err
				return
			}
			sc, ok := adv.(*scorch.Scorch)
			if !ok {
				return
			}
			if err := sc.ForceMerge(ctx, nil); err != nil {
				errs[i] = fmt.Errorf("store: merge %s: %w", idx.Name(), err)
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Close closes every shard.
// A clean close has no quote commit pending: the record of the last
// article batch is cleared, so the next Open has nothing to recover (and a
// read-only open, such as a CLI search, writes nothing).
func (s *Store) Close() error {
	var errs []error
	if s.dir != "" {
		for sh := range s.shards {
			s.mu[sh].Lock() // no write in flight
			if v, err := s.shards[sh].GetInternal(pendingKey); err == nil && v != nil {
				if err := s.shards[sh].DeleteInternal(pendingKey); err != nil {
					errs = append(errs, fmt.Errorf("store: shard %d: clear pending quotes: %w", sh, err))
				}
			}
			s.mu[sh].Unlock()
		}
	}
	return errors.Join(append(errs, s.closeShards())...)
}

func (s *Store) closeShards() error {
	var errs []error
	for _, sh := range append(s.shards, s.quotes...) {
		if err := sh.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Count is the number of articles.
func (s *Store) Count() (uint64, error) {
	n, err := s.alias.DocCount()
	if err != nil {
		return 0, fmt.Errorf("store: count: %w", err)
	}
	return n, nil
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

// existing returns which of ids are articles of shard sh, and the ids of
// the quote documents each of them has. One search of each index per chunk
// of ids, not one per op: a per-op lookup was a full search round trip for
// every article written. Quote documents are found by article id rather than
// by the count the article records, so quote documents left behind by a
// write cut short between its two commits are found and replaced too.
func (s *Store) existing(sh int, ids []string) (articles map[string]bool, quotes map[string][]string, err error) {
	articles = make(map[string]bool, len(ids))
	quotes = map[string][]string{}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), lookupChunk)]
		ids = ids[len(chunk):]
		req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(chunk), len(chunk), 0, false)
		req.Score = "none" // existence only: skip scoring
		res, err := s.shards[sh].Search(req)
		if err != nil {
			return nil, nil, fmt.Errorf("articles: %w", err)
		}
		for _, h := range res.Hits {
			articles[h.ID] = true
		}
		terms := make([]query.Query, len(chunk))
		for i, id := range chunk {
			t := bleve.NewTermQuery(id)
			t.SetField(schema.FieldArticleID)
			terms[i] = t
		}
		q := bleve.NewDisjunctionQuery(terms...)
		size := 4 * len(chunk)
		for {
			// Scored: with Score "none" bleve stops counting at size,
			// and Total must say whether every quote was fetched.
			// The article id is the quote document id's prefix
			// (schema.QuoteDocID): no stored field to load.
			req := bleve.NewSearchRequestOptions(q, size, 0, false)
			res, err := s.quotes[sh].Search(req)
			if err != nil {
				return nil, nil, fmt.Errorf("quotes: %w", err)
			}
			if res.Total > uint64(len(res.Hits)) {
				size = int(res.Total) // more quotes than guessed: fetch them all
				continue
			}
			for _, h := range res.Hits {
				if a, _, ok := schema.ParseQuoteDocID(h.ID); ok {
					quotes[a] = append(quotes[a], h.ID)
				}
			}
			break
		}
	}
	return articles, quotes, nil
}

// lookupChunk bounds the ids of one existence lookup; tests lower it.
var lookupChunk = 1000

// Op is one write: an article to put, or (Article nil) an id to delete.
type Op struct {
	ID      string
	Article *schema.Article
}

// Apply writes ops, grouped by shard, shards in parallel, one bleve batch
// per shard and index. When Apply returns nil every op is committed;
// results[i] is the outcome of ops[i]. On error, a failed shard wrote none of
// its ops, or (when its quote commit failed) its articles without their
// current quote documents; writing the ops again repairs either.
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
	ids := make([]string, 0, len(idxs))
	for _, i := range idxs {
		ids = append(ids, ops[i].ID)
	}
	exists, quotes, err := s.existing(sh, ids)
	if err != nil {
		return fmt.Errorf("store: shard %d: look up %d ids: %w", sh, len(ids), err)
	}
	ab, qb := s.shards[sh].NewBatch(), s.quotes[sh].NewBatch()
	pending, err := json.Marshal(ids)
	if err != nil {
		return fmt.Errorf("store: shard %d: %w", sh, err)
	}
	ab.SetInternal(pendingKey, pending)
	// A batch keeps the last operation per document id, so an id written
	// twice in one call ends as its last op; exists and quotes follow the
	// ops so results and deletions see the earlier ones.
	for _, i := range idxs {
		op := ops[i]
		for _, qid := range quotes[op.ID] {
			qb.Delete(qid)
		}
		quotes[op.ID] = nil
		had := exists[op.ID]
		if op.Article == nil {
			ab.Delete(op.ID)
			results[i] = pick(had, Deleted, NotFound)
			exists[op.ID] = false
			continue
		}
		doc, err := schema.ArticleDoc(op.Article)
		if err != nil {
			return err
		}
		if err := ab.Index(op.ID, doc); err != nil {
			return fmt.Errorf("store: index %s: %w", op.ID, err)
		}
		for qid, qd := range schema.QuoteDocs(op.Article) {
			if err := qb.Index(qid, qd); err != nil {
				return fmt.Errorf("store: index %s: %w", qid, err)
			}
			quotes[op.ID] = append(quotes[op.ID], qid)
		}
		results[i] = pick(had, Updated, Created)
		exists[op.ID] = true
	}
	// Articles first: a crash before the quote commit leaves an article
	// with stale quotes (repaired by writing it again), never quotes of an
	// article that does not exist.
	if err := s.shards[sh].Batch(ab); err != nil {
		return fmt.Errorf("store: shard %d: commit batch of %d: %w", sh, len(idxs), err)
	}
	if err := s.quotes[sh].Batch(qb); err != nil {
		return fmt.Errorf("store: shard %d: commit quotes of %d articles: %w", sh, len(idxs), err)
	}
	return nil
}

func pick(cond bool, yes, no Result) Result {
	if cond {
		return yes
	}
	return no
}

// pendingKey is the bleve internal key of an article shard that holds the
// ids of its last article batch, whose quote batch may not have committed.
var pendingKey = []byte("newsfind.pending_quotes")

// recover finishes, for every shard, the quote commit of the last article
// batch: a crash may have come between the two. It rewrites the quote
// documents of those articles from the stored articles (the stored article
// is the truth) and deletes the quote documents of those that are gone. It
// is idempotent, so it simply runs at every Open.
func (s *Store) recover() error {
	for sh := range s.shards {
		raw, err := s.shards[sh].GetInternal(pendingKey)
		if err != nil {
			return fmt.Errorf("store: shard %d: read pending quotes: %w", sh, err)
		}
		if len(raw) == 0 {
			continue
		}
		var ids []string
		if err := json.Unmarshal(raw, &ids); err != nil {
			return fmt.Errorf("store: shard %d: corrupt pending quotes record: %w", sh, err)
		}
		_, quotes, err := s.existing(sh, ids)
		if err != nil {
			return fmt.Errorf("store: shard %d: recover quotes: %w", sh, err)
		}
		qb := s.quotes[sh].NewBatch()
		for _, id := range ids {
			for _, qid := range quotes[id] {
				qb.Delete(qid)
			}
			a, err := s.Get(id)
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return fmt.Errorf("store: shard %d: recover quotes: %w", sh, err)
			}
			for qid, qd := range schema.QuoteDocs(a) {
				if err := qb.Index(qid, qd); err != nil {
					return fmt.Errorf("store: shard %d: recover quotes of %s: %w", sh, id, err)
				}
			}
		}
		if err := s.quotes[sh].Batch(qb); err != nil {
			return fmt.Errorf("store: shard %d: recover quotes: %w", sh, err)
		}
		if err := s.shards[sh].DeleteInternal(pendingKey); err != nil {
			return fmt.Errorf("store: shard %d: clear pending quotes: %w", sh, err)
		}
	}
	return nil
}
