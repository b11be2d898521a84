package search

import (
	"container/list"
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Decoded postings of frequent terms.
//
// zap, bleve's segment format, keeps a term's frequencies and norms as
// uvarints in chunks of about 1,024 postings, and its iterator advances by
// walking: Advance(d) steps through every posting before d and skips their
// frequencies and norms one by one. A keyword with a speaker filter (a
// hundred hits among tens of thousands of the keyword's postings) walked
// the keyword's whole posting list to score its hits: 40 % of its CPU on
// 200k articles. Segments are immutable, so the postings of frequent terms
// are decoded once into arrays (document, frequency, norm), kept in a
// bounded cache, and a scored search without term vectors reads those:
// Next is an array step, Advance a binary search. The scores are bleve's:
// the same frequency and norm go to bleve's own scorer (TestDecodedPostings
// compares every posting, Next and Advance, with scorch's reader).

// minDecodedCount is the fewest postings (in the whole snapshot) of a term
// read from decoded arrays: below it zap's walk is short, and decoding would
// spend cache memory on terms that cost little anyway.
var minDecodedCount uint64 = 4096

// minCachedPostings is the fewest postings of a term in one segment kept in
// the cache; a segment with fewer (a fresh, small one, soon merged away) is
// decoded for the search alone, and so is a segment not yet persisted
// (its bytes are on the heap). The cache's keys hold their segments, so
// keeping only large, file-backed segments' postings keeps little of dead
// segments alive between evictions.
var minCachedPostings uint64 = 1024

// cacheUnpersisted caches the postings of segments not yet persisted too;
// for tests, whose small indexes may not be persisted yet when they search.
var cacheUnpersisted = false

// decodedPostings are one term's postings in one segment, deleted
// documents included (a snapshot's deletions are applied when read).
type decodedPostings struct {
	once  sync.Once
	err   error
	docs  []uint32 // segment-local document numbers, ascending
	freqs []uint32
	norms []float32 // as zap stores them
}

// postingsKey names a term's postings in a segment.
type postingsKey struct {
	seg   segment.Segment
	field string
	term  string
}

// PostingsCache is a bounded LRU cache of decoded postings, shared by the
// searches of a process (entries are keyed by segment). Safe for
// concurrent use.
type PostingsCache struct {
	mu      sync.Mutex
	max     int64 // bytes; 0: no cache
	used    int64
	lru     *list.List // of *postingsEntry, most recent first
	entries map[postingsKey]*list.Element
}

type postingsEntry struct {
	key  postingsKey
	p    *decodedPostings
	size int64
}

// DefaultPostingsCacheBytes is the default size of the process's postings
// cache: about 12 bytes a posting, so the postings of a few hundred
// frequent terms at 200k articles.
const DefaultPostingsCacheBytes = 48 << 20

// postings is the process's cache (see SetPostingsCacheBytes).
var postings = NewPostingsCache(DefaultPostingsCacheBytes)

// SetPostingsCacheBytes sets the size of the process's postings cache
// (0 turns it off) and empties it.
func SetPostingsCacheBytes(n int64) { postings.Reset(n) }

// NewPostingsCache returns a cache of at most max bytes of decoded
// postings (0: decode nothing; searches read zap's postings).
func NewPostingsCache(max int64) *PostingsCache {
	return &PostingsCache{max: max, lru: list.New(), entries: map[postingsKey]*list.Element{}}
}

// Reset empties the cache and sets its size.
func (c *PostingsCache) Reset(max int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.max, c.used = max, 0
	c.lru.Init()
	clear(c.entries)
}

// Stats returns the bytes held and the number of entries.
func (c *PostingsCache) Stats() (bytes int64, entries int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.used, c.lru.Len()
}

// get returns the decoded postings of term in seg's dictionary of field,
// decoding them (once, whoever asks first) if needed; count is the
// segment's number of postings of the term. It returns nil, nil when they
// would take more than a quarter of the cache.
func (c *PostingsCache) get(seg segment.Segment, field string, term []byte, count uint64) (*decodedPostings, error) {
	size := int64(count)*12 + 128
	key := postingsKey{seg, field, string(term)}
	c.mu.Lock()
	var p *decodedPostings
	if el, ok := c.entries[key]; ok {
		c.lru.MoveToFront(el)
		p = el.Value.(*postingsEntry).p
	} else if size <= c.max/4 { // no one term takes most of the cache
		for c.used+size > c.max && c.lru.Len() > 0 {
			old := c.lru.Remove(c.lru.Back()).(*postingsEntry)
			delete(c.entries, old.key)
			c.used -= old.size
		}
		p = &decodedPostings{}
		c.entries[key] = c.lru.PushFront(&postingsEntry{key: key, p: p, size: size})
		c.used += size
	}
	c.mu.Unlock()
	if p == nil {
		return nil, nil
	}
	p.once.Do(func() { p.err = p.decode(seg, field, term, count) })
	if p.err != nil {
		c.drop(key, p)
		return nil, p.err
	}
	return p, nil
}

// drop removes key's entry if it still holds p.
func (c *PostingsCache) drop(key postingsKey, p *decodedPostings) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok && el.Value.(*postingsEntry).p == p {
		c.lru.Remove(el)
		delete(c.entries, key)
		c.used -= el.Value.(*postingsEntry).size
	}
}

