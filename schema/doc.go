package schema

import (
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/geo"
	"github.com/blevesearch/bleve/v2/numeric"
)

// ArticleDoc turns an article into the document bleve indexes.
func ArticleDoc(a *Article) (map[string]any, error) {
	stored, err := encodeStored(a)
	if err != nil {
		return nil, fmt.Errorf("article %s: encode stored fields: %w", a.ID, err)
	}
	d := map[string]any{
		FieldTitle:  a.Title,
		FieldBody:   a.Body,
		FieldStored: string(stored),
	}
	if a.URL != "" {
		d[FieldURL] = a.URL
	}
	setArticleFields(d, a)
	setList(d, FieldSpeaker, Speakers(a.Quotes))
	setList(d, FieldPerson, Names(a.Entities, TypePerson))
	setList(d, FieldPlace, Names(a.Entities, TypePlace))
	setList(d, FieldOrg, Names(a.Entities, TypeOrganization))
	var geos, cells []any
	for _, e := range a.Entities {
		if e.Type == TypePlace && e.Geo != nil {
			// Both: an index's saved mapping has one of the two fields and
			// ignores the other (it is static).
			geos = append(geos, map[string]any{"lat": e.Geo.Lat, "lon": e.Geo.Lon})
			for _, t := range GeoCellTerms(e.Geo.Lon, e.Geo.Lat) {
				cells = append(cells, t)
			}
		}
	}
	if len(geos) > 0 {
		d[FieldGeo] = geos
		d[FieldGeoCells] = cells
	}
	return d, nil
}

// GeoCellTerms returns the terms FieldGeoCells indexes for a point: its
// Morton code (longitude bits even, latitude bits odd, bleve's geo
// hash), prefix-coded at each of GeoCellShifts, so each shift is a grid
// and the shift-0 term is the point itself. They are terms bleve indexes
// for a geopoint field (document.GeoPointField), which has every ninth
// shift from 0 to 63 and doc values too, always and uncompressed: the
// same terms again for every document, 3.2 % of the index at 20,000
// articles; the near= filter reads the points from the shift-0 terms'
// postings instead.
func GeoCellTerms(lon, lat float64) []string {
	h := int64(geo.MortonHash(lon, lat))
	out := make([]string, 0, len(GeoCellShifts))
	for _, shift := range GeoCellShifts {
		out = append(out, string(numeric.MustNewPrefixCodedInt64(h, shift)))
	}
	return out
}

// GeoCellShifts are the grids of FieldGeoCells, finest first: shift 0, the
// point itself (which the near= filter reads), and bleve's grids from
// shift 36 up (cells of about 2.4 km, 78 km, 1,250 km, and half the
// world). bleve's grids at 9, 18 and 27 (cells of 0.3 m to 150 m) held
// nearly every place in a cell of its own, copies of the shift-0 postings
// (0.8 % of the index at 20,000 articles); a near= search that would have
// covered its box with those covers it with a few 2.4 km cells instead,
// and checks the distance of every candidate anyway.
var GeoCellShifts = []uint{0, 4 * document.GeoPrecisionStep, 5 * document.GeoPrecisionStep, 6 * document.GeoPrecisionStep, 7 * document.GeoPrecisionStep}

// QuoteDocs returns the quote documents of an article keyed by their index id.
func QuoteDocs(a *Article) map[string]map[string]any {
	out := make(map[string]map[string]any, len(a.Quotes))
	places := Names(a.Entities, TypePlace)
	for i, q := range a.Quotes {
		d := map[string]any{
			FieldQuoteText: q.Text,
			FieldCue:       q.Cue,
			FieldKind:      q.Kind,
		}
		if q.Speaker != "" {
			d[FieldSpeaker] = q.Speaker
		}
		setArticleFields(d, a)
		setList(d, FieldPlace, places)
		out[QuoteDocID(a.ID, i)] = d
	}
	return out
}

// setArticleFields sets the filter fields an article and its quote
// documents share, so filters on them mean the same on both.
func setArticleFields(d map[string]any, a *Article) {
	if a.Source != "" {
		d[FieldSource] = a.Source
	}
	if !a.Published.IsZero() {
		d[FieldPublished] = PublishedKey(a.Published)
	}
}

func setList(d map[string]any, field string, vals []string) {
	if len(vals) > 0 {
		d[field] = vals
	}
}

// ArticleFromFields rebuilds an Article from the stored fields of its
// document (as bleve returns them with Fields: ["*"]).
func ArticleFromFields(id string, fields map[string]any) (*Article, error) {
	a := &Article{ID: id}
	a.Title, _ = fields[FieldTitle].(string)
	a.Body, _ = fields[FieldBody].(string)
	a.Source, _ = fields[FieldSource].(string)
	if p, ok := fields[FieldPublished].(string); ok && p != "" {
		t, err := time.Parse(time.RFC3339, p)
		if err != nil {
			return nil, fmt.Errorf("article %s: stored published %q: %w", id, p, err)
		}
		a.Published = t
	}
	a.URL, _ = fields[FieldURL].(string)
	if s, ok := fields[FieldStored].(string); ok && s != "" {
		if err := decodeStored(a, s); err != nil {
			return nil, fmt.Errorf("article %s: decode stored fields: %w", id, err)
		}
	}
	if a.Entities == nil {
		a.Entities = []Entity{}
	}
	if a.Quotes == nil {
		a.Quotes = []Quote{}
	}
	return a, nil
}
