package search

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/geo"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	"github.com/google/go-cmp/cmp"
	"github.com/newsfind/newsfind/internal/store"
	"github.com/newsfind/newsfind/schema"
)

func hitIDs(hits []Hit) []string {
	out := []string{}
	for _, h := range hits {
		out = append(out, h.ID)
	}
	return out
}

func mustDate(t *testing.T, s string, end bool) time.Time {
	t.Helper()
	d, err := ParseDate(s, end)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestSearchFilters pins which articles each filter selects. Results are
// newest first (sort=date, missing dates last, then id) so the expected
// lists are exact.
func TestSearchFilters(t *testing.T) {
	forEngine(t, corpus(), func(t *testing.T, st *store.Store) {
		near := func(lat, lon, km float64) *GeoNear { return &GeoNear{Lat: lat, Lon: lon, RadiusKm: km} }
		tests := []struct {
			name string
			req  Request
			want []string
		}{
			{"all", Request{}, []string{"a4", "a2", "a6", "a1", "a3", "a5"}},
			{"star is all", Request{Query: " * "}, []string{"a4", "a2", "a6", "a1", "a3", "a5"}},
			{"speaker", Request{Speakers: []string{"Josh Earnest"}}, []string{"a4", "a1"}},
			{"person", Request{Persons: []string{"Barack Obama"}}, []string{"a1", "a3"}},
			{"person OR person", Request{Persons: []string{"Barack Obama", "Joko Widodo"}}, []string{"a2", "a6", "a1", "a3"}},
			{"place", Request{Places: []string{"Jakarta"}}, []string{"a2", "a6"}},
			{"org", Request{Orgs: []string{"White House"}}, []string{"a4", "a1"}},
			{"source", Request{Sources: []string{"ap"}}, []string{"a4", "a2"}},
			{"source OR source", Request{Sources: []string{"ap", "reuters"}}, []string{"a4", "a2", "a6", "a1", "a3"}},
			{"keyword values are exact", Request{Speakers: []string{"josh earnest"}}, []string{}},
			{"speaker AND source", Request{Speakers: []string{"Josh Earnest"}, Sources: []string{"ap"}}, []string{"a4"}},
			{"person AND place", Request{Persons: []string{"Joko Widodo"}, Places: []string{"Singapore"}}, []string{"a6"}},
			{"from", Request{From: mustDate(t, "2016-01-14", false)}, []string{"a4", "a2", "a6"}},
			{"bare to is the whole day", Request{To: mustDate(t, "2016-01-14", true)}, []string{"a2", "a6", "a1", "a3"}},
			{"from to", Request{From: mustDate(t, "2016-01-01", false), To: mustDate(t, "2016-01-10", true)}, []string{"a1"}},
			{"month range", Request{From: mustDate(t, "2015-12", false), To: mustDate(t, "2015-12", true)}, []string{"a3"}},
			{"near Jakarta", Request{Near: near(-6.2, 106.8, 50)}, []string{"a2", "a6"}},
			{"near Paris", Request{Near: near(48.85, 2.35, 10)}, []string{"a3"}},
			{"near nothing", Request{Near: near(0, 0, 100)}, []string{}},
			{"near AND source", Request{Near: near(-6.2, 106.8, 50), Sources: []string{"ap"}}, []string{"a2"}},
			{"q with date sort", Request{Query: "climate", Sort: SortDate}, []string{"a4", "a1", "a3", "a5"}},
			{"phrase", Request{Query: `"climate change"`, Sort: SortDate}, []string{"a4", "a1"}},
			{"must not", Request{Query: "climate -obama", Sort: SortDate}, []string{"a4", "a5"}},
			{"NOT", Request{Query: "climate NOT obama", Sort: SortDate}, []string{"a4", "a5"}},
			{"group of musts", Request{Query: "(+markets +traders)", Sort: SortDate}, []string{"a6"}},
			{"regexp", Request{Query: "/jakart./", Sort: SortDate}, []string{"a2", "a6"}},
			{"regexp anchored at the end", Request{Query: "/jakart.$/", Sort: SortDate}, []string{"a2", "a6"}},
			{"regexp anchored at the start", Request{Query: "/^jakart./", Sort: SortDate}, []string{"a2", "a6"}},
			{"regexp with a group in a group", Request{Query: "(/jakart(a|o)/ AND traders)", Sort: SortDate}, []string{"a6"}},
			{"nested groups", Request{Query: "((markets) AND ((traders)))", Sort: SortDate}, []string{"a6"}},
			{"groups ORed", Request{Query: "(markets AND traders) OR (climate AND obama)", Sort: SortDate}, []string{"a6", "a1", "a3"}},
			{"group ANDed", Request{Query: "climate AND (economy OR obama)", Sort: SortDate}, []string{"a4", "a1", "a3"}},
			{"group excluded", Request{Query: "climate -(economy OR obama)", Sort: SortDate}, []string{"a5"}},
			{"group NOT", Request{Query: "climate NOT (economy OR obama)", Sort: SortDate}, []string{"a5"}},
			{"fielded group", Request{Query: "title:(jakarta OR nations)", Sort: SortDate}, []string{"a2"}},
			{"phrase in a group", Request{Query: `("climate change" AND obama)`, Sort: SortDate}, []string{"a1"}},
			{"said group", Request{Said: "(economy OR terror) growing"}, []string{"a4"}},
			{"NOT alone", Request{Query: "NOT climate", Sort: SortDate}, []string{"a2", "a6"}},
			{"typographic phrase", Request{Query: `“climate change”`, Sort: SortDate}, []string{"a4", "a1"}},
			{"said NOT", Request{Said: "economy OR terror NOT defeated"}, []string{"a4"}},
			{"said typographic phrase", Request{Said: `„best chance“`}, []string{"a3"}},
			{"must", Request{Query: "+markets +traders", Sort: SortDate}, []string{"a6"}},
			{"field query", Request{Query: "title:jakarta", Sort: SortDate}, []string{"a2"}},
			{"q field on keyword", Request{Query: `person:"Laurent Fabius"`, Sort: SortDate}, []string{"a3"}},
			{"q AND filter", Request{Query: "climate", Speakers: []string{"Josh Earnest"}, Sort: SortDate}, []string{"a4", "a1"}},
			{"stemming", Request{Query: "explosion", Sort: SortDate}, []string{"a2"}},
			{"said", Request{Said: "climate change"}, []string{"a1"}},
			{"said by speaker, not outside the quote", Request{Said: "climate change", Speakers: []string{"Josh Earnest"}}, []string{"a1"}},
			{"said other words", Request{Said: "economy", Speakers: []string{"Josh Earnest"}}, []string{"a4"}},
			{"said all words required", Request{Said: "economy terror"}, []string{}},
			{"said phrase", Request{Said: `"best chance"`}, []string{"a3"}},
			{"said by someone else", Request{Said: "terror", Speakers: []string{"Laurent Fabius"}}, []string{}},
			{"said without speaker", Request{Said: "attackers linked"}, []string{"a2"}},
			{"said AND q", Request{Said: "recover", Query: "traders"}, []string{"a6"}},
			{"said OR", Request{Said: "economy OR terror"}, []string{"a4", "a2"}},
			{"said OR within AND", Request{Said: "economy OR terror defeated"}, []string{"a2"}},
			{"said OR within AND, words of two quotes", Request{Said: "economy OR terror attackers"}, []string{}},
			{"said lower-case or is a word", Request{Said: "economy or terror"}, []string{}},
			{"q AND", Request{Query: "markets AND traders", Sort: SortDate}, []string{"a6"}},
			{"q AND a stop word", Request{Query: "obama AND the climate", Sort: SortDate}, []string{"a1", "a3"}},
			{"q must a stop word", Request{Query: "+the climate", Sort: SortDate}, []string{"a4", "a1", "a3", "a5"}},
			{"said OR of stop words", Request{Said: "economy the OR a"}, []string{"a4"}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				res, err := Search(context.Background(), st, tc.req)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tc.want, hitIDs(res.Hits)); diff != "" {
					t.Errorf("hits (-want +got):\n%s", diff)
				}
				if res.Total != uint64(len(tc.want)) {
					t.Errorf("total = %d, want %d", res.Total, len(tc.want))
				}
			})
		}
	})
}

