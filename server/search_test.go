package server

import (
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/newsfind/newsfind/schema"
	"github.com/newsfind/newsfind/search"
)

func searchEnv(t testing.TB) *env {
	e := newEnv(t, Config{})
	a1 := testArticle("a1", "Election in Berlin", "Voters in Berlin chose a new mayor.", "Ann Lee", "Bob Stone")
	a2 := testArticle("a2", "Floods in Jakarta", "Heavy rain flooded Jakarta.", "Ann Lee")
	a2.Source = "other"
	a3 := testArticle("a3", "Markets", "Shares rose in Berlin and Jakarta.")
	e.seed(a1, a2, a3)
	return e
}

func TestSearch(t *testing.T) {
	e := searchEnv(t)
	tests := []struct {
		query   string
		wantIDs []string // sorted
	}{
		{"", []string{"a1", "a2", "a3"}},
		{"q=Jakarta", []string{"a2", "a3"}},
		{"q=Berlin&speaker=Ann+Lee", []string{"a1"}},
		{"speaker=Ann+Lee&speaker=Bob+Stone", []string{"a1", "a2"}},
		{"source=other", []string{"a2"}},
		{"q=nothingmatches", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := e.do(req{method: "GET", path: "/api/search?" + tt.query})
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			var res search.Response
			r.decode(t, &res)
			var ids []string
			for _, h := range res.Hits {
				ids = append(ids, h.ID)
			}
			sort.Strings(ids)
			if diff := cmp.Diff(tt.wantIDs, ids); diff != "" || res.Total != uint64(len(tt.wantIDs)) {
				t.Errorf("hits (-want +got):\n%s total %d", diff, res.Total)
			}
		})
	}
}

func TestSearchFacetsInResponse(t *testing.T) {
	e := searchEnv(t)
	var res search.Response
	e.do(req{method: "GET", path: "/api/search"}).decode(t, &res)
	want := []search.FacetValue{{Value: "Ann Lee", Count: 2}, {Value: "Bob Stone", Count: 1}}
	if diff := cmp.Diff(want, res.Facets[schema.FieldSpeaker]); diff != "" {
		t.Errorf("speaker facet (-want +got):\n%s", diff)
	}
}

func TestQuotes(t *testing.T) {
	e := searchEnv(t)
	r := e.do(req{method: "GET", path: "/api/quotes?speaker=Bob+Stone"})
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	var res search.QuoteResponse
	r.decode(t, &res)
	if res.Total != 1 || len(res.Hits) != 1 || res.Hits[0].ArticleID != "a1" || res.Hits[0].Speaker != "Bob Stone" {
		t.Errorf("quotes by Bob Stone = %s", r.body)
	}
}

func TestFacetValues(t *testing.T) {
	e := searchEnv(t)
	r := e.do(req{method: "GET", path: "/api/facets/speaker?prefix=st"})
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	var res FacetValuesResponse
	r.decode(t, &res)
	want := FacetValuesResponse{Field: "speaker", Values: []search.FacetValue{{Value: "Bob Stone", Count: 1}}}
	if diff := cmp.Diff(want, res); diff != "" {
		t.Errorf("facet values (-want +got):\n%s", diff)
	}
	r = e.do(req{method: "GET", path: "/api/facets/speaker?prefix=zzz"})
	if r.status != 200 || !strings.Contains(string(r.body), `"values":[]`) {
		t.Errorf("no matches = %d %s; want an empty list, not null", r.status, r.body)
	}
}

func TestSearchBadRequests(t *testing.T) {
	e := searchEnv(t)
	tests := []struct {
		path string
		want string // the parameter at fault, which the message starts with
	}{
		{"/api/search?qq=x", "qq"},
		{"/api/search?size=100000", "size"},
		{"/api/search?size=ten", "size"},
		{"/api/search?q=" + url.QueryEscape(`title:"unclosed`), "q"},
		{"/api/search?q=" + strings.Repeat("a", search.MaxQueryLen+1), "q"},
		{"/api/search?cursor=not-a-cursor", "cursor"},
		{"/api/search?q=words+of+a+long+query&cursor=not-a-cursor", "cursor"},
		{"/api/quotes?q=words+of+a+long+query&cursor=not-a-cursor", "cursor"},
		{"/api/search?cursor=eyJrIjoicXVvdGUifQ", "cursor"},
		{"/api/search?from=yesterday", "from"},
		{"/api/search?sort=a&sort=b", "sort"},
		{"/api/quotes?person=x", "person"},
		{"/api/quotes?size=0", "size"},
		{"/api/facets/nope", "field"},
		{"/api/facets/speaker?bogus=1", "bogus"},
		{"/api/facets/speaker?prefix=" + strings.Repeat("a", search.MaxPrefixLen+1), "prefix"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			msg := e.do(req{method: "GET", path: tt.path}).checkError(t, 400)
			if !strings.HasPrefix(msg, tt.want+": ") {
				t.Errorf("message %q does not start with %q", msg, tt.want+": ")
			}
		})
	}
}
