// Package store is the on-disk index: N shards, each a pair of bleve
// indexes (articles, and one document per quote), behind two IndexAliases.
// Documents are routed to a shard by a hash of their article id, quotes with
// their article, so one shard's writer owns everything about an article.
//
// Articles and quotes are separate indexes because article searches
// must not pay for quote documents (about three per article in news) in their
// facet columns and posting lists. The price is two commits per write, the
// article batch and the quote batch, which run at the same time. Both
// record the write's article ids (a pending record, written atomically with
// each batch); a crash after one commit and before the other is repaired
// when the index is next opened, by rebuilding those articles' quote
// documents from the stored articles. While a write is in flight a
// concurrent search can see an article before its quote documents or the
// quote documents before their article, for the milliseconds between the two
// commits; never some of an article's quote documents.
//
// Writes may overlap: Start returns at once, and up to writeSlots writes
// commit on a shard at the same time (bleve persists their segments
// together), so the caller can prepare the next batch meanwhile. Writes that
// share an article id are applied in the order Start was called.
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
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/newsfind/newsfind/schema"
	bolterrors "go.etcd.io/bbolt/errors"
)

// ErrNotFound is returned when an article id is not in the index.
var ErrNotFound = errors.New("store: article not found")

// metaFile records the shard count so an index always reopens with the
// routing it was written with.
const metaFile = "newsfind.json"

type meta struct {
	Version int `json:"version"`
	Shards  int `json:"shards"`
	// ShardDicts is the id of each article shard's dictionary (0: none),
	// checked by Open (shard_dict.go).
	ShardDicts []uint32 `json:"shard_dicts,omitempty"`
}

// formatVersion is the on-disk layout written by this code. Version 1 kept
// quotes in the article index; version 2 had the first layout of the stored
// article field (schema/stored.go), which this code cannot read; version 3
// indexed published as a bleve datetime (now a keyword, schema.PublishedKey).
// Version 5 compresses the segments its merges write (compress.go); version
// 4 is the same without, and is still read and written (uncompressed) as
// it is.
const formatVersion = 5

// uncompressedFormat is the last format whose segments are not compressed.
const uncompressedFormat = 4

// Store is an open index.
type Store struct {
	dir    string
	shards []bleve.Index // articles
	quotes []bleve.Index // quote documents, shard i holds the quotes of shards[i]
	alias  bleve.IndexAlias
	qalias bleve.IndexAlias
	w      []shardWriter // per shard: writes in flight

	// closeMu: Start holds it for reading while it registers a write,
	// Close for writing while it marks the store closed.
	closeMu sync.RWMutex
	closed  bool
	writes  sync.WaitGroup // per-shard writes not finished

	closeOnce sync.Once // bleve panics closing a shard twice
	closeErr  error

	gen atomic.Uint64 // see Generation

	compressed []string // the bleve index paths to compress (format 5), see Merge

	dictMu sync.Mutex // publishing shard dictionaries, and the meta file with them

	merged atomic.Bool // a Merge finished: Close compacts the snapshot files
	lock   *storeLock  // the directory's, from Open to the end of Close
}

// generations numbers the states of every store of the process (see
// Generation): no two stores, and no two states of one store, share a
// number.
var generations atomic.Uint64

// Generation identifies what searches of s can see: it changes after every
// write that can change a search's answer (each shard's part of a Start or
// Apply, its two commits done or failed), before the write's Wait or Apply
// returns, so a search begun after a write returned reads a newer
// generation than any search that might have missed it. It only grows, and
// it is unique in the process: two stores never share a generation.
// Merges do not change it (they change no answer). search.Cache keys its
// results by it.
func (s *Store) Generation() uint64 { return s.gen.Load() }

// bump moves s to a new generation. Concurrent bumps leave the newest:
// the generation never goes back.
func (s *Store) bump() {
	g := generations.Add(1)
	for {
		cur := s.gen.Load()
		if cur >= g || s.gen.CompareAndSwap(cur, g) {
			return
		}
	}
}

// shardWriter orders the writes of one shard. A write reads which quote
// documents its articles have before it replaces them, so two writes of the
// same article must not overlap; writes of different articles may.
type shardWriter struct {
	mu       sync.Mutex
	inflight map[string]*shardWrite // article id -> its latest unfinished write
	slots    chan int               // free write slots, each with its pending record
}

