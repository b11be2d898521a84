package search

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/numeric"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/newsfind/newsfind/schema"
)

// Facet counting over columns.
//
// bleve counts a facet by visiting every hit's doc values: it decompresses
// the chunk, splits the terms and bumps a map[string]int per term. On news
// (five keyword facets, a date sort and a date histogram per query) that was
// about 80% of a keyword query's time, and the histogram cost three more
// passes over the hits. Segments are immutable, so here each segment's facet
// values (from the fields' postings: the facet fields have no doc values)
// are read once into ordinal columns (value numbers shared by every segment
// of every shard) and a query counts with array increments, all facets and
// the publication dates in one pass over its hits.

// missingDate marks a document without a published date in a date column.
const missingDate = math.MinInt64

// Columns caches the facet columns of the segments of one kind of index
// (articles or quotes). The zero value is not usable; see NewColumns. Safe
// for concurrent use.
type Columns struct {
	fields []string // the facet fields
	dates  bool     // also decode FieldPublished
	ids    bool     // also keep the documents' external ids (see withIDs)
	geo    bool     // also keep the documents' geocoded points (see withGeo)

	mu        sync.Mutex
	segs      map[segment.Segment]*segColumns
	lastSweep time.Time

	dictMu sync.RWMutex
	dicts  map[string]*valueDict

	prefixMu sync.Mutex
	prefixes map[string]*prefixIndex // per field, built on first use
}

// valueDict numbers the values of one field.
type valueDict struct {
	ord  map[string]uint32
	vals []string
}

// segColumns are the facet values and dates of one segment.
type segColumns struct {
	used  atomic.Int64 // unix nanoseconds of the last query that read it
	once  sync.Once
	err   error
	built atomic.Bool // once has run without error: read without building (see builtDates)
	// Document d's record is recs[starts[d]:starts[d+1]]: a header of
	// recHeader words (its date, the same as dates[d], and where its id
	// is in idBlob), then for each field of Columns.fields
	// in order a count n and n ordinals. One record per document, not a
	// column per field: a query's hits are scattered over the segment,
	// and one record is one cache miss where five columns were ten (and
	// the date and id columns two more: a fifth of a broad keyword
	// search's time).
	starts []uint32
	recs   []uint32
	// Field i's values alone (when Columns has several fields): document
	// d's are vals[i][valStarts[i][d]:valStarts[i][d+1]]. A pass that counts one
	// field and no dates (each disjunctive facet count) reads these: a
	// record is about 60 bytes, so each of a keyword's tens of thousands
	// of hits was a cache miss, where a field's own column is a few bytes
	// a document and nearby hits share cache lines.
	valStarts [][]uint32
	vals      [][]uint32
	// single[i], for a field no document of the segment has two values
	// of (a quote's speaker, an article's source), is that column in one
	// array: document d's value plus one, 0 for none; such a field has no
	// valStarts and vals. Counting a quote search's speakers from the
	// records cost a cache miss a hit (85 ns); this is 4 bytes a
	// document, a sixth of a quote's record.
	single  [][]uint32
	dates   []int64 // unix nanoseconds (exact, for sorting), missingDate when absent
	idsKept bool    // Columns.ids: records have their documents' ids
	idBlob  []byte  // the ids' bytes (see recID)
	// With Columns.geo, document d's points (Morton codes, see
	// schema.GeoCellTerms) are geoPoints[geoStarts[d]:geoStarts[d+1]].
	geoStarts []uint32
	geoPoints []uint64

	// totals[i] counts every document of the segment (deleted or not)
	// per value of Columns.fields[i]: a match-all count is these minus
	// the snapshot's deleted documents, not a walk over every document.
	totalsOnce sync.Once
	totals     [][]ordCount
}

// recHeader is the length of a record's header (see segColumns): the
// date's low and high 32 bits, the id's offset in idBlob and its length.
const recHeader = 4

// fields returns the field part of document d's record.
func (sc *segColumns) fields(d uint64) []uint32 {
	return sc.recs[sc.starts[d]+recHeader : sc.starts[d+1]]
}

// header returns the header of document d's record.
func (sc *segColumns) header(d uint64) []uint32 {
	return sc.recs[sc.starts[d] : sc.starts[d]+recHeader]
}

// fieldColumn returns field i's one-field column: single when no
// document has two values of it (see segColumns.single), else document
// d's values are vals[st[d]+skip : st[d+1]], from the field's own column
// or, when it is Columns' only field, from the records (after the header
// and the count).
func (sc *segColumns) fieldColumn(i int) (single, st, vals []uint32, skip uint32) {
	switch {
	case sc.single[i] != nil:
		return sc.single[i], nil, nil, 0
	case sc.valStarts != nil:
		return nil, sc.valStarts[i], sc.vals[i], 0
	}
	return nil, sc.starts, sc.recs, recHeader + 1
}

// recDate returns the date in h, a record's header (or whole record).
func recDate(h []uint32) int64 { return int64(uint64(h[0]) | uint64(h[1])<<32) }

// recID returns the id in h, the header (or whole record) of one of sc's
// records.
func (sc *segColumns) recID(h []uint32) string {
	if h[3] == 0 {
		return ""
	}
	return unsafe.String(&sc.idBlob[h[2]], int(h[3]))
}

// ordCount is how many documents of a segment have value ord.
type ordCount struct{ ord, n uint32 }

// fieldTotals returns sc.totals, computing them on first use.
func (sc *segColumns) fieldTotals(nfields int) [][]ordCount {
	sc.totalsOnce.Do(func() {
		counts := make([][]uint32, nfields) // per field, by ordinal
		for d := 0; d+1 < len(sc.starts); d++ {
			rec := sc.fields(uint64(d))
			for i := range nfields {
				n := rec[0]
				for _, o := range rec[1 : 1+n] {
					if int(o) >= len(counts[i]) {
						counts[i] = slices.Grow(counts[i], int(o)+1-len(counts[i]))[:o+1]
					}
					counts[i][o]++
				}
				rec = rec[1+n:]
			}
		}
		sc.totals = make([][]ordCount, nfields)
		for i, c := range counts {
			var t []ordCount
			for o, n := range c {
				if n > 0 {
					t = append(t, ordCount{uint32(o), n})
				}
			}
			sc.totals[i] = slices.Clip(t)
		}
	})
	return sc.totals
}