func TestSearchRelevance(t *testing.T) {
	st := openStore(t, corpus())
	res, err := Search(context.Background(), st, Request{Query: "jakarta attack"})
	if err != nil {
		t.Fatal(err)
	}
	// a2 has "Jakarta" twice in the body and both words in the title; a6
	// has both words once.
	if diff := cmp.Diff([]string{"a2", "a6"}, hitIDs(res.Hits)); diff != "" {
		t.Errorf("hits (-want +got):\n%s", diff)
	}
	for i := 1; i < len(res.Hits); i++ {
		if res.Hits[i].Score > res.Hits[i-1].Score {
			t.Errorf("hit %d score %g > previous %g", i, res.Hits[i].Score, res.Hits[i-1].Score)
		}
	}
}

func TestSearchHitFields(t *testing.T) {
	st := openStore(t, corpus())
	res, err := Search(context.Background(), st, Request{Query: "climate", Places: []string{"Washington"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 {
		t.Fatalf("hits = %v", hitIDs(res.Hits))
	}
	h := res.Hits[0]
	pub := day("2016-01-10")
	want := Hit{
		ID: "a1", Title: "Obama pushes climate plan", Source: "reuters", Published: &pub, Score: h.Score,
		Highlights: map[string][]string{
			"title": {"Obama pushes <mark>climate</mark> plan"},
			"body":  {"Washington - President Barack Obama pushed his <mark>climate</mark> plan on Monday. &#34;The president will act on <mark>climate</mark> change,&#34; Josh Earnest told reporters at the White House."},
		},
		Snippet:  "Washington - President Barack Obama pushed his <mark>climate</mark> plan on Monday. &#34;The president will act on <mark>climate</mark> change,&#34; Josh Earnest told reporters at the White House.",
		Speakers: []string{"Josh Earnest"}, Persons: []string{"Barack Obama", "Josh Earnest"},
		Places: []string{"Washington"}, Orgs: []string{"White House"},
	}
	if diff := cmp.Diff(want, h); diff != "" {
		t.Errorf("hit (-want +got):\n%s", diff)
	}
	if h.Score <= 0 {
		t.Errorf("score = %g", h.Score)
	}

	// Text outside the marks is escaped; a field where nothing matched
	// has no highlight but the body opening is still the snippet.
	res, err = Search(context.Background(), st, Request{Query: "title:undated"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 {
		t.Fatalf("hits = %v", hitIDs(res.Hits))
	}
	h = res.Hits[0]
	if diff := cmp.Diff(map[string][]string{"title": {"<mark>Undated</mark> climate note"}}, h.Highlights); diff != "" {
		t.Errorf("highlights (-want +got):\n%s", diff)
	}
	if want := "A short note about climate &amp; &lt;weather&gt;."; h.Snippet != want {
		t.Errorf("snippet = %q, want %q", h.Snippet, want)
	}
	if h.Published != nil || len(h.Speakers) != 0 || h.Speakers == nil {
		t.Errorf("undated article: published %v speakers %#v", h.Published, h.Speakers)
	}
}

func fv(pairs ...any) []FacetValue {
	out := []FacetValue{}
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, FacetValue{Value: pairs[i].(string), Count: pairs[i+1].(int)})
	}
	return out
}

// TestSearchFacets pins disjunctive facet counts: the counts of a field
// with an active filter ignore that filter (and only that one).
func TestSearchFacets(t *testing.T) {
	forEngine(t, corpus(), func(t *testing.T, st *store.Store) {
		allFacets := map[string][]FacetValue{
			"speaker": fv("Joko Widodo", 2, "Josh Earnest", 2, "Barack Obama", 1, "Laurent Fabius", 1),
			"person":  fv("Barack Obama", 2, "Joko Widodo", 2, "Josh Earnest", 2, "Laurent Fabius", 1),
			"place":   fv("Jakarta", 2, "Paris", 1, "Singapore", 1, "Washington", 1),
			"org":     fv("White House", 2, "Indonesian National Police", 1, "United Nations", 1),
			"source":  fv("reuters", 3, "ap", 2, "blog", 1),
		}
		tests := []struct {
			name string
			req  Request
			want map[string][]FacetValue
		}{
			{"match all", Request{}, allFacets},
			{"one filter keeps its own field's counts", Request{Speakers: []string{"Laurent Fabius"}}, map[string][]FacetValue{
				"speaker": allFacets["speaker"], // all filters but speaker = none
				"person":  fv("Barack Obama", 1, "Laurent Fabius", 1),
				"place":   fv("Paris", 1),
				"org":     fv("United Nations", 1),
				"source":  fv("reuters", 1),
			}},
			{"two filters", Request{Speakers: []string{"Josh Earnest"}, Sources: []string{"ap"}}, map[string][]FacetValue{
				"speaker": fv("Joko Widodo", 1, "Josh Earnest", 1), // source=ap: a2, a4
				"source":  fv("ap", 1, "reuters", 1),               // speaker=Josh Earnest: a1, a4
				"person":  fv("Josh Earnest", 1),                   // both: a4
				"place":   fv(),
				"org":     fv("White House", 1),
			}},
			{"q and a filter", Request{Query: "climate", Speakers: []string{"Josh Earnest"}}, map[string][]FacetValue{
				"speaker": fv("Josh Earnest", 2, "Barack Obama", 1, "Laurent Fabius", 1), // climate: a1 a3 a4 a5
				"person":  fv("Josh Earnest", 2, "Barack Obama", 1),
				"place":   fv("Washington", 1),
				"org":     fv("White House", 2),
				"source":  fv("ap", 1, "reuters", 1),
			}},
			{"non-facet filters apply to every facet", Request{Places: []string{"Jakarta"}, From: mustDate(t, "2016-01-14", false), Near: &GeoNear{Lat: -6.2, Lon: 106.8, RadiusKm: 50}}, map[string][]FacetValue{
				"speaker": fv("Joko Widodo", 2),
				"person":  fv("Joko Widodo", 2),
				"place":   fv("Jakarta", 2, "Singapore", 1), // near+from: a2, a6
				"org":     fv("Indonesian National Police", 1),
				"source":  fv("ap", 1, "reuters", 1),
			}},
			{"facet size", Request{FacetSize: 1}, map[string][]FacetValue{
				"speaker": fv("Joko Widodo", 2), "person": fv("Barack Obama", 2), "place": fv("Jakarta", 2),
				"org": fv("White House", 2), "source": fv("reuters", 3),
			}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				res, err := Search(context.Background(), st, tc.req)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tc.want, res.Facets); diff != "" {
					t.Errorf("facets (-want +got):\n%s", diff)
				}
			})
		}
	})
}

func TestSearchHistogram(t *testing.T) {
	forEngine(t, corpus(), func(t *testing.T, st *store.Store) {
		counts := func(bs []DateBucket) map[string]int {
			m := map[string]int{}
			for _, b := range bs {
				if b.Count > 0 {
					m[b.Start.Format("2006-01-02")] = b.Count
				}
			}
			return m
		}
		tests := []struct {
			name        string
			req         Request
			wantBuckets int
			first       string
			want        map[string]int
		}{
			// 2015-12-12 .. 2016-01-15: 35 day buckets, a5 has no date.
			{"all", Request{}, 35, "2015-12-12", map[string]int{"2015-12-12": 1, "2016-01-10": 1, "2016-01-14": 2, "2016-01-15": 1}},
			{"from/to do not narrow the histogram", Request{From: mustDate(t, "2016-01-14", false)}, 35, "2015-12-12", map[string]int{"2015-12-12": 1, "2016-01-10": 1, "2016-01-14": 2, "2016-01-15": 1}},
			{"other filters do", Request{Sources: []string{"ap"}}, 2, "2016-01-14", map[string]int{"2016-01-14": 1, "2016-01-15": 1}},
			{"q does", Request{Query: "markets"}, 1, "2016-01-14", map[string]int{"2016-01-14": 1}},
			{"no dated article", Request{Sources: []string{"blog"}}, 0, "", map[string]int{}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				res, err := Search(context.Background(), st, tc.req)
				if err != nil {
					t.Fatal(err)
				}
				if len(res.Histogram) != tc.wantBuckets {
					t.Fatalf("%d buckets, want %d", len(res.Histogram), tc.wantBuckets)
				}
				if tc.first != "" && res.Histogram[0].Start.Format("2006-01-02") != tc.first {
					t.Errorf("first bucket %v, want %s", res.Histogram[0].Start, tc.first)
				}
				if diff := cmp.Diff(tc.want, counts(res.Histogram)); diff != "" {
					t.Errorf("counts (-want +got):\n%s", diff)
				}
				if res.Histogram == nil {
					t.Error("histogram is nil, want [] for JSON")
				}
			})
		}
	})
}

