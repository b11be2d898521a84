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
// same cells are a bleve geopoint field (geo) with doc values, and on one
// written since: both against a haversine scan.
func TestNearOnGeopointIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var docs []map[string]any
	points := map[string][][2]float64{}
	for i := range 200 {
		id := fmt.Sprintf("d%04d", i)
		a := &schema.Article{ID: id, Title: "t", Body: "b"}
		for j := 0; j <= i%3; j++ {
			lat, lon := rng.Float64()*170-85, rng.Float64()*360-180
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
	matched := 0
	for q := range 20 {
		n := GeoNear{Lat: rng.Float64()*170 - 85, Lon: rng.Float64()*360 - 180, RadiusKm: []float64{300, 1500, 5000}[q%3]}
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
	if matched < 50 {
		t.Errorf("only %d matches in all queries: the test checks too little", matched)
	}
}