// NewColumns returns an empty column cache for keyword fields (read from
// their postings: they need no doc values), and the published dates when
// dates is set.
func NewColumns(fields []string, dates bool) *Columns {
	c := &Columns{
		fields: fields,
		dates:  dates,
		segs:   map[segment.Segment]*segColumns{},
		dicts:  map[string]*valueDict{},

		prefixes: map[string]*prefixIndex{},
	}
	for _, f := range c.fields {
		c.dicts[f] = &valueDict{ord: map[string]uint32{}}
	}
	return c
}

// withIDs makes c keep each segment's external document ids too, and the
// searchers of a countingQuery hand them to bleve with each hit. bleve's
// collector otherwise reads the id of every hit from the stored fields,
// to break score ties (the sort ends on _id so cursors are exact): a fifth
// of a broad keyword query's time. The id's bytes and 8 bytes of record header per document.
func (c *Columns) withIDs() *Columns {
	c.ids = true
	return c
}

// withGeo makes c keep each segment's geocoded points too, for near=
// (nearQuery), read from the postings of the points' own cells (shift 0)
// of schema.FieldGeoCells, or of schema.FieldGeo in older indexes.
func (c *Columns) withGeo() *Columns {
	c.geo = true
	return c
}

// errNotScorch means a shard is not a scorch index: columns need its
// segments (every index newsfind opens is scorch).
var errNotScorch = errors.New("search: facet columns need a scorch index")

// countSpec says what one pass over a query's hits counts.
type countSpec struct {
	fields []string // facet fields to count
	dates  bool     // collect published dates (for the histogram)
}

// counted is what a pass found. Its tallies go back to their pool with
// release once the caller has read them.
type counted struct {
	total  uint64
	counts map[string]*tally // field -> count per value ordinal
	dates  []int64           // published dates (unix seconds) of the hits that have one
}

// release returns the tallies to their pool; c must not be used after.
func (c *counted) release() {
	if c == nil {
		return
	}
	for f, t := range c.counts {
		t.release()
		delete(c.counts, f)
	}
	if c.dates != nil && cap(c.dates) <= maxPooledDates {
		d := c.dates[:0]
		datesPool.Put(&d)
	}
	c.dates = nil
}

// maxPooledDates bounds the date buffers kept for reuse (8 bytes each).
const maxPooledDates = 1 << 22

// datesPool holds date buffers: a broad query appends a date per hit, and
// growing a fresh slice for each query was a tenth of its time.
var datesPool = sync.Pool{New: func() any { d := make([]int64, 0, 1024); return &d }}

// tally counts hits per value ordinal. The array is as long as the
// field's dictionary (every value of the index), but a query touches few
// of them: touched lists the nonzero ordinals, so reading and resetting a
// tally cost what the query matched, not the size of the dictionary, and
// the arrays are pooled instead of allocated (and cleared) per query.
type tally struct {
	n       []uint32
	touched []uint32
}

var tallyPool = sync.Pool{New: func() any { return &tally{} }}

// newTally returns an empty tally for ordinals below size.
func newTally(size int) *tally {
	t := tallyPool.Get().(*tally)
	if len(t.n) < size {
		t.n = make([]uint32, size+size/4)
	}
	return t
}

func (t *tally) add(o uint32) {
	if t.n[o] == 0 {
		t.touched = append(t.touched, o)
	}
	t.n[o]++
}

// addN counts k more documents with value o; k must be positive (a
// touched ordinal never goes back to zero, or merge would list it twice).
func (t *tally) addN(o, k uint32) {
	if t.n[o] == 0 {
		t.touched = append(t.touched, o)
	}
	t.n[o] += k
}

// merge adds u's counts into t.
func (t *tally) merge(u *tally) {
	if need := len(u.n); len(t.n) < need {
		t.n = append(t.n, make([]uint32, need-len(t.n))...)
	}
	for _, o := range u.touched {
		if t.n[o] == 0 {
			t.touched = append(t.touched, o)
		}
		t.n[o] += u.n[o]
	}
}

// release zeroes what was counted and returns t to the pool.
func (t *tally) release() {
	for _, o := range t.touched {
		t.n[o] = 0
	}
	t.touched = t.touched[:0]
	tallyPool.Put(t)
}

// count runs q on every shard and counts what spec asks for.
func (c *Columns) count(ctx context.Context, shards []bleve.Index, q query.Query, spec countSpec) (*counted, error) {
	parts := make([]*counted, len(shards))
	errs := make([]error, len(shards))
	eachShard(shards, func(i int, sh bleve.Index) {
		parts[i], errs[i] = c.countShard(ctx, sh, q, spec)
	})
	if err := errors.Join(errs...); err != nil {
		for _, p := range parts {
			p.release()
		}
		return nil, err
	}
	return mergeCounted(parts), nil
}

// eachShard calls f for every shard concurrently and returns when all
// have returned.
func eachShard(shards []bleve.Index, f func(i int, sh bleve.Index)) {
	var wg sync.WaitGroup
	for i, sh := range shards {
		wg.Go(func() { f(i, sh) })
	}
	wg.Wait()
}

// mergeCounted adds the shards' counts into the first and releases the
// others.
func mergeCounted(parts []*counted) *counted {
	if len(parts) == 0 {
		return &counted{counts: map[string]*tally{}}
	}
	out := parts[0]
	for _, p := range parts[1:] {
		out.total += p.total
		out.dates = append(out.dates, p.dates...)
		for f, t := range p.counts {
			out.counts[f].merge(t)
		}
		p.release()
	}
	return out
}

