package search

import (
	"fmt"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/registry"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/newsfind/newsfind/schema"
)

// highlightStyle is bleve's html highlighter behind offsetsHighlighter.
const highlightStyle = "newsfind_html"

// offsetsHighlighter gives the term locations of a field their offsets
// before bleve's highlighter reads them. An index written with
// schema.PositionsFilter keeps positions only in its term vectors (all
// offsets 0); the offsets are the spans of those positions in the stored
// text, found again by the same tokenizer for the few hits of a page.
// Locations that have offsets (an older index) are left as they are.
type offsetsHighlighter struct {
	highlight.Highlighter
}

func (h offsetsHighlighter) BestFragmentsInField(dm *bsearch.DocumentMatch, doc index.Document, field string, num int) []string {
	if tlm := dm.Locations[field]; needsOffsets(tlm) {
		doc.VisitFields(func(f index.Field) {
			if f.Name() == field {
				if _, ok := f.(index.TextField); ok {
					restoreOffsets(tlm, f.Value(), f.ArrayPositions())
				}
			}
		})
	}
	return h.Highlighter.BestFragmentsInField(dm, doc, field, num)
}

func (h offsetsHighlighter) BestFragmentInField(dm *bsearch.DocumentMatch, doc index.Document, field string) string {
	if frags := h.BestFragmentsInField(dm, doc, field, 1); len(frags) > 0 {
		return frags[0]
	}
	return ""
}

// needsOffsets reports a location without offsets: every token has a byte
// at least, so End is 0 only where the index kept no offsets.
func needsOffsets(tlm bsearch.TermLocationMap) bool {
	for _, locs := range tlm {
		for _, l := range locs {
			if l.End == 0 {
				return true
			}
		}
	}
	return false
}

var spansPool = sync.Pool{New: func() any { return new([]schema.TokenSpan) }}

// restoreOffsets sets the offsets of tlm's locations in the value of the
// field at array positions ap, text, from their positions. A location
// whose position is past text's last token is dropped: the text changed
// since the search (a quote's article written again between the two
// reads of a quote search), and nothing is there to mark. A text changed
// without getting shorter is marked at the old positions, as the old
// offsets would have been.
func restoreOffsets(tlm bsearch.TermLocationMap, text []byte, ap []uint64) {
	last := uint64(0)
	for _, locs := range tlm {
		for _, l := range locs {
			if l.End == 0 && l.ArrayPositions.Equals(ap) {
				last = max(last, l.Pos)
			}
		}
	}
	if last == 0 {
		return
	}
	buf := spansPool.Get().(*[]schema.TokenSpan)
	defer spansPool.Put(buf)
	spans := schema.TokenSpans(text, int(min(last, uint64(len(text)))), (*buf)[:0])
	*buf = spans
	for term, locs := range tlm {
		kept := locs[:0]
		for _, l := range locs {
			if l.End == 0 && l.ArrayPositions.Equals(ap) {
				if l.Pos < 1 || l.Pos > uint64(len(spans)) {
					continue
				}
				s := spans[l.Pos-1]
				l.Start, l.End = uint64(s.Start), uint64(s.End)
			}
			kept = append(kept, l)
		}
		clear(locs[len(kept):])
		if len(kept) == 0 {
			delete(tlm, term)
		} else {
			tlm[term] = slices.Clip(kept)
		}
	}
}

func init() {
	err := registry.RegisterHighlighter(highlightStyle, func(config map[string]any, cache *registry.Cache) (highlight.Highlighter, error) {
		h, err := html.Constructor(config, cache)
		if err != nil {
			return nil, err
		}
		return offsetsHighlighter{h}, nil
	})
	if err != nil {
		panic(fmt.Sprintf("search: register %s: %v", highlightStyle, err))
	}
}