func TestDateBuckets(t *testing.T) {
	ts := func(s string) time.Time { return mustDate(t, s, false) }
	tests := []struct {
		lo, hi      string
		n           int
		first, last string
	}{
		{"2016-01-15", "2016-01-15", 1, "2016-01-15", "2016-01-16"},
		{"2016-01-01", "2016-03-01", 61, "2016-01-01", "2016-03-02"},
		{"2016-01-01", "2016-03-03", 3, "2016-01-01", "2016-04-01"},            // months
		{"2011-06-10", "2016-05-20", 60, "2011-06-01", "2016-06-01"},           // 60 months
		{"2011-06-10", "2016-06-20", 6, "2011-01-01", "2017-01-01"},            // years
		{"1990-01-01T00:00:00Z", "2016-12-31", 27, "1990-01-01", "2017-01-01"}, // years
		{"1917-03-01", "2016-12-31", 100, "1917-01-01", "2017-01-01"},          // 100 years
		// One article dated far off (a typo, a placeholder) must not
		// turn the histogram into a thousand empty years.
		{"1987-02-26", "3000-01-01", 52, "1980-01-01", "3020-01-01"}, // 20-year buckets
		{"1678-01-01", "2261-12-31", 60, "1670-01-01", "2270-01-01"}, // 10-year buckets
		{"1917-03-01", "2017-01-01", 51, "1916-01-01", "2018-01-01"}, // 101 years: 2-year buckets
	}
	for _, tc := range tests {
		bs := dateBuckets(ts(tc.lo), ts(tc.hi))
		if len(bs) != tc.n || bs[0].Start.Format("2006-01-02") != tc.first || bs[len(bs)-1].End.Format("2006-01-02") != tc.last {
			t.Errorf("%s..%s: %d buckets %v..%v, want %d %s..%s", tc.lo, tc.hi, len(bs), bs[0].Start, bs[len(bs)-1].End, tc.n, tc.first, tc.last)
		}
		for i := 1; i < len(bs); i++ {
			if !bs[i].Start.Equal(bs[i-1].End) {
				t.Errorf("%s..%s: gap between bucket %d and %d", tc.lo, tc.hi, i-1, i)
			}
		}
	}
}