// shardSnapshot returns the current snapshot of sh; the caller closes it.
func shardSnapshot(sh bleve.Index) (*scorch.IndexSnapshot, error) {
	adv, err := sh.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		r.Close()
		return nil, errNotScorch
	}
	if snap == nil { // scorch hands out a nil snapshot once closed
		return nil, bleve.ErrorIndexClosed
	}
	return snap, nil
}

func (c *Columns) countShard(ctx context.Context, sh bleve.Index, q query.Query, spec countSpec) (*counted, error) {
	r, err := shardSnapshot(sh)
	if err != nil {
		return nil, fmt.Errorf("search: facet columns: %w", err)
	}
	defer r.Close()
	sc, err := c.newShardCounter(r, spec)
	if err != nil {
		return nil, err
	}

	yp := newYieldPoint(ctx)
	// Queries of words and filters count from posting bitmaps (a
	// match-all from segment totals: see addSegment); others (and
	// segments without bitmaps) through bleve's searchers.
	if x, ok := compileDocSet(q, sh.Mapping()); ok {
		sets, err := segmentDocSets(sc.snap, x, sc.cols, docSetMemoOf(ctx))
		if err == nil {
			if err := sc.addDocSets(sets, &yp); err != nil {
				sc.out.release()
				return nil, err
			}
			return sc.out, nil
		}
		if !errors.Is(err, errNotBitmap) {
			sc.out.release()
			return nil, fmt.Errorf("search: facet query: %w", err)
		}
	}
	s, err := q.Searcher(ctx, r, sh.Mapping(), bsearch.SearcherOptions{Score: "none"})
	if err != nil {
		sc.out.release()
		return nil, fmt.Errorf("search: facet query: %w", err)
	}
	defer s.Close()
	sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0), IndexReader: r}
	for {
		if err := yp.step(); err != nil {
			sc.out.release()
			return nil, err
		}
		dm, err := s.Next(sctx)
		if err != nil {
			sc.out.release()
			return nil, fmt.Errorf("search: facet query: %w", err)
		}
		if dm == nil {
			break
		}
		sc.add(dm.IndexInternalID)
		sctx.DocumentMatchPool.Put(dm)
	}
	return sc.out, nil
}

// shardCounter counts hits of one index snapshot (one shard) into
// tallies over the columns of its segments.
type shardCounter struct {
	snap    *scorch.IndexSnapshot
	spec    countSpec
	offsets []uint64      // first document number of each segment
	cols    []*segColumns // per segment
	tallies []*tally      // per field of Columns.fields; nil when not counted
	one     int           // the only field counted, without dates; -1: other passes
	out     *counted
	seg     int // segment of the last hit
}

// newShardCounter prepares counting over r, which must be a scorch
// snapshot: it decodes the columns of segments not seen before.
func (c *Columns) newShardCounter(r index.IndexReader, spec countSpec) (*shardCounter, error) {
	snap, ok := scorchSnapshot(r)
	if !ok {
		return nil, errNotScorch
	}
	offsets, cols, err := c.snapshotColumns(snap)
	if err != nil {
		return nil, err
	}
	sc := &shardCounter{snap: snap, spec: spec, offsets: offsets, cols: cols}
	sc.out = &counted{counts: map[string]*tally{}}
	if spec.dates {
		sc.out.dates = (*datesPool.Get().(*[]int64))[:0]
	}
	c.dictMu.RLock()
	for _, f := range spec.fields {
		sc.out.counts[f] = newTally(len(c.dicts[f].vals))
	}
	c.dictMu.RUnlock()
	sc.tallies = make([]*tally, len(c.fields))
	sc.one = -1
	for i, f := range c.fields {
		sc.tallies[i] = sc.out.counts[f]
		if len(spec.fields) == 1 && !spec.dates && spec.fields[0] == f {
			sc.one = i
		}
	}
	return sc, nil
}

// snapshotColumns returns the first document number of each segment of
// snap and the segment's columns, decoding those not seen before.
func (c *Columns) snapshotColumns(snap *scorch.IndexSnapshot) (offsets []uint64, cols []*segColumns, err error) {
	segs := snap.Segments()
	offsets, cols = make([]uint64, len(segs)), make([]*segColumns, len(segs))
	live := make([]segment.Segment, len(segs))
	var next uint64
	for i, ss := range segs {
		offsets[i] = next
		next += ss.Segment().Count()
		live[i] = ss.Segment()
	}
	now := time.Now()
	c.mu.Lock()
	for i, s := range live {
		col := c.segs[s]
		if col == nil {
			col = &segColumns{}
			c.segs[s] = col
		}
		col.used.Store(now.UnixNano())
		cols[i] = col
	}
	c.sweep(now)
	c.mu.Unlock()
	for i, col := range cols {
		col.once.Do(func() {
			col.err = c.build(col, live[i])
			col.built.Store(col.err == nil)
		})
		if col.err != nil {
			return nil, nil, fmt.Errorf("search: facet columns: %w", col.err)
		}
	}
	return offsets, cols, nil
}

// builtDates returns the date columns of snap's segments if every one is
// built already, without building any: a caller that must stay cheap
// (search.Heavy) does without them instead of waiting for a build.
func (c *Columns) builtDates(snap *scorch.IndexSnapshot) ([][]int64, bool) {
	if !c.dates {
		return nil, false
	}
	segs := snap.Segments()
	out := make([][]int64, len(segs))
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, ss := range segs {
		col := c.segs[ss.Segment()]
		if col == nil || !col.built.Load() {
			return nil, false
		}
		out[i] = col.dates
	}
	return out, true
}

// add counts the hit with internal id id.
func (sc *shardCounter) add(id index.IndexInternalID) {
	sc.addLocal(sc.locate(id))
}

