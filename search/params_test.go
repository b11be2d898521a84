package search

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestFromValues(t *testing.T) {
	utc := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			panic(err)
		}
		return t
	}
	tests := []struct {
		query string
		want  Request
	}{
		{"", Request{Sort: "relevance", Size: 10, FacetSize: 10}},
		{"q=obama+climate&sort=date&size=25&facet_size=5&cursor=abc",
			Request{Query: "obama climate", Sort: "date", Size: 25, FacetSize: 5, Cursor: "abc"}},
		{"speaker=Josh+Earnest&speaker=Joko+Widodo&person=A&place=B&org=C&source=ap&source=reuters&said=climate+change",
			Request{Speakers: []string{"Josh Earnest", "Joko Widodo"}, Persons: []string{"A"}, Places: []string{"B"}, Orgs: []string{"C"},
				Sources: []string{"ap", "reuters"}, Said: "climate change", Sort: "relevance", Size: 10, FacetSize: 10}},
		{"from=2016-01-14&to=2016-01-14", Request{From: utc("2016-01-14T00:00:00Z"), To: utc("2016-01-14T23:59:59.999999999Z"), Sort: "relevance", Size: 10, FacetSize: 10}},
		{"from=2016-01&to=2016", Request{From: utc("2016-01-01T00:00:00Z"), To: utc("2016-12-31T23:59:59.999999999Z"), Sort: "relevance", Size: 10, FacetSize: 10}},
		{"from=2016-01-14T08:00:00%2B07:00&to=2016-01-15T00:00:00Z", Request{From: utc("2016-01-14T01:00:00Z"), To: utc("2016-01-15T00:00:00Z"), Sort: "relevance", Size: 10, FacetSize: 10}},
		{"near=-6.2,106.8,10km", Request{Near: &GeoNear{Lat: -6.2, Lon: 106.8, RadiusKm: 10}, Sort: "relevance", Size: 10, FacetSize: 10}},
		{"near=51.5,+-0.12,+2.5+KM", Request{Near: &GeoNear{Lat: 51.5, Lon: -0.12, RadiusKm: 2.5}, Sort: "relevance", Size: 10, FacetSize: 10}},
		{"near=0,0,25", Request{Near: &GeoNear{RadiusKm: 25}, Sort: "relevance", Size: 10, FacetSize: 10}},
		// empty values are absent (HTML forms send empty inputs)
		{"q=&speaker=&size=&sort=&from=&near=", Request{Sort: "relevance", Size: 10, FacetSize: 10}},
		{"q=+x+", Request{Query: "x", Sort: "relevance", Size: 10, FacetSize: 10}},
	}
	for _, tc := range tests {
		v, err := url.ParseQuery(tc.query)
		if err != nil {
			t.Fatal(err)
		}
		got, err := FromValues(v)
		if err != nil {
			t.Errorf("%s: %v", tc.query, err)
			continue
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.query, diff)
		}
	}
}

