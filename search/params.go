package search

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsfind/newsfind/schema"
)

// HTTP API parameters. An empty value counts as absent (HTML forms send
// empty inputs); filter parameters may repeat (values OR together), and so
// may facets (names add up); every other parameter may appear once.
var (
	articleParams = []string{"q", "speaker", "person", "place", "org", "source", "said", "from", "to", "near", "sort", "size", "cursor", "facet_size", "facets"}
	quoteParams   = []string{"q", "speaker", "place", "source", "article_id", "from", "to", "sort", "size", "cursor", "facet_size", "facets"}
	filterParams  = []string{"q", "speaker", "person", "place", "org", "source", "said", "from", "to", "near"}
	facetParams   = append([]string{"prefix", "size"}, filterParams...)
	repeatable    = []string{"speaker", "person", "place", "org", "source", "facets"}
)

// params reads url.Values for one endpoint, remembering the first error.
type params struct {
	v   url.Values
	err error
}

func newParams(v url.Values, allowed []string) *params {
	p := &params{v: v}
	var unknown []string
	for k := range v {
		if !slices.Contains(allowed, k) {
			unknown = append(unknown, paramName(k))
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		p.err = reqErr(strings.Join(unknown, ","), "unknown parameter (known: %s)", strings.Join(allowed, ", "))
		return p
	}
	for _, k := range allowed {
		if slices.Contains(repeatable, k) {
			continue
		}
		if n := len(p.values(k)); n > 1 {
			p.fail(reqErr(k, "given %d times, want at most once", n))
		}
	}
	return p
}

// paramName shows a parameter name in an error: as is when printable,
// quoted when empty or odd.
func paramName(k string) string {
	q := strconv.Quote(clip(k))
	if k == "" || q[1:len(q)-1] != k {
		return q
	}
	return k
}

func (p *params) fail(err *RequestError) {
	if p.err == nil {
		p.err = err
	}
}

// values are the non-empty values of k (surrounding spaces trimmed).
func (p *params) values(k string) []string {
	var out []string
	for _, s := range p.v[k] {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (p *params) str(k string) string {
	if vs := p.values(k); len(vs) > 0 {
		return vs[0]
	}
	return ""
}

func (p *params) list(k string) []string {
	vs := p.values(k)
	if len(vs) > MaxFilterValues {
		p.fail(reqErr(k, "at most %d values, got %d", MaxFilterValues, len(vs)))
	}
	return vs
}

func (p *params) intIn(k string, lo, hi int) int {
	s := p.str(k)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		p.fail(reqErr(k, "must be an integer, got %q", clip(s)))
		return 0
	}
	if n < lo || n > hi {
		p.fail(reqErr(k, "must be between %d and %d, got %d", lo, hi, n))
		return 0
	}
	return n
}

func (p *params) sort() string {
	s, err := checkSort(p.str("sort"))
	if err != nil {
		p.fail(err.(*RequestError))
	}
	return s
}

// date parses RFC 3339, YYYY-MM-DD, YYYY-MM or YYYY (UTC). For the end of
// a range (end true) a partial date means its last instant: to=2016-01-15
// includes the whole 15th.
func (p *params) date(k string, end bool) time.Time {
	s := p.str(k)
	if s == "" {
		return time.Time{}
	}
	t, err := ParseDate(s, end)
	if err != nil {
		p.fail(reqErr(k, "%v", err))
	}
	return t
}

// ParseDate reads a date parameter: RFC 3339, YYYY-MM-DD, YYYY-MM or YYYY
// (UTC). With end, a date without a time means the last instant of that
// day, month or year, so an inclusive range covers all of it. The CLI uses
// it for --from/--to.
func ParseDate(s string, end bool) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	for _, l := range []struct {
		layout string
		years  int
		months int
		days   int
	}{{"2006-01-02", 0, 0, 1}, {"2006-01", 0, 1, 0}, {"2006", 1, 0, 0}} {
		if t, err := time.Parse(l.layout, s); err == nil {
			if end {
				t = t.AddDate(l.years, l.months, l.days).Add(-time.Nanosecond)
			}
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("want RFC 3339 (2016-01-15T08:00:00Z) or YYYY-MM-DD, YYYY-MM, YYYY; got %q", clip(s))
}

// near parses lat,lon,radius with the radius in km ("10" or "10km").
func (p *params) near() *GeoNear {
	s := p.str("near")
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	if len(parts) != 3 {
		p.fail(reqErr("near", "want lat,lon,radius_km (e.g. 51.5,-0.12,25km), got %q", clip(s)))
		return nil
	}
	var f [3]float64
	for i, part := range parts {
		part = strings.TrimSpace(part)
		if i == 2 {
			part = strings.TrimSpace(strings.TrimSuffix(strings.ToLower(part), "km"))
		}
		x, err := strconv.ParseFloat(part, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			p.fail(reqErr("near", "%s must be a number, got %q", [3]string{"lat", "lon", "radius"}[i], clip(parts[i])))
			return nil
		}
		f[i] = x
	}
	n := &GeoNear{Lat: f[0], Lon: f[1], RadiusKm: f[2]}
	if err := n.check(); err != nil {
		p.fail(err.(*RequestError))
		return nil
	}
	return n
}

// clip shortens echoed user input in error messages.
func clip(s string) string {
	const max = 64
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

func (p *params) filters() Request {
	return Request{
		Query:    p.str("q"),
		Speakers: p.list("speaker"),
		Persons:  p.list("person"),
		Places:   p.list("place"),
		Orgs:     p.list("org"),
		Sources:  p.list("source"),
		Said:     p.str("said"),
		From:     p.date("from", false),
		To:       p.date("to", true),
		Near:     p.near(),
	}
}

// FromValues parses the parameters of GET /api/search. Every problem is a
// *RequestError naming the parameter.
func FromValues(v url.Values) (Request, error) {
	p := newParams(v, articleParams)
	if p.err != nil {
		return Request{}, p.err
	}
	r := p.filters()
	r.Sort = p.sort()
	r.Size = p.intIn("size", 1, MaxSize)
	r.FacetSize = p.intIn("facet_size", 1, MaxFacetSize)
	r.Facets = p.values("facets")
	r.Cursor = p.str("cursor")
	if p.err != nil {
		return Request{}, p.err
	}
	if err := checkSyntax(r.Query, r.Said); err != nil {
		return Request{}, err
	}
	return r.normalize()
}

// checkSyntax parses q and said so FromValues reports syntax errors
// before any search runs.
func checkSyntax(q, said string) error {
	if _, err := parseQueryString("q", q, "", false); err != nil {
		return err
	}
	if _, err := parseQueryString("said", said, schema.FieldQuoteText, true); err != nil {
		return err
	}
	return nil
}

// QuoteFromValues parses the parameters of GET /api/quotes.
func QuoteFromValues(v url.Values) (QuoteRequest, error) {
	p := newParams(v, quoteParams)
	if p.err != nil {
		return QuoteRequest{}, p.err
	}
	r := QuoteRequest{
		Query:     p.str("q"),
		Speakers:  p.list("speaker"),
		Places:    p.list("place"),
		Sources:   p.list("source"),
		ArticleID: p.str("article_id"),
		From:      p.date("from", false),
		To:        p.date("to", true),
		Sort:      p.sort(),
		Size:      p.intIn("size", 1, MaxSize),
		Cursor:    p.str("cursor"),
		FacetSize: p.intIn("facet_size", 1, MaxFacetSize),
		Facets:    p.values("facets"),
	}
	if p.err != nil {
		return QuoteRequest{}, p.err
	}
	if _, err := parseQueryString("q", r.Query, schema.FieldQuoteText, false); err != nil {
		return QuoteRequest{}, err
	}
	return r.normalize()
}

// FacetFromValues parses GET /api/facets/{field}: prefix, size and the
// article filters of /api/search.
func FacetFromValues(field string, v url.Values) (FacetValuesRequest, error) {
	p := newParams(v, facetParams)
	if p.err != nil {
		return FacetValuesRequest{}, p.err
	}
	r := FacetValuesRequest{
		Field:   field,
		Prefix:  p.str("prefix"),
		Size:    p.intIn("size", 1, MaxFacetSize),
		Filters: p.filters(),
	}
	if p.err != nil {
		return FacetValuesRequest{}, p.err
	}
	if !slices.Contains(schema.FacetFields, field) {
		return FacetValuesRequest{}, reqErr("field", "must be one of %s, got %q", strings.Join(schema.FacetFields, ", "), clip(field))
	}
	if len(r.Prefix) > MaxPrefixLen {
		return FacetValuesRequest{}, reqErr("prefix", "longer than %d bytes (%d)", MaxPrefixLen, len(r.Prefix))
	}
	f, err := r.Filters.normalize()
	if err != nil {
		return FacetValuesRequest{}, err
	}
	r.Filters = f
	if err := checkSyntax(f.Query, f.Said); err != nil {
		return FacetValuesRequest{}, err
	}
	return r, nil
}