// addMatch counts dm and sets its external id when the columns keep them,
// or, unless name, unnamedHit.
func (sc *shardCounter) addMatch(dm *bsearch.DocumentMatch, name bool) {
	seg, local := sc.locate(dm.IndexInternalID)
	sc.addLocal(seg, local)
	if !name && dm.ID == "" {
		dm.ID = unnamedHit
		return
	}
	if col := sc.cols[seg]; col.idsKept && dm.ID == "" {
		// From the record addLocal has just read, not an id column: one cache
		// miss less a hit.
		dm.ID = col.recID(col.header(local))
	}
}

// locate returns the segment of a document number and its number there.
func (sc *shardCounter) locate(id index.IndexInternalID) (int, uint64) {
	num := id.Value()
	sc.seg = segmentOf(sc.offsets, sc.seg, num)
	return sc.seg, num - sc.offsets[sc.seg]
}

// segmentOf returns the segment of document number num, where segment i's
// numbers start at offsets[i], seg being the last one found: hits come in
// document-number order, so the segment only moves forward; it is
// searched for when it does not (a searcher is free to differ).
func segmentOf(offsets []uint64, seg int, num uint64) int {
	if num < offsets[seg] || (seg+1 < len(offsets) && num >= offsets[seg+1]) {
		return sort.Search(len(offsets), func(i int) bool { return offsets[i] > num }) - 1
	}
	return seg
}

// addLocal counts document local of segment seg.
func (sc *shardCounter) addLocal(seg int, local uint64) {
	sc.out.total++
	if len(sc.spec.fields) == 0 && !sc.spec.dates {
		return // nothing counted (facets=none): the record is not read
	}
	col := sc.cols[seg]
	if i := sc.one; i >= 0 {
		t := sc.tallies[i]
		single, st, vals, skip := col.fieldColumn(i)
		if single != nil {
			if o := single[local]; o != 0 {
				t.add(o - 1)
			}
			return
		}
		for _, o := range vals[st[local]+skip : st[local+1]] {
			t.add(o)
		}
		return
	}
	rec := col.recs[col.starts[local]:col.starts[local+1]]
	if sc.spec.dates {
		if d := recDate(rec); d != missingDate {
			sc.out.dates = append(sc.out.dates, unixSeconds(d))
		}
	}
	rec = rec[recHeader:]
	for _, t := range sc.tallies {
		n := rec[0]
		if t != nil {
			for _, o := range rec[1 : 1+n] {
				t.add(o)
			}
		}
		rec = rec[1+n:]
	}
}

// addDocSets counts the documents of sets, one bitmap per segment. It
// stops on a cancelled context at each segment too: a segment counted
// from its totals has no hits to walk, so no yield point.
func (sc *shardCounter) addDocSets(sets []*roaring.Bitmap, yp *yieldPoint) error {
	for i, bm := range sets {
		if err := yp.ctx.Err(); err != nil {
			return fmt.Errorf("search: %w", err)
		}
		if err := sc.addSegment(i, bm, yp); err != nil {
			return err
		}
	}
	return nil
}

// addSegment counts the documents of bm in segment seg.
func (sc *shardCounter) addSegment(seg int, bm *roaring.Bitmap, yp *yieldPoint) error {
	ss := sc.snap.Segments()[seg]
	n, del := ss.Segment().Count(), ss.Deleted()
	if 2*bm.GetCardinality() > n && (del == nil || 2*del.GetCardinality() < n) {
		return sc.addMost(seg, bm, yp)
	}
	var buf [256]uint32
	it := bm.ManyIterator()
	if i := sc.one; i >= 0 {
		// addLocal's one-field case with the column and tally hoisted:
		// a disjunctive facet count walks all of a keyword's hits
		// (tens of thousands), and the call and loads per hit were
		// half of its time.
		t := sc.tallies[i]
		cnt := t.n
		single, st, vals, skip := sc.cols[seg].fieldColumn(i)
		if single != nil {
			for n := it.NextMany(buf[:]); n > 0; n = it.NextMany(buf[:]) {
				if err := yp.steps(n); err != nil {
					return err
				}
				sc.out.total += uint64(n)
				for _, d := range buf[:n] {
					if o := single[d]; o != 0 {
						if cnt[o-1] == 0 {
							t.touched = append(t.touched, o-1)
						}
						cnt[o-1]++
					}
				}
			}
			return nil
		}
		for n := it.NextMany(buf[:]); n > 0; n = it.NextMany(buf[:]) {
			if err := yp.steps(n); err != nil {
				return err
			}
			sc.out.total += uint64(n)
			for _, d := range buf[:n] {
				for _, o := range vals[st[d]+skip : st[d+1]] {
					if cnt[o] == 0 { // t.add with t.n kept in a local: 10-20 % faster here
						t.touched = append(t.touched, o)
					}
					cnt[o]++
				}
			}
		}
		return nil
	}
	for n := it.NextMany(buf[:]); n > 0; n = it.NextMany(buf[:]) {
		if err := yp.steps(n); err != nil {
			return err
		}
		for _, d := range buf[:n] {
			sc.addLocal(seg, uint64(d))
		}
	}
	return nil
}