// shardWrite is one write's part on one shard; done closes when it is over.
type shardWrite struct{ done chan struct{} }

// writeSlots is how many writes commit on one shard at the same time. Two
// let one write's commits (persisting, fsync) overlap the next write's
// lookups and analysis.
const writeSlots = 2

// Options configure Open.
type Options struct {
	// Shards is the shard count for a new index; 0 means runtime.NumCPU().
	// An existing index keeps the count it was created with.
	Shards int
	// Uncompressed makes a new index in format 4, whose merges do not
	// compress its segments (compress.go): about 30 % larger on disk,
	// searches about 10 % cheaper. An existing index keeps its format.
	Uncompressed bool
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
	lock, err := lockStore(dir)
	if err != nil {
		return nil, err
	}
	st, err := openDir(dir, opts, n)
	if err != nil {
		lock.unlock()
		return nil, err
	}
	st.lock = lock
	return st, nil
}

// openDir is Open of an index on disk, its lock taken.
func openDir(dir string, opts Options, n int) (*Store, error) {
	s := &Store{dir: dir}
	m, err := readMeta(dir)
	switch {
	case err == nil:
		if m.Version != formatVersion && m.Version != uncompressedFormat {
			return nil, fmt.Errorf("store: %s was written in index format %d, this newsfind reads formats %d and %d: index the articles again into a new directory", dir, m.Version, uncompressedFormat, formatVersion)
		}
		n = m.Shards
		forgetShardDicts(indexPaths(dir, n))
		if m.Version == formatVersion {
			s.compressed = indexPaths(dir, n)
			for i, id := range m.ShardDicts {
				if id != 0 && i < n {
					if err := checkShardDict(shardPath(dir, i), id); err != nil {
						return nil, err
					}
				}
			}
		}
	case errors.Is(err, fs.ErrNotExist):
		return create(dir, n, opts.Uncompressed)
	default:
		return nil, err
	}
	for i := 0; i < n; i++ {
		a, err := openIndex(shardPath(dir, i))
		if err != nil {
			err = openError(shardPath(dir, i), err)
			s.closeShards()
			return nil, fmt.Errorf("store: open shard %d of %s: %w", i, dir, err)
		}
		s.shards = append(s.shards, a)
		q, err := openIndex(quotePath(dir, i))
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
	s.bump() // recover may have rewritten quote documents
	return s, nil
}

// ErrInUse means the index is already open: in another process (another
// newsfind serve or index) or, not closed, in this one. bleve locks its
// files per open.
var ErrInUse = errors.New("the index is open elsewhere, in another process or already in this one (one newsfind serve or index at a time; write through the server's API while it runs)")

// lockWait is how long Open waits for the index to be released before
// failing with ErrInUse (bleve's default waits for ever): long enough for a
// server that was just stopped to finish closing.
var lockWait = 10 * time.Second

// openIndex opens an existing bleve index, failing with ErrInUse when
// another process holds its lock.
func openIndex(path string) (bleve.Index, error) {
	ix, err := bleve.OpenUsing(path, map[string]any{"bolt_timeout": lockWait.String()})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, ErrInUse
	}
	return ix, err
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
func create(dir string, n int, uncompressed bool) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("store: create %s: %w", dir, err)
	}
	stale, _ := filepath.Glob(filepath.Join(dir, "shard-[0-9][0-9][0-9]*"))
	for _, p := range stale {
		if err := os.RemoveAll(p); err != nil {
			return nil, fmt.Errorf("store: remove %s left by an unfinished index creation: %w", p, err)
		}
	}
	forgetShardDicts(append(stale, indexPaths(dir, n)...))
	s := &Store{dir: dir}
	version := uncompressedFormat
	if !uncompressed {
		s.compressed, version = indexPaths(dir, n), formatVersion
	}
	for i := 0; i < n; i++ {
		a, err := bleve.NewUsing(shardPath(dir, i), schema.NewArticleMapping(), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, newIndexConfig)
		if err != nil {
			s.closeShards()
			return nil, fmt.Errorf("store: create shard %d of %s: %w", i, dir, err)
		}
		s.shards = append(s.shards, a)
		q, err := bleve.NewUsing(quotePath(dir, i), schema.NewQuoteMapping(), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, newIndexConfig)
		if err != nil {
			s.closeShards()
			return nil, fmt.Errorf("store: create quotes of shard %d of %s: %w", i, dir, err)
		}
		s.quotes = append(s.quotes, q)
	}
	if err := writeMeta(dir, meta{Version: version, Shards: n}); err != nil {
		s.closeShards()
		return nil, err
	}
	s.finish()
	return s, nil
}

