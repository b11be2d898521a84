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

// nearQuery matches documents with at least one point of a geopoint field
// within RadiusKm of a centre.
//
// bleve's own GeoDistanceQuery is wrong for multi-valued geopoint fields
// (v2.6.3, searcher/search_geopointdistance.go buildDistFilter): its
// distance check stops at the first point in doc-value order, so an
// article about Jakarta that also mentions Singapore may or may not match
// near=Jakarta. This query uses bleve's bounding-box searcher for the
// candidates (every indexed point counts there) and checks the distance of
// every point itself.
type nearQuery struct {
	Field string
	Near  GeoNear
}

var _ query.Query = (*nearQuery)(nil)

func geoFilter(n *GeoNear) query.Query {
	return &nearQuery{Field: schema.FieldGeo, Near: *n}
}

func (q *nearQuery) Searcher(ctx context.Context, ir index.IndexReader, _ mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	n := q.Near
	minLon, maxLat, maxLon, minLat, err := geo.RectFromPointDistance(n.Lon, n.Lat, n.RadiusKm*1000)
	if err != nil {
		return nil, fmt.Errorf("near %g,%g,%gkm: %w", n.Lat, n.Lon, n.RadiusKm, err)
	}
	var box bsearch.Searcher
	if maxLon < minLon { // crosses the antimeridian: two boxes
		left, err := searcher.NewGeoBoundingBoxSearcher(ctx, ir, -180, minLat, maxLon, maxLat, q.Field, 1, opts, false)
		if err != nil {
			return nil, err
		}
		right, err := searcher.NewGeoBoundingBoxSearcher(ctx, ir, minLon, minLat, 180, maxLat, q.Field, 1, opts, false)
		if err != nil {
			left.Close()
			return nil, err
		}
		box, err = searcher.NewDisjunctionSearcher(ctx, ir, []bsearch.Searcher{left, right}, 0, opts)
		if err != nil {
			left.Close()
			right.Close()
			return nil, err
		}
	} else {
		box, err = searcher.NewGeoBoundingBoxSearcher(ctx, ir, minLon, minLat, maxLon, maxLat, q.Field, 1, opts, false)
		if err != nil {
			return nil, err
		}
	}
	dv, err := ir.DocValueReader([]string{q.Field})
	if err != nil {
		box.Close()
		return nil, err
	}
	var in bool
	visit := func(_ string, term []byte) {
		if in {
			return
		}
		pc := numeric.PrefixCoded(term)
		if shift, err := pc.Shift(); err != nil || shift != 0 {
			return
		}
		if h, err := pc.Int64(); err == nil {
			in = geo.Haversin(geo.MortonUnhashLon(uint64(h)), geo.MortonUnhashLat(uint64(h)), n.Lon, n.Lat) <= n.RadiusKm
		}
	}
	return searcher.NewFilteringSearcher(ctx, box, func(_ *bsearch.SearchContext, d *bsearch.DocumentMatch) bool {
		in = false
		return dv.VisitDocValues(d.IndexInternalID, visit) == nil && in
	}), nil
}