// addMost counts bm, which holds most of segment seg, as the segment's
// totals less its deleted documents (see addAll) less the live documents
// bm lacks: a broad filter (a year of news, the biggest source) reads the
// records of the few documents it leaves out instead of those of the many
// it keeps. The dates of bm are read from their column.
func (sc *shardCounter) addMost(seg int, bm *roaring.Bitmap, yp *yieldPoint) error {
	ss := sc.snap.Segments()[seg]
	sc.addAll(seg, ss.Deleted())
	rest := ss.DocNumbersLive()
	rest.AndNot(bm)
	col := sc.cols[seg]
	var buf [256]uint32
	it := rest.ManyIterator()
	for n := it.NextMany(buf[:]); n > 0; n = it.NextMany(buf[:]) {
		if err := yp.steps(n); err != nil {
			return err
		}
		sc.out.total -= uint64(n)
		for _, d := range buf[:n] {
			rec := col.fields(uint64(d))
			for _, t := range sc.tallies {
				k := rec[0]
				if t != nil {
					for _, o := range rec[1 : 1+k] {
						t.n[o]--
					}
				}
				rec = rec[1+k:]
			}
		}
	}
	// A touched ordinal must not be at zero (see addN).
	for _, t := range sc.tallies {
		if t != nil {
			t.touched = slices.DeleteFunc(t.touched, func(o uint32) bool { return t.n[o] == 0 })
		}
	}
	if !sc.spec.dates {
		return nil
	}
	dates := col.dates
	it = bm.ManyIterator()
	for n := it.NextMany(buf[:]); n > 0; n = it.NextMany(buf[:]) {
		if err := yp.steps(n); err != nil {
			return err
		}
		for _, d := range buf[:n] {
			if t := dates[d]; t != missingDate {
				sc.out.dates = append(sc.out.dates, unixSeconds(t))
			}
		}
	}
	return nil
}

// addAll counts every document of segment seg but those in deleted
// (nil: none), from the segment's totals; the dates are not collected.
func (sc *shardCounter) addAll(seg int, deleted *roaring.Bitmap) {
	col := sc.cols[seg]
	totals := col.fieldTotals(len(sc.tallies))
	sc.out.total += uint64(len(col.starts) - 1)
	var gone []map[uint32]uint32 // per field: deleted documents per value
	if deleted != nil && !deleted.IsEmpty() {
		sc.out.total -= deleted.GetCardinality()
		gone = make([]map[uint32]uint32, len(sc.tallies))
		it := deleted.Iterator()
		for it.HasNext() {
			d := it.Next()
			rec := col.fields(uint64(d))
			for i, t := range sc.tallies {
				n := rec[0]
				if t != nil {
					if gone[i] == nil {
						gone[i] = map[uint32]uint32{}
					}
					for _, o := range rec[1 : 1+n] {
						gone[i][o]++
					}
				}
				rec = rec[1+n:]
			}
		}
	}
	for i, t := range sc.tallies {
		if t == nil {
			continue
		}
		for _, oc := range totals[i] {
			n := oc.n
			if gone != nil {
				n -= gone[i][oc.ord]
			}
			if n > 0 {
				t.addN(oc.ord, n)
			}
		}
	}
}

// countingQuery is a query whose searchers also count each hit they return
// into facet columns, so the page of hits (bleve's collector drives the
// searcher through every match) and the facet counts of the same query
// come from one pass over the postings instead of two.
type countingQuery struct {
	query.Query
	cols *Columns
	spec countSpec
	// keep, when not 0, is how many hits bleve's collector keeps per
	// shard, sorted by score then id: a hit that k earlier hits outscore
	// cannot be kept, so it is not named (see scoreFloor). after is the
	// search_after score, if any (hasAfter).
	keep     int
	after    float64
	hasAfter bool

	mu     sync.Mutex
	shards []*shardCounter
}

func newCountingQuery(q query.Query, cols *Columns, spec countSpec) *countingQuery {
	return &countingQuery{Query: q, cols: cols, spec: spec}
}

// Searcher is called once per shard, with that shard's snapshot.
func (q *countingQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	sc, err := q.cols.newShardCounter(r, q.spec)
	if err != nil {
		return nil, err
	}
	// Scored term readers without term vectors read frequent terms'
	// decoded postings (see postings.go).
	s, err := q.Query.Searcher(ctx, withDecodedPostings(r, postings), m, opts)
	if err != nil {
		sc.out.release()
		return nil, err
	}
	q.mu.Lock()
	q.shards = append(q.shards, sc)
	q.mu.Unlock()
	return &countingSearcher{Searcher: s, sc: sc, yp: newYieldPoint(ctx), floor: scoreFloor{k: q.keep, after: q.after, hasAfter: q.hasAfter}}, nil
}

// keepBest tells q that bleve keeps the best n hits of each shard by score
// then id (after the search_after key, if any): see countingQuery.keep.
// req must be the request q is the query of, with its sort, size and
// search_after set.
func (q *countingQuery) keepBest(req *bleve.SearchRequest) {
	q.keep, q.hasAfter = 0, false
	if nameEveryHit || len(req.Sort) != 2 {
		return
	}
	if req.SearchAfter != nil {
		// bleve parses the key's score so (createSearchAfterDocument);
		// one it cannot parse is 0 there: name every hit then.
		after, err := strconv.ParseFloat(req.SearchAfter[0], 64)
		if len(req.SearchAfter) != 2 || err != nil || math.IsNaN(after) {
			return
		}
		q.after, q.hasAfter = after, true
	}
	if sc, ok := req.Sort[0].(*bsearch.SortScore); !ok || !sc.Desc {
		return
	}
	if id, ok := req.Sort[1].(*bsearch.SortDocID); !ok || id.Desc {
		return
	}
	q.keep = req.Size + req.From
}

// counted merges what the shards counted; call it once, after the search
// returned without error.
func (q *countingQuery) counted() *counted {
	q.mu.Lock()
	defer q.mu.Unlock()
	parts := make([]*counted, len(q.shards))
	for i, sc := range q.shards {
		parts[i] = sc.out
	}
	q.shards = nil
	return mergeCounted(parts)
}

// release returns the tallies of a search that failed.
func (q *countingQuery) release() {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, sc := range q.shards {
		sc.out.release()
	}
	q.shards = nil
}

// countingSearcher is also the pass's yield point (see yield.go): bleve's
// collector drives it through the whole pass.
type countingSearcher struct {
	bsearch.Searcher
	sc    *shardCounter
	yp    yieldPoint
	floor scoreFloor
}

func (s *countingSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if err := s.yp.step(); err != nil {
		return nil, err
	}
	dm, err := s.Searcher.Next(ctx)
	if dm != nil {
		s.sc.addMatch(dm, !s.floor.below(dm.Score))
	}
	return dm, err
}