// decode reads term's postings in seg with zap's iterator.
func (p *decodedPostings) decode(seg segment.Segment, field string, term []byte, count uint64) error {
	dict, err := seg.Dictionary(field)
	if err != nil {
		return fmt.Errorf("postings of %s:%q: %w", field, term, err)
	}
	pl, err := dict.PostingsList(term, nil, nil)
	if err != nil {
		return fmt.Errorf("postings of %s:%q: %w", field, term, err)
	}
	p.docs = make([]uint32, 0, count)
	p.freqs = make([]uint32, 0, count)
	p.norms = make([]float32, 0, count)
	it := pl.Iterator(true, true, false, nil)
	for {
		next, err := it.Next()
		if err != nil {
			return fmt.Errorf("postings of %s:%q: %w", field, term, err)
		}
		if next == nil {
			break
		}
		if next.Number() > uint64(^uint32(0)) || next.Frequency() > uint64(^uint32(0)) {
			return fmt.Errorf("postings of %s:%q: document %d or frequency %d over 32 bits", field, term, next.Number(), next.Frequency())
		}
		p.docs = append(p.docs, uint32(next.Number()))
		p.freqs = append(p.freqs, uint32(next.Frequency()))
		p.norms = append(p.norms, float32(next.Norm()))
	}
	if uint64(len(p.docs)) != count {
		return fmt.Errorf("postings of %s:%q: %d decoded, %d counted", field, term, len(p.docs), count)
	}
	return nil
}

// postingsSnapshot is a scorch snapshot whose scored term readers without
// term vectors read decoded postings when the term is frequent. Every other
// method (and so every optional reader interface bleve's searchers look
// for) is the snapshot's own.
type postingsSnapshot struct {
	*scorch.IndexSnapshot
	cache *PostingsCache
}

// withDecodedPostings returns r reading frequent terms from c, or r itself
// when it is not a scorch snapshot or c is off.
func withDecodedPostings(r index.IndexReader, c *PostingsCache) index.IndexReader {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok || snap == nil || c == nil {
		return r
	}
	c.mu.Lock()
	off := c.max == 0
	c.mu.Unlock()
	if off {
		return r
	}
	return postingsSnapshot{IndexSnapshot: snap, cache: c}
}

// decodedPostingsQuery is a query whose searchers read frequent terms'
// decoded postings (withDecodedPostings); countingQuery does the same for
// the searches it counts.
type decodedPostingsQuery struct {
	query.Query
}

func (q decodedPostingsQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	return q.Query.Searcher(ctx, withDecodedPostings(r, postings), m, opts)
}

// scorchSnapshot returns the scorch snapshot r is or wraps.
func scorchSnapshot(r index.IndexReader) (*scorch.IndexSnapshot, bool) {
	switch r := r.(type) {
	case *scorch.IndexSnapshot:
		return r, r != nil
	case postingsSnapshot:
		return r.IndexSnapshot, true
	}
	return nil, false
}

