package search

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/newsfind/newsfind/schema"
)

const (
	// MaxPrefixLen bounds the prefix (bytes).
	MaxPrefixLen = 100
)

// FacetValues finds values of one facet field for autocomplete: the values
// among the articles matching req.Filters (all filters but the field's own,
// like the disjunctive facets of Search) where req.Prefix, case-insensitive,
// starts the value or any word of it; count descending, then value.
//
// Values are counted over the facet columns (see Columns) of the articles
// the filters select; the prefix picks its candidates from a sorted list of
// every word start of every value (keyword fields keep their case, so the
// index cannot), built once per field and extended as values arrive.
func FacetValues(ctx context.Context, ix Index, req FacetValuesRequest) (_ []FacetValue, err error) {
	ctx = WithDocSetMemo(ctx) // one evaluation of each bitmap for all passes
	defer func() { err = tooManyTerms("q", err) }()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if !slices.Contains(schema.FacetFields, req.Field) {
		return nil, reqErr("field", "must be one of %s, got %q", strings.Join(schema.FacetFields, ", "), req.Field)
	}
	if len(req.Prefix) > MaxPrefixLen {
		return nil, reqErr("prefix", "longer than %d bytes (%d)", MaxPrefixLen, len(req.Prefix))
	}
	size, err := checkSize("size", req.Size, DefaultFacetSize, MaxFacetSize)
	if err != nil {
		return nil, err
	}
	r, err := req.Filters.normalize()
	if err != nil {
		return nil, err
	}
	p, err := articlePlan(ctx, ix, r)
	if err != nil {
		return nil, err
	}
	prefix := foldLower(strings.TrimSpace(req.Prefix))
	res, err := columns.count(ctx, ix.ArticleShards(), p.query(req.Field), countSpec{fields: []string{req.Field}})
	if err != nil {
		return nil, fmt.Errorf("search: %s values: %w", req.Field, err)
	}
	var only []uint32
	if prefix != "" {
		only = columns.withPrefix(req.Field, prefix)
	}
	out := columns.top(req.Field, res.counts[req.Field], size, only)
	res.release()
	return out, nil
}

// MatchesWordPrefix reports whether prefix starts value or a word of it,
// ignoring case and diacritics, as facet-value search (FacetValues)
// matches a typed prefix: for clients and tests that filter values the
// same way.
func MatchesWordPrefix(value, prefix string) bool {
	return wordPrefix(value, foldLower(strings.TrimSpace(prefix)))
}

// wordPrefix reports whether lowerPrefix (folded by foldLower) starts
// value or a word of it (a word starts after any character that is not a
// letter or digit), ignoring case and diacritics.
func wordPrefix(value, lowerPrefix string) bool {
	v := foldLower(value)
	for _, i := range wordStarts(v) {
		if strings.HasPrefix(v[i:], lowerPrefix) {
			return true
		}
	}
	return false
}

// wordStarts returns the byte offsets where the words of s start: 0, and
// each letter or digit that follows a character that is neither.
func wordStarts(s string) []int {
	var out []int
	for i := 0; i < len(s); {
		out = append(out, i)
		// skip to the start of the next word
		j := strings.IndexFunc(s[i:], func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if j < 0 {
			break
		}
		i += j
		k := strings.IndexFunc(s[i:], func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
		if k < 0 {
			break
		}
		i += k
	}
	return out
}

// prefixIndex lists every word start of the first n values of a field's
// dictionary, lower-cased and sorted, so the values a prefix starts a word
// of are one binary search away instead of a scan over every value
// (a quarter of a million people at 200k articles). Immutable once built.
type prefixIndex struct {
	n    int
	keys []string // foldLower(value)[start:], sorted
	ords []uint32 // the value of each key
}

// extend returns an index of all of vals, reusing p's entries.
func (p *prefixIndex) extend(vals []string) *prefixIndex {
	type entry struct {
		key string
		ord uint32
	}
	var fresh []entry
	for o := p.n; o < len(vals); o++ {
		v := foldLower(vals[o])
		for _, i := range wordStarts(v) {
			fresh = append(fresh, entry{v[i:], uint32(o)})
		}
	}
	slices.SortFunc(fresh, func(a, b entry) int { return strings.Compare(a.key, b.key) })
	out := &prefixIndex{n: len(vals), keys: make([]string, 0, len(p.keys)+len(fresh)), ords: make([]uint32, 0, len(p.keys)+len(fresh))}
	i := 0
	for _, e := range fresh {
		for ; i < len(p.keys) && p.keys[i] <= e.key; i++ {
			out.keys, out.ords = append(out.keys, p.keys[i]), append(out.ords, p.ords[i])
		}
		out.keys, out.ords = append(out.keys, e.key), append(out.ords, e.ord)
	}
	out.keys, out.ords = append(out.keys, p.keys[i:]...), append(out.ords, p.ords[i:]...)
	return out
}

// withPrefix returns the ordinals of the values of field that
// lowerPrefix starts (see wordPrefix), ascending, each once.
func (c *Columns) withPrefix(field, lowerPrefix string) []uint32 {
	c.dictMu.RLock()
	vals := c.dicts[field].vals // append-only: this prefix of it never changes
	c.dictMu.RUnlock()
	c.prefixMu.Lock()
	p := c.prefixes[field]
	if p == nil {
		p = &prefixIndex{}
	}
	// Values that arrived since the index was built are scanned, until
	// there are enough of them to pay for a rebuild: while articles are
	// loaded into a served index, every segment brings new values.
	if tail := len(vals) - p.n; tail > max(prefixScanMax, p.n/8) {
		p = p.extend(vals)
		c.prefixes[field] = p
	}
	c.prefixMu.Unlock()
	lo, _ := slices.BinarySearch(p.keys, lowerPrefix)
	out := []uint32{}
	for i := lo; i < len(p.keys) && strings.HasPrefix(p.keys[i], lowerPrefix); i++ {
		out = append(out, p.ords[i])
	}
	for o := p.n; o < len(vals); o++ {
		if wordPrefix(vals[o], lowerPrefix) {
			out = append(out, uint32(o))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// prefixScanMax is how many new values withPrefix scans before it extends
// the index (or an eighth of the index, if that is more).
const prefixScanMax = 4096

// foldLower folds s for facet-value prefix matching as the text analyzer
// folds the words it indexes (schema.FoldWord: lower case, then bleve's
// ASCII folding), so "erdo" finds "Erdoğan", "nguyen" "Nguyễn" and "zoe"
// "Zoë" in a facet as in the text, and the other way round. Combining marks
// of decomposed text are dropped as well ("Citroe\u0308n" -> "citroen"),
// which the analyzer leaves. Only the matching uses it: values are
// returned as indexed.
func foldLower(s string) string {
	return strings.Map(dropMark, schema.FoldWord(s))
}

// dropMark drops the combining marks that follow a letter in decomposed
// text (strings.Map keeps the string when there are none).
func dropMark(r rune) rune {
	if r >= 0x300 && unicode.Is(unicode.Mn, r) {
		return -1
	}
	return r
}