func TestSaidTooBroad(t *testing.T) {
	var arts []*schema.Article
	for i := 0; i < 30; i++ {
		arts = append(arts, &schema.Article{ID: fmt.Sprintf("b%02d", i), Title: "t", Body: "b",
			Quotes: []schema.Quote{quote("the same words again", schema.KindDirect, "Someone")}})
	}
	st := openStore(t, arts)
	defer func(n int) { saidLimit = n }(saidLimit)
	saidLimit = 29
	_, err := Search(context.Background(), st, Request{Said: "same words"})
	var re *RequestError
	if !errors.As(err, &re) || re.Field != "said" || !strings.Contains(re.Message, "more than 29 articles") {
		t.Fatalf("err = %v, want said RequestError", err)
	}
	saidLimit = 30
	res, err := Search(context.Background(), st, Request{Said: "same words"})
	if err != nil || res.Total != 30 {
		t.Fatalf("at the limit: total %v, err %v", res, err)
	}
}

// TestNearMultiPoint: an article matches near= when any of its places is
// in range, whatever the order of its points (bleve's GeoDistanceQuery
// only checks the first), also across the antimeridian.
func TestNearMultiPoint(t *testing.T) {
	var arts []*schema.Article
	for i := 0; i < 20; i++ {
		far := place(fmt.Sprintf("Far%d", i), 60+float64(i)/10, -20)
		jak := place("Jakarta", -6.2+float64(i)/100, 106.85)
		ents := []schema.Entity{far, jak}
		if i%2 == 1 {
			ents = []schema.Entity{jak, far}
		}
		arts = append(arts, &schema.Article{ID: fmt.Sprintf("j%02d", i), Title: "t", Body: "b", Entities: ents})
	}
	arts = append(arts,
		&schema.Article{ID: "fiji", Title: "t", Body: "b", Entities: []schema.Entity{place("Oslo", 59.9, 10.7), place("Suva", -18.14, 178.44)}},
		&schema.Article{ID: "samoa", Title: "t", Body: "b", Entities: []schema.Entity{place("Apia", -13.83, -171.76)}},
	)
	st := openStore(t, arts)
	tests := []struct {
		near GeoNear
		want int
	}{
		{GeoNear{Lat: -6.2, Lon: 106.8, RadiusKm: 50}, 20},
		{GeoNear{Lat: -18.1, Lon: 179.9, RadiusKm: 200}, 1},  // Suva, box crosses 180
		{GeoNear{Lat: -15, Lon: -179.5, RadiusKm: 1200}, 2},  // Suva and Apia
		{GeoNear{Lat: 60, Lon: -20, RadiusKm: 1}, 1},         // Far0 only
		{GeoNear{Lat: 0, Lon: 0, RadiusKm: maxRadiusKm}, 22}, // everything
	}
	for _, tc := range tests {
		for range 3 {
			res, err := Search(context.Background(), st, Request{Near: &tc.near, Size: 100})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != uint64(tc.want) {
				t.Errorf("near %+v: total %d, want %d (%v)", tc.near, res.Total, tc.want, hitIDs(res.Hits))
				break
			}
		}
	}
}