func (s *countingSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	if err := s.yp.step(); err != nil {
		return nil, err
	}
	dm, err := s.Searcher.Advance(ctx, id)
	if dm != nil {
		s.sc.addMatch(dm, !s.floor.below(dm.Score))
	}
	return dm, err
}

// nameEveryHit turns scoreFloor off; for tests.
var nameEveryHit = false

// unnamedHit is the id of a hit that cannot be kept (see scoreFloor):
// bleve's collector wants every hit's id, to sort by score then id, and
// reads it from the stored fields when a hit has none. Such a hit only
// ever meets comparisons its score decides, with kept hits or with other
// unnamed ones, so the id is never read.
const unnamedHit = "\x00unnamed"

// scoreFloor follows the k best scores of the hits so far. bleve's
// collector keeps the best k hits by score then id; a hit scoring below
// the k-th best score seen before it is dropped by its score alone.
// Naming each hit was a cache miss for its record in the facet columns
// (quote search counts its speakers from a column of their own), a
// quarter of a broad quote search's CPU; in document order only about
// k·ln(n/k) of n hits are ever among the best k so far.
//
// On a next page the collector first drops every hit up to the search_after
// key: one scoring above the key's score on its score alone (not named
// either), one scoring the same by its id (named). Only hits scoring below
// the key count towards the floor; the tied ones it may keep are left out,
// which can only lower the floor.
type scoreFloor struct {
	k        int       // 0: every hit is named
	best     []float64 // min-heap of the best k scores
	after    float64   // the search_after score, when hasAfter
	hasAfter bool
}

// below reports whether score is below the k best scores so far (or, on a
// next page, above the search_after key's), and counts it among them
// otherwise.
func (f *scoreFloor) below(score float64) bool {
	switch {
	case f.k <= 0 || math.IsNaN(score):
		// NaN (a boost of ^1e308 makes some): named, and not counted,
		// where it would break the heap's order (every comparison with
		// it is false).
		return false
	case f.hasAfter && score > f.after:
		return true
	case f.hasAfter && !(score < f.after):
		return false // the key's score (or NaN): its id decides
	case len(f.best) < f.k:
		f.best = append(f.best, score)
		for i := len(f.best) - 1; i > 0; { // sift up
			p := (i - 1) / 2
			if !(f.best[i] < f.best[p]) {
				break
			}
			f.best[i], f.best[p] = f.best[p], f.best[i]
			i = p
		}
		return false
	case score < f.best[0]:
		return true
	case score > f.best[0]:
		f.best[0] = score
		for i := 0; ; { // sift down
			l, m := 2*i+1, i
			if l < len(f.best) && f.best[l] < f.best[m] {
				m = l
			}
			if r := l + 1; r < len(f.best) && f.best[r] < f.best[m] {
				m = r
			}
			if m == i {
				break
			}
			f.best[i], f.best[m] = f.best[m], f.best[i]
			i = m
		}
	}
	return false // a tie with the k-th best: its id decides
}

// touch marks the columns of the shards' live segments as used now, if
// they are built.
func (c *Columns) touch(shards []bleve.Index) {
	now := time.Now().UnixNano()
	for _, sh := range shards {
		snap, err := shardSnapshot(sh)
		if err != nil {
			continue // closed: nothing to keep
		}
		c.mu.Lock()
		for _, ss := range snap.Segments() {
			if col := c.segs[ss.Segment()]; col != nil {
				col.used.Store(now)
			}
		}
		c.mu.Unlock()
		snap.Close()
	}
}

// Columns of a segment no query has read for sweepAfter are dropped: the
// segment was merged away, or its index closed (KeepWarm keeps live ones
// from ageing out). c.mu is held.
const sweepAfter = time.Minute

func (c *Columns) sweep(now time.Time) {
	if now.Sub(c.lastSweep) < sweepAfter/4 {
		return
	}
	c.lastSweep = now
	for s, sc := range c.segs {
		if now.Sub(time.Unix(0, sc.used.Load())) > sweepAfter {
			delete(c.segs, s)
		}
	}
}

// segmentIDs returns the external id of each document of s (by document
// number), from the _id field's dictionary: each id is a term whose one
// posting is its document. Reading them with DocID loaded every stored
// document, which in a compressed segment is a decompression each (about
// 600 MB of garbage at 200k articles, and the segment cache churned).
func segmentIDs(s segment.Segment) ([]string, error) {
	ids := make([]string, s.Count())
	err := visitPostings(s, schema.FieldDocID, func(term string) (func(d uint64), error) {
		return func(d uint64) { ids[d] = term }, nil
	})
	if err != nil {
		return nil, fmt.Errorf("ids: %w", err)
	}
	return ids, nil
}

