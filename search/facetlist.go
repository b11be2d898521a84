package search

import (
	"slices"
	"strings"

	"github.com/newsfind/newsfind/schema"
)

// Choosing the counts of a search. Counting facets over every hit is most
// of what a broad search costs (about 45 % of the CPU of a keyword and
// speaker search at 200k articles), and the next pages of a result list
// have the counts of its first page: a client that does not show them can
// leave them out with facets=none.

const (
	// FacetNone, alone in a Facets list, counts nothing.
	FacetNone = "none"
	// FacetHistogram names the date histogram in an article search's
	// Facets list.
	FacetHistogram = "histogram"
)

// articleCounts are the names an article search's Facets may list.
var articleCounts = append(slices.Clone(schema.FacetFields), FacetHistogram)

// quoteCounts are the names a quote search's Facets may list.
var quoteCounts = []string{schema.FieldSpeaker}

// ArticleFacets returns the names an article search's Facets may list, in
// display order: schema.FacetFields, then FacetHistogram.
func ArticleFacets() []string { return slices.Clone(articleCounts) }

// QuoteFacets returns the names a quote search's Facets may list.
func QuoteFacets() []string { return slices.Clone(quoteCounts) }

// normalizeFacets checks a Facets list (names may also come comma-separated
// in one entry) against allowed. It returns the names sorted without
// duplicates, nil when they are all of allowed (the default), or
// []string{FacetNone}.
func normalizeFacets(list, allowed []string) ([]string, error) {
	var names []string
	for _, entry := range list {
		for _, n := range strings.Split(entry, ",") {
			n = strings.ToLower(strings.TrimSpace(n))
			switch {
			case n == "":
				return nil, reqErr("facets", "empty name (want %s or %s)", strings.Join(allowed, ", "), FacetNone)
			case n != FacetNone && !slices.Contains(allowed, n):
				return nil, reqErr("facets", "unknown facet %q (want %s or %s)", clip(n), strings.Join(allowed, ", "), FacetNone)
			}
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return nil, nil
	}
	slices.Sort(names)
	names = slices.Compact(names)
	if slices.Contains(names, FacetNone) {
		if len(names) > 1 {
			return nil, reqErr("facets", "%s cannot be combined with facet names", FacetNone)
		}
		return names, nil
	}
	if len(names) == len(allowed) {
		return nil, nil
	}
	return names, nil
}

// wantsCount says whether a normalized Facets list asks for name.
func wantsCount(list []string, name string) bool {
	return list == nil || slices.Contains(list, name)
}