// newIndexConfig is the bleve config of new on-disk indexes: nil (bleve's
// defaults, as bleve.New) except in tests.
var newIndexConfig map[string]any

func (s *Store) finish() {
	s.bump()
	s.alias = bleve.NewIndexAlias(s.shards...)
	s.qalias = bleve.NewIndexAlias(s.quotes...)
	s.w = make([]shardWriter, len(s.shards))
	for i := range s.w {
		s.w[i].inflight = map[string]*shardWrite{}
		s.w[i].slots = make(chan int, writeSlots)
		for slot := 0; slot < writeSlots; slot++ {
			s.w[i].slots <- slot
		}
	}
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
	if err := writeFileSynced(filepath.Join(dir, metaFile), b); err != nil {
		return fmt.Errorf("store: write meta: %w", err)
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
//
// In format 5 the segments written while it runs are compressed (see
// compress.go). Only then: compressing every segment scorch writes cost
// 15-40 % more CPU on a bulk load (each fresh segment is written twice,
// and merges can no longer copy postings and stored documents as bytes),
// where the final merge rewrites everything once anyway.
func (s *Store) Merge(ctx context.Context) error {
	if s.dir == "" {
		return nil // in memory: nothing to compact on disk
	}
	if s.compressed != nil {
		compressShards(s.compressed)
		defer uncompressShards(s.compressed)
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
			if s.compressed != nil && i < len(s.shards) {
				if errs[i] = s.trainDict(sc, i); errs[i] != nil {
					return
				}
			}
			errs[i] = forceMerge(ctx, sc, idx.Name())
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	s.merged.Store(true)
	return nil
}

// trainDict gives article shard i a dictionary of its own stored
// documents before its merge, when it has none and enough text
// (shard_dict.go).
func (s *Store) trainDict(sc *scorch.Scorch, i int) error {
	d, err := shardDictOf(segmentStoreDir(shardPath(s.dir, i)))
	if err != nil {
		return err
	}
	if d != nil {
		// Recorded already, unless a crash came between its file and
		// the meta file.
		s.dictMu.Lock()
		defer s.dictMu.Unlock()
		return s.recordDict(i, d.id)
	}
	r, err := sc.Reader()
	if err != nil {
		return fmt.Errorf("store: merge shard %d: %w", i, err)
	}
	defer r.Close()
	return trainShardDict(shardPath(s.dir, i), r, func(dir string, id uint32, raw []byte) error {
		s.dictMu.Lock()
		defer s.dictMu.Unlock()
		wrote, err := writeShardDict(dir, raw)
		if err != nil {
			return err
		}
		if !wrote { // another merge published one first: it is the one
			d, err := shardDictOf(dir)
			if err == nil && d == nil {
				err = fmt.Errorf("store: the dictionary of %s vanished", dir)
			}
			if err != nil {
				return err
			}
			return s.recordDict(i, d.id)
		}
		if err := s.recordDict(i, id); err != nil {
			return err
		}
		shardDictsMu.Lock()
		defer shardDictsMu.Unlock()
		_, err = addShardDictLocked(dir, raw)
		return err
	})
}

// recordDict records id as the dictionary of article shard i in the meta
// file (with s.dictMu held), before any segment is written with it.
func (s *Store) recordDict(i int, id uint32) error {
	m, err := readMeta(s.dir)
	if err != nil {
		return err
	}
	if i < len(m.ShardDicts) && m.ShardDicts[i] == id {
		return nil
	}
	for len(m.ShardDicts) < m.Shards {
		m.ShardDicts = append(m.ShardDicts, 0)
	}
	m.ShardDicts[i] = id
	return writeMeta(s.dir, m)
}

// forceMerge merges sc into one segment. One ForceMerge is one planning
// pass: with its default plan (at most 10 segments per merge) an index of
// more segments ended in two or three, and a background merge that was
// running when it started added its result afterwards (at 200k articles
// half the indexes had 2-3 segments left). So all segments go into one
// merge, and the pass is repeated while more than one segment is left.
func forceMerge(ctx context.Context, sc *scorch.Scorch, name string) error {
	mo := mergeplan.SingleSegmentMergePlanOptions
	mo.SegmentsPerMergeTask = maxMergeFanIn
	for round := 0; round < 4; round++ {
		n, err := segmentCount(sc)
		if err != nil {
			return fmt.Errorf("store: merge %s: %w", name, err)
		}
		if n <= 1 {
			return nil
		}
		if err := sc.ForceMerge(ctx, &mo); err != nil {
			return fmt.Errorf("store: merge %s: %w", name, err)
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("store: merge %s: %w", name, err)
		}
	}
	return nil
}

// maxMergeFanIn bounds the segments of the final merge's one task: more
// than a bulk load leaves (scorch keeps about 10 per size tier).
const maxMergeFanIn = 1 << 16

// segmentCount is the number of segments of sc's current snapshot.
func segmentCount(sc *scorch.Scorch) (int, error) {
	r, err := sc.Reader()
	if err != nil {
		return 0, err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return 0, fmt.Errorf("unexpected scorch reader %T", r)
	}
	return len(snap.Segments()), nil
}

// Close waits for the writes in flight, then closes every shard.
// A clean close has no commit pending: the pending records of the last
// writes are cleared, so the next Open has nothing to recover (and a
// read-only open, such as a CLI search, writes nothing). Later calls wait
// for the first to finish and return its error.
func (s *Store) Close() error {
	s.closeOnce.Do(func() { s.closeErr = s.close() })
	return s.closeErr
}

func (s *Store) close() error {
	s.closeMu.Lock()
	s.closed = true
	s.closeMu.Unlock()
	s.writes.Wait()
	var errs []error
	if s.dir != "" {
		for sh := range s.shards {
			for _, idx := range []bleve.Index{s.shards[sh], s.quotes[sh]} {
				if err := clearPending(idx); err != nil {
					errs = append(errs, fmt.Errorf("store: shard %d: clear pending quotes: %w", sh, err))
				}
			}
		}
	}
	defer s.lock.unlock() // after the snapshot files are compacted
	if err := s.closeShards(); err != nil {
		return errors.Join(append(errs, err)...)
	}
	if s.merged.Load() && s.lock != nil {
		compactSnapshotFiles(indexPaths(s.dir, len(s.shards)))
	}
	return errors.Join(errs...)
}

// clearPending deletes the pending records of idx, in one commit, if it
// has any.
func clearPending(idx bleve.Index) error {
	b := idx.NewBatch()
	for slot := 0; slot < writeSlots; slot++ {
		v, err := idx.GetInternal(pendingKeyOf(slot))
		if err != nil {
			return err
		}
		if v != nil {
			b.DeleteInternal(pendingKeyOf(slot))
		}
	}
	if b.Size() == 0 {
		return nil
	}
	return idx.Batch(b)
}

func (s *Store) closeShards() error {
	var errs []error
	for _, sh := range append(s.shards, s.quotes...) {
		if err := sh.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	if s.dir != "" {
		forgetShardDicts(indexPaths(s.dir, len(s.shards)))
	}
	return errors.Join(errs...)
}

// indexPaths are the paths of the bleve indexes of the n shards in dir.
func indexPaths(dir string, n int) []string {
	var paths []string
	for i := 0; i < n; i++ {
		paths = append(paths, shardPath(dir, i), quotePath(dir, i))
	}
	return paths
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
// the quote documents each of them has. One search of the article index
// per chunk of ids, not one per op: a per-op lookup was a full search round
// trip for every article written. Quote documents are found by their ids'
// prefix rather than by the count the article records, so quote documents
// left behind by a write cut short between its two commits are found and
// replaced too.
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
		if err := s.quoteIDs(sh, chunk, quotes); err != nil {
			return nil, nil, fmt.Errorf("quotes: %w", err)
		}
	}
	return articles, quotes, nil
}

// quoteIDs adds to quotes the ids of the quote documents of the articles
// ids in shard sh, found by their prefix in the id dictionary of each
// segment of the quote index (quote documents have no article id field:
// see schema.QuoteDocIDsIn). Each dictionary is opened once for all
// the ids: scorch's own prefix lookup opens every segment's, in a
// goroutine each, for every id. A dictionary may still list the ids of
// documents deleted since its segment was written; deleting those again
// does nothing.
func (s *Store) quoteIDs(sh int, ids []string, quotes map[string][]string) error {
	adv, err := s.quotes[sh].Advanced()
	if err != nil {
		return err
	}
	r, err := adv.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return fmt.Errorf("quote index reader is a %T, not scorch's", r)
	}
	seen := map[string]bool{}
	for _, ss := range snap.Segments() {
		d, err := ss.Segment().Dictionary(schema.FieldDocID)
		if err != nil {
			return err
		}
		if d == nil {
			continue
		}
		for _, id := range ids {
			qids, err := schema.QuoteDocIDsIn(d, id)
			if err != nil {
				return err
			}
			for _, q := range qids {
				if !seen[q] {
					seen[q] = true
					quotes[id] = append(quotes[id], q)
				}
			}
		}
	}
	return nil
}

// lookupChunk bounds the ids of one existence lookup; tests lower it.
var lookupChunk = 1000

// Op is one write: an article to put, or (Article nil) an id to delete.
type Op struct {
	ID      string
	Article *schema.Article
}

// ErrClosed is returned for a write started after Close.
var ErrClosed = errors.New("store: closed")

// Apply writes ops and returns when they are committed: Start(ops).Wait().
func (s *Store) Apply(ops []Op) ([]Result, error) { return s.Start(ops).Wait() }

// Write is a write started by Start.
type Write struct {
	done    chan struct{}
	results []Result
	err     error
}

// Wait returns when every op of the write is committed (or failed), with
// results[i] the outcome of ops[i]. On error, a failed shard wrote none of
// its ops, or only one of its two commits (its articles without their
// current quote documents, or the quote documents without their articles);
// writing the ops again repairs either.
func (w *Write) Wait() ([]Result, error) {
	<-w.done
	return w.results, w.err
}

// Start begins writing ops, grouped by shard, shards in parallel, one bleve
// batch per shard and index, and returns without waiting for the commits
// (it waits only while writeSlots writes of a shard are committing and
// more are queued, never for a commit of its own). Writes that share an
// article id are applied in the order of their Start calls, so the last
// one wins; within one call too (ops on the same id: the last wins). The
// ops must not change until Wait returns.
func (s *Store) Start(ops []Op) *Write {
	w := &Write{done: make(chan struct{}), results: make([]Result, len(ops))}
	s.closeMu.RLock()
	defer s.closeMu.RUnlock()
	if s.closed {
		w.err = ErrClosed
		close(w.done)
		return w
	}
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
		me, deps := s.w[sh].register(ops, idxs)
		wg.Add(1)
		s.writes.Add(1)
		go func() {
			defer s.writes.Done()
			defer wg.Done()
			for _, d := range deps {
				<-d
			}
			slot := <-s.w[sh].slots
			errs[sh] = s.applyShard(sh, slot, ops, idxs, w.results)
			// Failed or not, the shard's commits are over and may have
			// changed what searches see; the bump comes before done closes.
			s.bump()
			s.w[sh].slots <- slot
			s.w[sh].unregister(ops, idxs, me)
		}()
	}
	go func() {
		wg.Wait()
		w.err = errors.Join(errs...)
		close(w.done)
	}()
	return w
}

// register records a new write of the ops idxs and returns it with the
// done channels of the earlier unfinished writes it must wait for: those
// that write one of its article ids.
func (sw *shardWriter) register(ops []Op, idxs []int) (*shardWrite, []chan struct{}) {
	me := &shardWrite{done: make(chan struct{})}
	sw.mu.Lock()
	defer sw.mu.Unlock()
	var deps []chan struct{}
	seen := map[*shardWrite]bool{}
	for _, i := range idxs {
		id := ops[i].ID
		if p := sw.inflight[id]; p != nil && p != me && !seen[p] {
			seen[p] = true
			deps = append(deps, p.done)
		}
		sw.inflight[id] = me
	}
	return me, deps
}

// unregister ends write me: later writes of its ids may go.
func (sw *shardWriter) unregister(ops []Op, idxs []int, me *shardWrite) {
	sw.mu.Lock()
	for _, i := range idxs {
		if sw.inflight[ops[i].ID] == me {
			delete(sw.inflight, ops[i].ID)
		}
	}
	sw.mu.Unlock()
	close(me.done)
}

// applyShard writes the ops idxs of shard sh, holding write slot slot.
func (s *Store) applyShard(sh, slot int, ops []Op, idxs []int, results []Result) error {
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
	// The slot's record in both indexes: whichever commit a crash leaves
	// alone, Open finds these ids and rebuilds their quote documents. The
	// slot's previous write had finished both commits, so its record
	// can go.
	ab.SetInternal(pendingKeyOf(slot), pending)
	qb.SetInternal(pendingKeyOf(slot), pending)
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
	// The two commits at once: each analyses its documents, builds its
	// segment and waits for it to be persisted; one after the other, the
	// write took the sum of both.
	var qerr error
	qdone := make(chan struct{})
	go func() {
		defer close(qdone)
		qerr = s.quotes[sh].Batch(qb)
	}()
	aerr := s.shards[sh].Batch(ab)
	<-qdone
	if aerr != nil {
		aerr = fmt.Errorf("store: shard %d: commit batch of %d: %w", sh, len(idxs), aerr)
	}
	if qerr != nil {
		qerr = fmt.Errorf("store: shard %d: commit quotes of %d articles: %w", sh, len(idxs), qerr)
	}
	return errors.Join(aerr, qerr)
}

func pick(cond bool, yes, no Result) Result {
	if cond {
		return yes
	}
	return no
}

// pendingKey is the bleve internal key, in both indexes of a shard, that
// holds the ids of the last write in write slot 0, whose other commit may
// not have happened; slot n > 0 uses pendingKeyOf(n).
var pendingKey = []byte("newsfind.pending_quotes")

func pendingKeyOf(slot int) []byte {
	if slot == 0 {
		return pendingKey
	}
	return fmt.Appendf(nil, "%s.%d", pendingKey, slot)
}

// recover finishes, for every shard, the writes whose pending records are
// left: a crash may have come between their two commits. It rewrites the
// quote documents of those articles from the stored articles (the stored
// article is the truth) and deletes the quote documents of those that are
// gone. It is idempotent, so it simply runs at every Open.
func (s *Store) recover() error {
	for sh := range s.shards {
		var ids []string
		seen := map[string]bool{}
		for _, idx := range []bleve.Index{s.shards[sh], s.quotes[sh]} {
			for slot := 0; slot < writeSlots; slot++ {
				raw, err := idx.GetInternal(pendingKeyOf(slot))
				if err != nil {
					return fmt.Errorf("store: shard %d: read pending quotes: %w", sh, err)
				}
				if len(raw) == 0 {
					continue
				}
				var rec []string
				if err := json.Unmarshal(raw, &rec); err != nil {
					return fmt.Errorf("store: shard %d: corrupt pending quotes record %q: %w", sh, pendingKeyOf(slot), err)
				}
				for _, id := range rec {
					if !seen[id] {
						seen[id] = true
						ids = append(ids, id)
					}
				}
			}
		}
		if len(ids) == 0 {
			continue
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
		// The quote index's records go with the repaired documents; the
		// article index's after them (a crash in between repairs again).
		for slot := 0; slot < writeSlots; slot++ {
			qb.DeleteInternal(pendingKeyOf(slot))
		}
		if err := s.quotes[sh].Batch(qb); err != nil {
			return fmt.Errorf("store: shard %d: recover quotes: %w", sh, err)
		}
		if err := clearPending(s.shards[sh]); err != nil {
			return fmt.Errorf("store: shard %d: clear pending quotes: %w", sh, err)
		}
	}
	return nil
}