// build decodes the facet values and dates of one segment from its term
// dictionaries and postings (the fields are keyword fields: a document's
// values are the terms whose postings hold it). Doc values held the same
// (zap writes a document's doc values in dictionary order, as these are
// read), but cost 3.8 % of the index at 20,000 articles, and the columns were
// their one reader.
func (c *Columns) build(sc *segColumns, s segment.Segment) error {
	n := s.Count()
	if n >= math.MaxUint32 {
		return fmt.Errorf("segment of %d documents: over %d", n, uint64(math.MaxUint32))
	}
	var dates []int64
	if c.dates {
		dates = make([]int64, n)
		for d := range dates {
			dates[d] = missingDate
		}
		err := visitPostings(s, schema.FieldPublished, func(term string) (func(d uint64), error) {
			t, err := time.Parse(time.RFC3339Nano, term)
			if err != nil {
				return nil, nil // not a date: as if missing
			}
			date := t.UnixNano() // MinPublished..MaxPublished fit
			return func(d uint64) { dates[d] = date }, nil
		})
		if err != nil {
			return err
		}
	}
	var idOffs []uint32 // document d's id is idBlob[idOffs[d]:idOffs[d+1]]
	if c.ids {
		ids, err := segmentIDs(s)
		if err != nil {
			return err
		}
		idOffs = make([]uint32, 1, n+1)
		for d := range n {
			id := ids[d]
			if id == "" { // not in the dictionary (never seen): the stored field
				b, err := s.DocID(d)
				if err != nil {
					return fmt.Errorf("id of document %d: %w", d, err)
				}
				id = string(b)
			}
			sc.idBlob = append(sc.idBlob, id...)
			if uint64(len(sc.idBlob)) > math.MaxUint32 {
				return fmt.Errorf("ids of segment: over %d bytes", uint64(math.MaxUint32))
			}
			idOffs = append(idOffs, uint32(len(sc.idBlob)))
		}
		sc.idBlob = slices.Clone(sc.idBlob) // drop append's spare capacity
	}
	if c.geo {
		if err := sc.readPoints(s, n); err != nil {
			return err
		}
	}
	values := make([]docValues, len(c.fields))
	for i, f := range c.fields {
		var err error
		if values[i], err = c.fieldValues(s, f, n); err != nil {
			return err
		}
	}
	size := uint64(n) * recHeader
	for _, v := range values {
		size += uint64(n) + uint64(len(v.ords))
	}
	if size >= math.MaxUint32 {
		return fmt.Errorf("columns of segment: %d words, over %d", size, uint64(math.MaxUint32))
	}
	starts := make([]uint32, 1, n+1)
	recs := make([]uint32, 0, size)
	for d := range n {
		date := int64(missingDate)
		if dates != nil {
			date = dates[d]
		}
		var idOff, idLen uint32
		if idOffs != nil {
			idOff, idLen = idOffs[d], idOffs[d+1]-idOffs[d]
		}
		recs = append(recs, uint32(uint64(date)), uint32(uint64(date)>>32), idOff, idLen)
		for _, v := range values {
			ords := v.ords[v.starts[d]:v.starts[d+1]]
			recs = append(recs, uint32(len(ords)))
			recs = append(recs, ords...)
		}
		starts = append(starts, uint32(len(recs)))
	}
	sc.idsKept = c.ids
	// Columns live as long as their segment: drop append's spare capacity.
	sc.starts, sc.recs, sc.dates = starts, recs, dates
	sc.single = singleColumns(starts, sc.recs, len(c.fields))
	if len(c.fields) > 1 { // one field's records are its column already
		sc.valStarts, sc.vals = fieldColumns(starts, sc.recs, len(c.fields))
		for i, s := range sc.single {
			if s != nil {
				sc.valStarts[i], sc.vals[i] = nil, nil
			}
		}
	}
	return nil
}

// readPoints reads the geocoded points of the n documents of s: the
// shift-0 terms of its geo field (either: a segment has one of them).
func (sc *segColumns) readPoints(s segment.Segment, n uint64) error {
	var postings []docPosting[uint64]
	for _, field := range []string{schema.FieldGeoCells, schema.FieldGeo} {
		err := visitPostings(s, field, func(term string) (func(d uint64), error) {
			pc := numeric.PrefixCoded(term)
			if shift, err := pc.Shift(); err != nil || shift != 0 {
				return nil, nil // a coarser cell
			}
			h, err := pc.Int64()
			if err != nil {
				return nil, nil
			}
			return func(d uint64) { postings = append(postings, docPosting[uint64]{uint32(d), uint64(h)}) }, nil
		})
		if err != nil {
			return err
		}
	}
	sc.geoStarts, sc.geoPoints = byDocument(postings, n)
	return nil
}

// points returns document d's geocoded points (withGeo).
func (sc *segColumns) points(d uint64) []uint64 {
	if d+1 >= uint64(len(sc.geoStarts)) {
		return nil
	}
	return sc.geoPoints[sc.geoStarts[d]:sc.geoStarts[d+1]]
}

// docValues are one field's values of a segment's documents: document
// d's ordinals are ords[starts[d]:starts[d+1]], in dictionary order.
type docValues struct {
	starts []uint32
	ords   []uint32
}

// fieldValues reads field's values of the n documents of s from its
// dictionary and postings, numbering new values in c's dictionary.
func (c *Columns) fieldValues(s segment.Segment, field string, n uint64) (docValues, error) {
	var postings []docPosting[uint32]
	dict := c.dicts[field]
	err := visitPostings(s, field, func(term string) (func(d uint64), error) {
		c.dictMu.Lock()
		o, ok := dict.ord[term]
		if !ok {
			o = uint32(len(dict.vals))
			dict.ord[term] = o
			dict.vals = append(dict.vals, term)
		}
		c.dictMu.Unlock()
		return func(d uint64) { postings = append(postings, docPosting[uint32]{uint32(d), o}) }, nil
	})
	if err != nil {
		return docValues{}, err
	}
	starts, ords := byDocument(postings, n)
	return docValues{starts: starts, ords: ords}, nil
}

// docPosting is a value of document doc, read from a posting list.
type docPosting[V any] struct {
	doc uint32
	val V
}

// byDocument groups the values of postings (documents below n) by
// document, with a stable counting sort: document d's values are
// vals[starts[d]:starts[d+1]], in the order postings had them.
func byDocument[V any](postings []docPosting[V], n uint64) (starts []uint32, vals []V) {
	counts := make([]uint32, n+1)
	for _, p := range postings {
		counts[p.doc+1]++
	}
	for d := uint64(1); d <= n; d++ {
		counts[d] += counts[d-1]
	}
	starts = slices.Clone(counts)
	vals = make([]V, len(postings))
	for _, p := range postings {
		vals[counts[p.doc]] = p.val
		counts[p.doc]++
	}
	return starts, vals
}