func TestFromValuesErrors(t *testing.T) {
	long := strings.Repeat("a", MaxQueryLen+1)
	many := "speaker=" + strings.Repeat("x&speaker=", MaxFilterValues) + "x"
	tests := []struct {
		query string
		want  string
	}{
		{"size=5000", "size: must be between 1 and 1000, got 5000"},
		{"size=0", "size: must be between 1 and 1000, got 0"},
		{"size=ten", `size: must be an integer, got "ten"`},
		{"facet_size=1001", "facet_size: must be between 1 and 1000, got 1001"},
		{"sort=oldest", `sort: must be "relevance" or "date", got "oldest"`},
		{"bogus=1&q=x&also=2", "also,bogus: unknown parameter (known: q, speaker, person, place, org, source, said, from, to, near, sort, size, cursor, facet_size, facets)"},
		{"article_id=a1", "article_id: unknown parameter (known: q, speaker, person, place, org, source, said, from, to, near, sort, size, cursor, facet_size, facets)"},
		{"q=a&q=b", "q: given 2 times, want at most once"},
		{"size=1&size=2", "size: given 2 times, want at most once"},
		{"from=yesterday", `from: want RFC 3339 (2016-01-15T08:00:00Z) or YYYY-MM-DD, YYYY-MM, YYYY; got "yesterday"`},
		{"to=2016-13-01", `to: want RFC 3339 (2016-01-15T08:00:00Z) or YYYY-MM-DD, YYYY-MM, YYYY; got "2016-13-01"`},
		{"from=2016-02-01&to=2016-01-31", "to: 2016-01-31T23:59:59Z is before from 2016-02-01T00:00:00Z"},
		{"from=1000", "from: must be between 1678 and 2261, got 1000-01-01T00:00:00Z"},
		{"near=1,2", `near: want lat,lon,radius_km (e.g. 51.5,-0.12,25km), got "1,2"`},
		{"near=1,2,3mi", `near: radius must be a number, got "3mi"`},
		{"near=x,2,3", `near: lat must be a number, got "x"`},
		{"near=NaN,2,3", `near: lat must be a number, got "NaN"`},
		{"near=91,0,10", "near: latitude must be between -90 and 90, got 91"},
		{"near=0,-181,10", "near: longitude must be between -180 and 180, got -181"},
		{"near=0,0,0", "near: radius must be over 0 and at most 20038 km, got 0"},
		{"near=0,0,-5km", "near: radius must be over 0 and at most 20038 km, got -5"},
		{`q="unterminated`, "q: invalid query syntax: unterminated quote"},
		{"q=title:", "q: invalid query syntax"},
		{"q=word~3", `q: fuzziness of "word" must be between 0 and 2, got 3`},
		{"q=word%5E0", "q: boost ^0: must be more than 0 and at most 1e+06"},
		{"q=oil%5E1e308+bank", "q: boost ^1e+308: must be more than 0 and at most 1e+06"},
		{"q=oil%5E-2", "q: boost ^-2: must be more than 0 and at most 1e+06"},
		{"said=%22rates+rise%22%5E0", "said: boost ^0: must be more than 0 and at most 1e+06"},
		{"q=/[a/", "q: regular expression /[a/: error parsing regexp: missing closing ]: `[a`"},
		{"said=%2B", "said: invalid query syntax"},
		{"q=" + long, "q: longer than 4096 bytes (4097)"},
		{"said=" + long, "said: longer than 4096 bytes (4097)"},
		{many, "speaker: at most 100 values, got 101"},
		{"q=author:smith", `q: unknown field "author" in author:smith (fields: body, org, person, place, published, source, speaker, title, url; a colon inside a word needs quotes: "covid:19")`},
		{"q=oil+doc_type:quote", `q: unknown field "doc_type" in doc_type:quote (fields: body, org, person, place, published, source, speaker, title, url; a colon inside a word needs quotes: "covid:19")`},
		{"q=covid:19", `q: unknown field "covid" in covid:19 (fields: body, org, person, place, published, source, speaker, title, url; a colon inside a word needs quotes: "covid:19")`},
		{"q=headline:(a+b)", `q: unknown field "headline" in headline:(…) (fields: body, org, person, place, published, source, speaker, title, url; a colon inside a word needs quotes: "covid:19")`},
		{"said=title:x", `said: unknown field "title" in title:x (fields: article_id, cue, kind, place, published, quote_text, source, speaker; a colon inside a word needs quotes: "covid:19")`},
	}
	for _, tc := range tests {
		v, err := url.ParseQuery(tc.query)
		if err != nil {
			t.Fatal(err)
		}
		_, err = FromValues(v)
		var re *RequestError
		if !errors.As(err, &re) {
			t.Errorf("%.60s: err = %v, want RequestError", tc.query, err)
			continue
		}
		if err.Error() != tc.want {
			t.Errorf("%.60s:\n got %s\nwant %s", tc.query, err, tc.want)
		}
	}
}

func TestQuoteFromValues(t *testing.T) {
	v, _ := url.ParseQuery("q=terror&speaker=A&speaker=B&place=P&source=S&article_id=a1&from=2016&to=2016-06&sort=date&size=3&facet_size=4&cursor=c")
	got, err := QuoteFromValues(v)
	if err != nil {
		t.Fatal(err)
	}
	want := QuoteRequest{Query: "terror", Speakers: []string{"A", "B"}, Places: []string{"P"}, Sources: []string{"S"}, ArticleID: "a1",
		From: time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2016, 7, 1, 0, 0, 0, 0, time.UTC).Add(-time.Nanosecond),
		Sort: "date", Size: 3, FacetSize: 4, Cursor: "c"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for q, field := range map[string]string{"person=x": "person", "said=x": "said", "article_id=a&article_id=b": "article_id", "q=title:": "q", "size=-1": "size",
		"q=title:x": "q", "q=kind:(direct+OR+indirect)+body:x": "q"} {
		v, _ := url.ParseQuery(q)
		_, err := QuoteFromValues(v)
		var re *RequestError
		if !errors.As(err, &re) || re.Field != field {
			t.Errorf("%s: err = %v, want a %s RequestError", q, err, field)
		}
	}
}

func TestFacetFromValues(t *testing.T) {
	v, _ := url.ParseQuery("prefix=jo&size=5&q=climate&source=ap&from=2016")
	got, err := FacetFromValues("speaker", v)
	if err != nil {
		t.Fatal(err)
	}
	want := FacetValuesRequest{Field: "speaker", Prefix: "jo", Size: 5, Filters: Request{Query: "climate", Sources: []string{"ap"},
		From: time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC), Sort: "relevance", Size: 10, FacetSize: 10}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for _, tc := range []struct{ field, query, errField string }{
		{"title", "", "field"},
		{"speaker", "sort=date", "sort"},
		{"speaker", "prefix=" + strings.Repeat("x", MaxPrefixLen+1), "prefix"},
		{"speaker", "size=0", "size"},
		{"speaker", "q=title:", "q"},
	} {
		v, _ := url.ParseQuery(tc.query)
		_, err := FacetFromValues(tc.field, v)
		var re *RequestError
		if !errors.As(err, &re) || re.Field != tc.errField {
			t.Errorf("%s %s: err = %v, want a %s RequestError", tc.field, tc.query, err, tc.errField)
		}
	}
}