func (s postingsSnapshot) TermFieldReader(ctx context.Context, term []byte, field string, includeFreq, includeNorm, includeTermVectors bool) (index.TermFieldReader, error) {
	tfr, err := s.IndexSnapshot.TermFieldReader(ctx, term, field, includeFreq, includeNorm, includeTermVectors)
	if err != nil || !includeFreq || !includeNorm || includeTermVectors {
		return tfr, err
	}
	count := tfr.Count() // the snapshot's, deletions applied: idf is bleve's
	if count < minDecodedCount {
		return tfr, nil
	}
	segs := s.Segments()
	r := &decodedReader{count: count, segs: make([]decodedSegment, 0, len(segs))}
	var offset uint64
	for _, ss := range segs {
		seg := ss.Segment()
		ds := decodedSegment{offset: offset}
		offset += seg.Count()
		dict, err := seg.Dictionary(field)
		if err != nil {
			return tfr, nil // scorch's reader says what is wrong, if anything
		}
		pl, err := dict.PostingsList(term, nil, nil)
		if err != nil {
			return tfr, nil
		}
		if _, persisted := seg.(segment.PersistedSegment); (persisted || cacheUnpersisted) && pl.Count() >= minCachedPostings {
			n := pl.Count()
			p, err := s.cache.get(seg, field, term, n)
			if err != nil || p == nil {
				return tfr, nil // too big for the cache, or not decodable: zap's walk
			}
			ds.p = p
		} else if n := pl.Count(); n > 0 {
			p := &decodedPostings{}
			if err := p.decode(seg, field, term, n); err != nil {
				return tfr, nil
			}
			ds.p = p
		}
		if ds.p != nil {
			if del := ss.Deleted(); del != nil && !del.IsEmpty() {
				ds.del = del
			}
		}
		r.segs = append(r.segs, ds)
	}
	if err := tfr.Close(); err != nil {
		return nil, err
	}
	return r, nil
}

// decodedReader is an index.TermFieldReader over decoded postings, one
// snapshot's segments in order, as scorch's reader is.
type decodedReader struct {
	segs  []decodedSegment
	count uint64
	seg   int // current segment
	pos   int // next posting of segs[seg]
}

type decodedSegment struct {
	offset uint64           // the segment's first global document number
	p      *decodedPostings // nil: the term is not in the segment
	del    *roaring.Bitmap  // the snapshot's deletions in the segment, nil: none
}

func (r *decodedReader) Next(pre *index.TermFieldDoc) (*index.TermFieldDoc, error) {
	for r.seg < len(r.segs) {
		s := &r.segs[r.seg]
		if s.p != nil {
			for r.pos < len(s.p.docs) {
				i := r.pos
				r.pos++
				if s.del != nil && s.del.Contains(s.p.docs[i]) {
					continue
				}
				if pre == nil {
					pre = &index.TermFieldDoc{}
				}
				pre.ID = index.NewIndexInternalID(pre.ID, s.offset+uint64(s.p.docs[i]))
				pre.Freq = uint64(s.p.freqs[i])
				pre.Norm = float64(s.p.norms[i])
				return pre, nil
			}
		}
		r.seg++
		r.pos = 0
	}
	return nil, nil
}

// Advance goes to the first posting at or after id, forwards or back (as
// scorch's reader does).
func (r *decodedReader) Advance(id index.IndexInternalID, pre *index.TermFieldDoc) (*index.TermFieldDoc, error) {
	if len(id) != 8 {
		return nil, fmt.Errorf("search: advance to an internal id of %d bytes", len(id))
	}
	if len(r.segs) == 0 {
		return nil, nil
	}
	num := id.Value()
	k := sort.Search(len(r.segs), func(i int) bool { return r.segs[i].offset > num }) - 1
	if k < 0 {
		k = 0
	}
	r.seg, r.pos = k, 0
	if s := &r.segs[k]; s.p != nil && num > s.offset {
		local := num - s.offset
		if local > uint64(^uint32(0)) {
			r.pos = len(s.p.docs)
		} else {
			r.pos, _ = slices.BinarySearch(s.p.docs, uint32(local))
		}
	}
	return r.Next(pre)
}

func (r *decodedReader) Count() uint64 { return r.count }
func (r *decodedReader) Close() error  { return nil }
func (r *decodedReader) Size() int     { return 64 + 40*len(r.segs) }