// visitPostings calls term for each term of field in s, in dictionary
// order, and the function it returns (unless nil) for each document of
// the term's postings. A field s does not have visits nothing.
func visitPostings(s segment.Segment, field string, term func(term string) (func(d uint64), error)) error {
	dict, err := s.Dictionary(field)
	if err != nil {
		return fmt.Errorf("%s of segment: %w", field, err)
	}
	var (
		pl segment.PostingsList
		it segment.PostingsIterator
	)
	terms := dict.AutomatonIterator(nil, nil, nil)
	for {
		e, err := terms.Next()
		if err != nil {
			return fmt.Errorf("%s of segment: %w", field, err)
		}
		if e == nil {
			return nil
		}
		visit, err := term(e.Term)
		if err != nil {
			return fmt.Errorf("%s of segment: %q: %w", field, e.Term, err)
		}
		if visit == nil {
			continue
		}
		if pl, err = dict.PostingsList([]byte(e.Term), nil, pl); err != nil {
			return fmt.Errorf("%s of segment: %q: %w", field, e.Term, err)
		}
		it = pl.Iterator(false, false, false, it)
		for {
			p, err := it.Next()
			if err != nil {
				return fmt.Errorf("%s of segment: %q: %w", field, e.Term, err)
			}
			if p == nil {
				break
			}
			if d := p.Number(); d < s.Count() {
				visit(d)
			}
		}
	}
}

// singleColumns returns, for each of the nfields fields of records (see
// segColumns), its single-value column, or nil if a document has two
// values of it.
func singleColumns(starts, recs []uint32, nfields int) [][]uint32 {
	ndocs := max(len(starts)-1, 0)
	out := make([][]uint32, nfields)
	multi := make([]bool, nfields)
	for i := range out {
		out[i] = make([]uint32, ndocs)
	}
	for d := range ndocs {
		rec := recs[starts[d]+recHeader : starts[d+1]]
		for i := range nfields {
			n := rec[0]
			switch {
			case n == 1 && !multi[i]:
				out[i][d] = rec[1] + 1
			case n > 1:
				multi[i] = true
			}
			rec = rec[1+n:]
		}
	}
	for i := range out {
		if multi[i] {
			out[i] = nil
		}
	}
	return out
}

// fieldColumns splits records (see segColumns) into one column per field.
func fieldColumns(starts, recs []uint32, nfields int) (valStarts, vals [][]uint32) {
	valStarts, vals = make([][]uint32, nfields), make([][]uint32, nfields)
	ndocs := max(len(starts)-1, 0)
	for i := range nfields {
		valStarts[i] = make([]uint32, 1, ndocs+1)
	}
	for d := range ndocs {
		rec := recs[starts[d]+recHeader : starts[d+1]]
		for i := range nfields {
			n := rec[0]
			vals[i] = append(vals[i], rec[1:1+n]...)
			valStarts[i] = append(valStarts[i], uint32(len(vals[i])))
			rec = rec[1+n:]
		}
	}
	for i := range vals {
		vals[i] = slices.Clip(vals[i])
	}
	return valStarts, vals
}

// top returns the n values of field with the highest counts (count
// descending, then value); with only non-nil, only among those ordinals.
func (c *Columns) top(field string, counts *tally, n int, only []uint32) []FacetValue {
	c.dictMu.RLock()
	vals := c.dicts[field].vals
	c.dictMu.RUnlock()
	ords := counts.touched
	if only != nil {
		ords = only
	}
	h := &facetHeap{}
	var least uint32 // the heap's lowest count once it is full
	for _, o := range ords {
		if int(o) >= len(counts.n) || counts.n[o] == 0 {
			continue // a candidate no hit has
		}
		k := counts.n[o]
		if h.Len() == n && k < least {
			// Most values of a broad count lose on the count alone: their
			// names, a cache miss each, are not read.
			continue
		}
		v := FacetValue{Value: vals[o], Count: int(k)}
		if h.Len() < n {
			heap.Push(h, v)
		} else if n > 0 && facetLess((*h)[0], v) {
			(*h)[0] = v
			heap.Fix(h, 0)
		}
		if h.Len() == n && n > 0 {
			least = uint32((*h)[0].Count)
		}
	}
	out := append([]FacetValue{}, (*h)...)
	sortFacet(out)
	return out
}

// facetLess orders facet values worst first: lower count, then later value.
func facetLess(a, b FacetValue) bool {
	if a.Count != b.Count {
		return a.Count < b.Count
	}
	return strings.Compare(a.Value, b.Value) > 0
}

// facetHeap is a min-heap of the best values so far (worst on top).
type facetHeap []FacetValue

func (h facetHeap) Len() int           { return len(h) }
func (h facetHeap) Less(i, j int) bool { return facetLess(h[i], h[j]) }
func (h facetHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *facetHeap) Push(x any)        { *h = append(*h, x.(FacetValue)) }
func (h *facetHeap) Pop() any {
	old := *h
	v := old[len(old)-1]
	*h = old[:len(old)-1]
	return v
}

// unixSeconds is the unix second of unix nanoseconds n (rounded down,
// as time.Time.Unix does).
func unixSeconds(n int64) int64 {
	s := n / 1e9
	if n%1e9 < 0 {
		s--
	}
	return s
}

// dateHistogram buckets dates (unix seconds) by day, month or year (see
// dateBuckets).
func dateHistogram(dates []int64) []DateBucket {
	if len(dates) == 0 {
		return []DateBucket{}
	}
	lo, hi := dates[0], dates[0]
	for _, d := range dates {
		lo, hi = min(lo, d), max(hi, d)
	}
	buckets := dateBuckets(time.Unix(lo, 0).UTC(), time.Unix(hi, 0).UTC())
	starts := make([]int64, len(buckets))
	for i, b := range buckets {
		starts[i] = b.Start.Unix()
	}
	for _, d := range dates {
		i := sort.Search(len(starts), func(i int) bool { return starts[i] > d }) - 1
		buckets[i].Count++
	}
	return buckets
}