// FuzzFromValues: no input panics; every rejection is a RequestError;
// every accepted request is within the limits and runs on the test corpus
// without any error (a query bleve would reject while searching must be
// rejected up front, as the client's error).
func FuzzFromValues(f *testing.F) {
	st := openStore(f, corpus())
	for _, s := range []string{
		"q=obama+climate&sort=date&size=25",
		"speaker=Josh+Earnest&speaker=Joko+Widodo&said=%22climate+change%22",
		"from=2016-01-14&to=2016-01&near=-6.2,106.8,10km",
		`q=title:jakarta+-attack+%2Bbody:"central+jakarta"~1`,
		"q=/[a-z]+/+foo*+bar~2+published:>%222016-01-01%22",
		"cursor=eyJrIjoiYXJ0aWNsZSJ9&facet_size=3",
		"q=%28%28%28&size=-1",
		"q=%28markets+AND+traders%29+OR+title:%28climate+-%28obama%29%29%5E2&said=%28economy+OR+terror%29+NOT+growing",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		r, err := FromValues(v)
		if err != nil {
			var re *RequestError
			if !errors.As(err, &re) || re.Field == "" {
				t.Fatalf("%q: error %v is not a RequestError naming a parameter", raw, err)
			}
			return
		}
		if r.Size < 1 || r.Size > MaxSize || r.FacetSize < 1 || r.FacetSize > MaxFacetSize ||
			len(r.Query) > MaxQueryLen || (r.Sort != SortRelevance && r.Sort != SortDate) {
			t.Fatalf("%q: accepted out of limits: %+v", raw, r)
		}
		if _, err := r.normalize(); err != nil {
			t.Fatalf("%q: accepted request does not normalize: %v", raw, err)
		}
		r.Cursor = "" // cursors have FuzzCursor
		if _, err := Search(context.Background(), st, r); err != nil {
			var re *RequestError
			if !errors.As(err, &re) {
				t.Fatalf("%q: accepted request fails: %v", raw, err)
			}
		}
	})
}

func TestQueryNesting(t *testing.T) {
	deep := strings.Repeat("(", MaxQueryNesting+1) + "x" + strings.Repeat(")", MaxQueryNesting+1)
	_, err := parseQueryString("q", deep, "", false)
	var re *RequestError
	if !errors.As(err, &re) || re.Field != "q" || !strings.Contains(re.Message, "parentheses deep") {
		t.Fatalf("deep query: %v", err)
	}
	ok := strings.Repeat("(", MaxQueryNesting) + "x" + strings.Repeat(")", MaxQueryNesting)
	if _, err := parseQueryString("q", ok, "", false); err != nil {
		t.Fatalf("query at the limit: %v", err)
	}
	if _, err := parseQueryString("q", `"`+strings.Repeat("(", 100)+`"`, "", false); err != nil {
		t.Fatalf("parentheses inside a phrase are text: %v", err)
	}
}

// TestQueryParentheses: parentheses group (bleve's own syntax has none and
// read "(oil" as a word); unbalanced or empty ones are the client's error.
// What groups match is in TestSearchFilters.
func TestQueryParentheses(t *testing.T) {
	tests := []struct{ q, err string }{
		{`(oil)`, ""},
		{`((oil)) +(gas) -(coal)^2`, ""},
		{`title:(oil gas)`, ""},
		{`"(not a group"`, ""},
		{`oil \(gas`, ""},
		{`(oil OR gas`, "unclosed parenthesis"},
		{`oil OR gas)`, "closing parenthesis without an opening one"},
		{`oil ()`, "empty parentheses"},
		{`oil ( )`, "empty parentheses"},
		{`(oil ")")`, ""},
		{`(a:>)`, "invalid query syntax"},
		{`/(a|b)/ /x(y/`, "regular expression /x(y/"},
		{`/a$b/`, "regular expression /a$b/"},
		{`"/^a/" /^b$/ /c\$/`, ""},
	}
	for _, tt := range tests {
		_, err := parseQueryString("q", tt.q, "", false)
		if tt.err == "" {
			if err != nil {
				t.Errorf("%q: %v", tt.q, err)
			}
			continue
		}
		var re *RequestError
		if !errors.As(err, &re) || re.Field != "q" || !strings.Contains(re.Message, tt.err) {
			t.Errorf("%q: err = %v, want a q error containing %q", tt.q, err, tt.err)
		}
	}
}