// TestNearMatchesBruteForce compares near= with a haversine scan over
// random points: cells must cover every circle, in any place and size.
func TestNearMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var arts []*schema.Article
	points := map[string][][2]float64{}
	for i := 0; i < 300; i++ {
		id := fmt.Sprintf("g%03d", i)
		a := &schema.Article{ID: id, Title: "t", Body: "b"}
		for j := 0; j <= i%3; j++ {
			lat, lon := rng.Float64()*170-85, rng.Float64()*360-180
			if i%4 == 0 { // cluster some near the antimeridian and a pole
				lat, lon = -20+rng.Float64()*10, 175+rng.Float64()*10
				if lon > 180 {
					lon -= 360
				}
			}
			a.Entities = append(a.Entities, place(fmt.Sprintf("P%d-%d", i, j), lat, lon))
			points[id] = append(points[id], [2]float64{lat, lon})
		}
		arts = append(arts, a)
	}
	forEngine(t, arts, func(t *testing.T, st *store.Store) {
		matched := 0
		defer func() {
			if matched < 100 {
				t.Errorf("only %d matches in all queries: the test checks too little", matched)
			}
		}()
		for q := 0; q < 25; q++ {
			n := GeoNear{Lat: rng.Float64()*170 - 85, Lon: rng.Float64()*360 - 180, RadiusKm: []float64{10, 300, 1500, 5000}[q%4]}
			if q%5 == 0 {
				n.Lat, n.Lon = -15, 179.5
			}
			want := []string{}
			for _, a := range arts {
				for _, p := range points[a.ID] {
					if geo.Haversin(p[1], p[0], n.Lon, n.Lat) <= n.RadiusKm {
						want = append(want, a.ID)
						break
					}
				}
			}
			res, err := Search(context.Background(), st, Request{Near: &n, Size: MaxSize})
			if err != nil {
				t.Fatal(err)
			}
			got := hitIDs(res.Hits)
			slices.Sort(got)
			matched += len(want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("near %+v (-want +got):\n%s", n, diff)
			}
		}
	})
}

func TestWholeWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"…h Earnest <mark>said</mark> it was fi…", "…Earnest <mark>said</mark> it was…"},
		{"…<mark>ISIS</mark> spread…", "…<mark>ISIS</mark>…"},    // a highlighted first word is kept
		{"Earnest said it was fine", "Earnest said it was fine"}, // not cut
		{"…&amp; Co said fi…", "…&amp; Co said…"},                // entity never split
		{"…oneword…", "…oneword…"},                               // nothing left to trim to
		{"…ab <mark>war</mark> in the Middle Ea…", "…<mark>war</mark> in the Middle…"},
	}
	for _, tt := range tests {
		if got := wholeWords(tt.in); got != tt.want {
			t.Errorf("wholeWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestUnfieldedWordsSearchTitleAndBody: with no _all field, a bare word must
// still find a title-only occurrence, and -word must exclude one.
func TestUnfieldedWordsSearchTitleAndBody(t *testing.T) {
	st := openStore(t, []*schema.Article{
		{ID: "t", Title: "Zebra crossing", Body: "A story about roads."},
		{ID: "b", Title: "Roads", Body: "A zebra crossing story."},
		{ID: "n", Title: "Nothing", Body: "A story about nothing."},
	})
	checkQueryHits(t, st, []queryHits{
		{"zebra", []string{"b", "t"}},
		{`"zebra crossing"`, []string{"b", "t"}},
		{"zeb*", []string{"b", "t"}},
		{"zebre~1", []string{"b", "t"}},
		{"story -zebra", []string{"n"}},
		{"+roads +story", []string{"b", "t"}},
		{"title:zebra", []string{"t"}},
	})
}

// TestFoldedSearch: words are found whatever their case and diacritics,
// typed either way, also as prefix, wildcard and fuzzy terms, which bleve
// does not analyse; keyword fields keep their exact values.
func TestFoldedSearch(t *testing.T) {
	st := openStore(t, []*schema.Article{
		{ID: "accented", Title: "Visit", Body: "Recep Tayyip Erdoğan met Zoë Saldaña in São Paulo.",
			Entities: []schema.Entity{{Type: schema.TypePerson, Name: "Zoë Saldaña"}}},
		{ID: "plain", Title: "Visit", Body: "Erdogan met Zoe Saldana in Sao Paulo."},
		{ID: "other", Title: "Other", Body: "Erdmann met Zola in Sardinia."},
		{ID: "viet", Title: "Hanoi", Body: "Nguyễn Phú Trọng spoke."},
	})
	both := []string{"accented", "plain"}
	checkQueryHits(t, st, []queryHits{
		{"zoe", both},
		{"ZOË", both},
		{`"sao paulo"`, both},
		{"Erdo*", both},
		{"erdoğ*", both},
		{"ERD?GAN", both},
		{"Saldaña~1", both},
		{"title:VIS*", append([]string{}, both...)},
		{`person:"Zoë Saldaña"`, []string{"accented"}},
		{"person:Zoe*", nil}, // keyword values are matched as stored
		// Letters beyond Latin-1 and Extended-A fold as the analyzer folds them.
		{"Nguyễ*", []string{"viet"}},
		{"Trọng~1", []string{"viet"}},
	})
}

// queryHits is a query and the ids it must find, in any order.
type queryHits struct {
	q    string
	want []string
}

// checkQueryHits runs each q as an article search on st and compares the
// ids of its hits, sorted, with want.
func checkQueryHits(t *testing.T, st Index, tests []queryHits) {
	t.Helper()
	for _, tt := range tests {
		res, err := Search(context.Background(), st, Request{Query: tt.q})
		if err != nil {
			t.Fatalf("%s: %v", tt.q, err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("q=%s: hits %v, want %v", tt.q, got, tt.want)
		}
	}
}

// TestTermExpansionLimit: a wildcard, prefix, regexp or fuzzy term that
// expands to more words than bleve's clause limit is the client's error
// naming the parameter, not a server error (at the default limit "*e*"
// took 9 s and "/.*/" over 30 s on 25k articles).
func TestTermExpansionLimit(t *testing.T) {
	if searcher.DisjunctionMaxClauseCount != MaxTermExpansion {
		t.Fatalf("bleve's clause limit is %d, want MaxTermExpansion %d", searcher.DisjunctionMaxClauseCount, MaxTermExpansion)
	}
	st := openStore(t, corpus())
	defer func(n int) { searcher.DisjunctionMaxClauseCount = n }(searcher.DisjunctionMaxClauseCount)
	searcher.DisjunctionMaxClauseCount = 2 // "c*" finds climate, change, chance, central, …
	ctx := context.Background()
	tests := []struct {
		name  string
		run   func() error
		field string
	}{
		{"q", func() error { _, err := Search(ctx, st, Request{Query: "c*"}); return err }, "q"},
		{"q regexp", func() error { _, err := Search(ctx, st, Request{Query: "/c.*/"}); return err }, "q"},
		{"said", func() error { _, err := Search(ctx, st, Request{Said: "c*"}); return err }, "said"},
		{"q by date", func() error { _, err := Search(ctx, st, Request{Query: "c*", Sort: SortDate}); return err }, "q"},
		// No hit to load: the limit must hold where the hits are found.
		{"q by date, no hits", func() error {
			_, err := Search(ctx, st, Request{Query: "c*", Sort: SortDate, Sources: []string{"nosuch"}})
			return err
		}, "q"},
		{"quotes q by date", func() error {
			_, err := SearchQuotes(ctx, st, QuoteRequest{Query: "c*", Sort: SortDate})
			return err
		}, "q"},
		{"quotes q", func() error { _, err := SearchQuotes(ctx, st, QuoteRequest{Query: "c*"}); return err }, "q"},
		{"facet values said", func() error {
			_, err := FacetValues(ctx, st, FacetValuesRequest{Field: "person", Filters: Request{Said: "c*"}})
			return err
		}, "said"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			var re *RequestError
			if !errors.As(err, &re) || re.Field != tt.field || !strings.Contains(re.Message, "more than 2") {
				t.Errorf("err = %v, want a %s RequestError about more than 2 words", err, tt.field)
			}
		})
	}
	if _, err := Search(ctx, st, Request{Query: "jak*"}); err != nil {
		t.Errorf("a narrow prefix: %v", err)
	}
	// Counting without scores unions the words' postings (bleve's
	// optimisation): no limit there.
	if _, err := FacetValues(ctx, st, FacetValuesRequest{Field: "person", Filters: Request{Query: "c*"}}); err != nil {
		t.Errorf("facet values of a wide prefix: %v", err)
	}
}

// TestArticleHitSourcePublished: a hit shows its article's source and date
// from the stored field (written since 2026-11-27) or, in an index written
// before, from stored fields of their own.
func TestArticleHitSourcePublished(t *testing.T) {
	want := time.Date(2016, 1, 15, 8, 30, 0, 5, time.UTC)
	for name, fields := range map[string]map[string]any{
		"stored field": {schema.FieldTitle: "t", schema.FieldStored: `{"s":"wire","p":1452846600.000000005}`},
		"fields (old index)": {schema.FieldTitle: "t", schema.FieldStored: `{}`,
			schema.FieldSource: "wire", schema.FieldPublished: "2016-01-15T08:30:00.000000005Z"},
	} {
		hit, err := articleHit(&bsearch.DocumentMatch{ID: "a1", Fields: fields})
		if err != nil {
			t.Fatal(err)
		}
		if hit.Source != "wire" || hit.Published == nil || !hit.Published.Equal(want) {
			t.Errorf("%s: source %q, published %v", name, hit.Source, hit.Published)
		}
	}
	hit, err := articleHit(&bsearch.DocumentMatch{ID: "a1", Fields: map[string]any{schema.FieldStored: `{}`}})
	if err != nil || hit.Source != "" || hit.Published != nil {
		t.Errorf("no source or date: %+v, %v", hit, err)
	}
}
