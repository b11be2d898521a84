package search

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/geo"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/google/go-cmp/cmp"
	"github.com/newsfind/newsfind/schema"
)

// near= answers alike on an index written before geo_cells, where the
// same cells are a bleve geopoint field (geo) with doc values (and every
// ninth shift), and on one written since: both against a haversine scan,
// for radii from 50 m to 5,000 km.
func TestNearOnGeopointIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var docs []map[string]any
	points := map[string][][2]float64{}
	for i := range 200 {
		id := fmt.Sprintf("d%04d", i)
		a := &schema.Article{ID: id, Title: "t", Body: "b"}
		for j := 0; j <= i%3; j++ {
			lat, lon := rng.Float64()*170-85, rng.Float64()*360-180
			if i%2 == 1 { // a cluster around Jakarta, for small radii
				lat, lon = -6.2+rng.Float64()*0.6-0.3, 106.8+rng.Float64()*0.6-0.3
			}
			a.Entities = append(a.Entities, place(fmt.Sprintf("P%d-%d", i, j), lat, lon))
			points[id] = append(points[id], [2]float64{lat, lon})
		}
		d, err := schema.ArticleDoc(a)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	old := schema.NewArticleMapping()
	delete(old.DefaultMapping.Properties, schema.FieldGeoCells)
	gp := mapping.NewGeoPointFieldMapping()
	gp.Store, gp.IncludeInAll = false, false
	old.DefaultMapping.AddFieldMappingsAt(schema.FieldGeo, gp)
	indexes := map[string]bleve.Index{"geopoint": memIndex(t, old, docs), "cells": memIndex(t, schema.NewArticleMapping(), docs)}
	var clustered [][2]float64
	for i := 1; i < len(docs); i += 2 {
		clustered = append(clustered, points[fmt.Sprintf("d%04d", i)]...)
	}
	matched, matchedSmall := 0, 0
	for q := range 40 {
		n := GeoNear{Lat: rng.Float64()*170 - 85, Lon: rng.Float64()*360 - 180, RadiusKm: []float64{300, 1500, 5000}[q%3]}
		if q >= 20 {
			// Small radii around a point of the cluster, a few metres
			// off: the finest grids of the index cover these boxes.
			p := clustered[rng.IntN(len(clustered))]
			n = GeoNear{Lat: p[0] + 0.0001, Lon: p[1] - 0.0001, RadiusKm: []float64{0.05, 0.5, 2, 10, 40}[q%5]}
		}
		want := []string{}
		for i := range docs {
			id := fmt.Sprintf("d%04d", i)
			for _, p := range points[id] {
				if geo.Haversin(p[1], p[0], n.Lon, n.Lat) <= n.RadiusKm {
					want = append(want, id)
					break
				}
			}
		}
		matched += len(want)
		if q >= 20 {
			matchedSmall += len(want)
		}
		for name, ix := range indexes {
			req := bleve.NewSearchRequestOptions(geoFilter(&n), len(docs), 0, false)
			res, err := ix.Search(req)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, h := range res.Hits {
				got = append(got, h.ID)
			}
			slices.Sort(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s: near %+v (-want +got):\n%s", name, n, diff)
			}
		}
	}
	if matched < 50 || matchedSmall < 20 {
		t.Errorf("only %d matches in all queries, %d with small radii: the test checks too little", matched, matchedSmall)
	}
}
