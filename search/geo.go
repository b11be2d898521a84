package search

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/geo"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/numeric"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/newsfind/newsfind/schema"
)

// nearQuery matches documents with at least one geocoded point within
// RadiusKm of a centre.
//
// It finds candidates by the indexed grid cells (schema.GeoCellTerms;
// every point of a document counts there), covering the circle's box with
// a few coarse cells (see cellTerms), and checks the distance of every
// point of a candidate itself, from the points the facet columns read
// from the postings (Columns.withGeo). bleve's own GeoDistanceQuery is
// wrong for multi-valued geopoint fields (v2.6.3,
// searcher/search_geopointdistance.go buildDistFilter): its distance
// check stops at the first point in doc-value order, so an article about
// Jakarta that also mentions Singapore may or may not match near=Jakarta.
// The cells are FieldGeoCells, or FieldGeo (a geopoint field, the same
// terms) in an index written before 2026-11-27.
type nearQuery struct {
	Near GeoNear
}

var _ query.Query = (*nearQuery)(nil)

func geoFilter(n *GeoNear) query.Query {
	return &nearQuery{Near: *n}
}

func (q *nearQuery) Searcher(ctx context.Context, ir index.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	n := q.Near
	minLon, maxLat, maxLon, minLat, err := geo.RectFromPointDistance(n.Lon, n.Lat, n.RadiusKm*1000)
	if err != nil {
		return nil, fmt.Errorf("near %g,%g,%gkm: %w", n.Lat, n.Lon, n.RadiusKm, err)
	}
	var terms []string
	if maxLon < minLon { // crosses the antimeridian: two boxes
		terms = append(cellTerms(minLon, minLat, 180, maxLat), cellTerms(-180, minLat, maxLon, maxLat)...)
	} else {
		terms = cellTerms(minLon, minLat, maxLon, maxLat)
	}
	snap, ok := scorchSnapshot(ir)
	if !ok {
		return nil, errNotScorch
	}
	offsets, cols, err := columns.snapshotColumns(snap)
	if err != nil {
		return nil, err
	}
	field := schema.FieldGeoCells
	if m.FieldMappingForPath(schema.FieldGeo).Type == "geopoint" {
		field = schema.FieldGeo
	}
	cells, err := searcher.NewMultiTermSearcher(ctx, ir, terms, field, 1, opts, false)
	if err != nil {
		return nil, err
	}
	seg := 0
	return searcher.NewFilteringSearcher(ctx, cells, func(_ *bsearch.SearchContext, d *bsearch.DocumentMatch) bool {
		num := d.IndexInternalID.Value()
		seg = segmentOf(offsets, seg, num)
		for _, h := range cols[seg].points(num - offsets[seg]) {
			if geo.Haversin(geo.MortonUnhashLon(h), geo.MortonUnhashLat(h), n.Lon, n.Lat) <= n.RadiusKm {
				return true
			}
		}
		return false
	}), nil
}

// maxCells bounds the grid cells that cover a near= box: the finest
// indexed cell size with at most this many cells is used.
const maxCells = 256

// cellTerms returns the index terms of the grid cells covering the box.
//
// A geopoint is indexed as its Morton code (longitude bits even,
// latitude bits odd) prefix-coded at schema.GeoCellShifts (bleve's
// geopoint field: every ninth shift from 0 to 63; an index written
// before 2026-11-27 has them all), so every shift is a grid: at shift s a
// cell spans 2^ceil(s/2) longitude units and 2^floor(s/2) latitude units
// of the 32-bit scaled coordinates. A document is a candidate when one of
// its points lies in a covering cell; the exact distance is checked
// afterwards. This replaces bleve's range computation, which is exact at
// the boundary but takes about half a second for a 5,000 km radius,
// whatever the index size.
func cellTerms(minLon, minLat, maxLon, maxLat float64) []string {
	scale := func(v, lo, span float64) uint64 {
		v = max(lo, min(lo+span, v))
		return uint64((v - lo) * (float64(uint64(1)<<32-1) / span))
	}
	x0, x1 := scale(minLon, -180, 360), scale(maxLon, -180, 360)
	y0, y1 := scale(minLat, -90, 180), scale(maxLat, -90, 180)
	for i, shift := range schema.GeoCellShifts {
		xs, ys := (shift+1)/2, shift/2
		cx0, cx1, cy0, cy1 := x0>>xs, x1>>xs, y0>>ys, y1>>ys
		if float64(cx1-cx0+1)*float64(cy1-cy0+1) > maxCells && i < len(schema.GeoCellShifts)-1 {
			continue
		}
		var terms []string
		for cx := cx0; cx <= cx1; cx++ {
			for cy := cy0; cy <= cy1; cy++ {
				h := numeric.Interleave(cx<<xs, cy<<ys)
				terms = append(terms, string(numeric.MustNewPrefixCodedInt64(int64(h), shift)))
			}
		}
		return terms
	}
	return nil // the last shift always returns
}
