package search

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/newsfind/newsfind/schema"
)

const (
	// MaxFacetScan bounds the distinct values a facet-value search looks
	// at: the top MaxFacetScan values (by count) of the field among the
	// matching articles that have a value containing the prefix. Values
	// ranked below that are not suggested.
	MaxFacetScan = 5000
	// MaxPrefixLen bounds the prefix (bytes); it becomes a regexp.
	MaxPrefixLen = 100
)

// FacetValues finds values of one facet field for autocomplete: the values
// among the articles matching req.Filters (all filters but the field's own,
// like the disjunctive facets of Search) where req.Prefix, case-insensitive,
// starts the value or any word of it; count descending, then value.
//
// Keyword fields keep their case, so the index cannot match the prefix
// case-insensitively by itself. A case-folded "contains" regexp on the
// field first narrows the articles to those with a candidate value; the
// facet over them (top MaxFacetScan) is then filtered exactly in Go.
func FacetValues(ctx context.Context, ix Index, req FacetValuesRequest) ([]FacetValue, error) {
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
	prefix := strings.ToLower(strings.TrimSpace(req.Prefix))
	q := p.query(req.Field)
	if prefix != "" {
		rq := bleve.NewRegexpQuery(".*" + foldedRegexp(prefix) + ".*")
		rq.SetField(req.Field)
		q = and(q, rq)
	}
	sr := bleve.NewSearchRequestOptions(q, 0, 0, false)
	sr.AddFacet(req.Field, bleve.NewFacetRequest(req.Field, MaxFacetScan))
	res, err := ix.Articles().SearchInContext(ctx, sr)
	if err != nil {
		return nil, fmt.Errorf("search: %s values: %w", req.Field, err)
	}
	all := termValues(res.Facets[req.Field], MaxFacetScan)
	out := []FacetValue{}
	for _, v := range all {
		if prefix == "" || wordPrefix(v.Value, prefix) {
			out = append(out, v)
		}
	}
	sortFacet(out)
	if len(out) > size {
		out = out[:size]
	}
	return out, nil
}

// wordPrefix reports whether lowerPrefix starts value or a word of it
// (a word starts after any character that is not a letter or digit).
func wordPrefix(value, lowerPrefix string) bool {
	v := strings.ToLower(value)
	for i := 0; i < len(v); {
		if strings.HasPrefix(v[i:], lowerPrefix) {
			return true
		}
		// skip to the start of the next word
		j := strings.IndexFunc(v[i:], func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if j < 0 {
			return false
		}
		i += j
		k := strings.IndexFunc(v[i:], func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
		if k < 0 {
			return false
		}
		i += k
	}
	return false
}

// foldedRegexp matches s in any letter case: each letter becomes a class
// of its case variants ("jo" -> "[Jj][Oo]"), everything else is quoted.
func foldedRegexp(s string) string {
	var b strings.Builder
	for _, r := range s {
		variants := []rune{r}
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			variants = append(variants, f)
		}
		if len(variants) == 1 {
			b.WriteString(regexp.QuoteMeta(string(r)))
			continue
		}
		b.WriteByte('[')
		for _, v := range variants {
			b.WriteString(regexp.QuoteMeta(string(v)))
		}
		b.WriteByte(']')
	}
	return b.String()
}
