package search

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// A request's posting bitmaps, evaluated once.
//
// One keyword search with a speaker filter evaluated its keyword's bitmaps
// in every segment three times: the server's pre-count (Heavy), the
// filter's candidates (keyword and speaker), and the disjunctive speaker
// count (the keyword alone); each time a dictionary lookup and a posting
// list per field and segment, and a union of title and body. A
// docSetMemo, carried by the request's context, keeps each node's bitmap
// per segment for the request's other passes. Segments are immutable and
// the bitmaps hold deleted documents too (docSet removes the snapshot's
// deletions after), so a pass on a newer snapshot (a write between two
// passes) shares the segments it still has and reads its own deletions.

// docSetMemo holds the bitmaps of expressions evaluated in segments. The
// bitmaps are shared: read them, never change them (as segDocSet.eval's).
type docSetMemo struct {
	mu   sync.Mutex
	sets map[docSetKey]docSetVal
	hits int // bitmaps found here, for tests
}

type docSetKey struct {
	seg  segment.Segment
	expr string // docSetExpr.memoKey
}

type docSetVal struct {
	bm  *roaring.Bitmap
	all bool
}

type docSetMemoCtxKey struct{}

// WithDocSetMemo returns ctx with a memo of the posting bitmaps that the
// searches (and Heavy) run with it evaluate, for one request: the server
// gives each search request its own. ctx is returned as it is when it has
// one already.
func WithDocSetMemo(ctx context.Context) context.Context {
	if docSetMemoOf(ctx) != nil {
		return ctx
	}
	return context.WithValue(ctx, docSetMemoCtxKey{}, &docSetMemo{}) // its map on first use: a cache hit searches nothing
}

// docSetMemoOf returns ctx's memo, nil for none (nothing is kept).
func docSetMemoOf(ctx context.Context) *docSetMemo {
	m, _ := ctx.Value(docSetMemoCtxKey{}).(*docSetMemo)
	return m
}

func (m *docSetMemo) get(k docSetKey) (docSetVal, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.sets[k]
	if ok {
		m.hits++
	}
	return v, ok
}

func (m *docSetMemo) put(k docSetKey, v docSetVal) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.sets == nil {
		m.sets = map[docSetKey]docSetVal{}
	}
	m.sets[k] = v
}

// memoKey names what x computes: equal keys, equal bitmaps in any
// segment. "" for expressions not kept: id lists (long, and used once)
// and the quotes of an article, and those with such a part. A docSetExpr
// is compiled for one search and read by one goroutine, so the key is
// kept in it once computed.
func (x *docSetExpr) memoKey() string {
	if x.key != "" || x.noKey {
		return x.key
	}
	var b strings.Builder
	ok := x.writeKey(&b)
	if ok {
		x.key = b.String()
	} else {
		x.noKey = true
	}
	return x.key
}

func (x *docSetExpr) writeKey(b *strings.Builder) bool {
	switch x.op {
	case setAll:
		b.WriteString("*")
	case setNone:
		b.WriteString("-")
	case setTerm:
		// Lengths first: fields and terms may hold any byte.
		fmt.Fprintf(b, "t%d:%s%d:%s", len(x.field), x.field, len(x.term), x.term)
	case setDates:
		fmt.Fprintf(b, "d%d,%d", x.lo, x.hi)
	case setAnd, setOr:
		if x.op == setAnd {
			b.WriteString("&(")
		} else {
			b.WriteString("|(")
		}
		for i, k := range x.kids {
			if i > 0 {
				b.WriteByte(' ')
			}
			if !k.writeKey(b) {
				return false
			}
		}
		b.WriteByte(')')
	case setBool:
		b.WriteString("b(")
		if !x.must.writeKey(b) {
			return false
		}
		b.WriteByte(' ')
		if x.mustNot == nil {
			b.WriteString("nil")
		} else if !x.mustNot.writeKey(b) {
			return false
		}
		b.WriteByte(')')
	default: // setIDs, setQuotesOf
		return false
	}
	return true
}
