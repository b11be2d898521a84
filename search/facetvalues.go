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
// the filters select, and only then matched against the prefix: keyword
// fields keep their case, and every value is a candidate.
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
	res, err := columns.count(ctx, ix.ArticleShards(), p.query(req.Field), countSpec{fields: []string{req.Field}})
	if err != nil {
		return nil, fmt.Errorf("search: %s values: %w", req.Field, err)
	}
	var keep func(string) bool
	if prefix != "" {
		keep = func(v string) bool { return wordPrefix(v, prefix) }
	}
	out := columns.top(req.Field, res.counts[req.Field], size, keep)
	res.release()
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
