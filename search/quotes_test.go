package search

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/google/go-cmp/cmp"
	"github.com/newsfind/newsfind/internal/store"
	"github.com/newsfind/newsfind/schema"
)

func quoteIDs(hits []QuoteHit) []string {
	out := []string{}
	for _, h := range hits {
		out = append(out, h.ID)
	}
	return out
}

// TestSearchQuotes: one hit per quote; without q, newest first then id.
func TestSearchQuotes(t *testing.T) {
	forEngine(t, corpus(), func(t *testing.T, st *store.Store) {
		allSpeakers := fv("Joko Widodo", 2, "Josh Earnest", 2, "Barack Obama", 1, "Laurent Fabius", 1)
		tests := []struct {
			name     string
			req      QuoteRequest
			want     []string
			speakers []FacetValue
		}{
			{"all", QuoteRequest{}, []string{"a4#q0", "a2#q0", "a2#q1", "a6#q0", "a1#q0", "a3#q0", "a3#q1"}, allSpeakers},
			{"q on quote text", QuoteRequest{Query: "climate"}, []string{"a1#q0"}, fv("Josh Earnest", 1)},
			{"q is not the article text", QuoteRequest{Query: "washington"}, []string{}, fv()},
			{"speaker, facet ignores it", QuoteRequest{Speakers: []string{"Joko Widodo"}}, []string{"a2#q0", "a6#q0"}, allSpeakers},
			{"speaker OR speaker", QuoteRequest{Speakers: []string{"Joko Widodo", "Laurent Fabius"}}, []string{"a2#q0", "a6#q0", "a3#q0"}, allSpeakers},
			{"article", QuoteRequest{ArticleID: "a3"}, []string{"a3#q0", "a3#q1"}, fv("Barack Obama", 1, "Laurent Fabius", 1)},
			{"article in q", QuoteRequest{Query: "article_id:a3", Sort: SortDate}, []string{"a3#q0", "a3#q1"}, fv("Barack Obama", 1, "Laurent Fabius", 1)},
			{"article in q, quoted, with words", QuoteRequest{Query: `article_id:"a2" AND kind:indirect`}, []string{"a2#q1"}, fv()},
			{"article and q", QuoteRequest{ArticleID: "a2", Query: "kind:direct"}, []string{"a2#q0"}, fv("Joko Widodo", 1)},
			{"no such article", QuoteRequest{ArticleID: "a"}, []string{}, fv()},
			{"article group", QuoteRequest{Query: "article_id:(a3)", Sort: SortDate}, []string{"a3#q0", "a3#q1"}, fv("Barack Obama", 1, "Laurent Fabius", 1)},
			{"article group OR", QuoteRequest{Query: "article_id:(a3 OR a2)", Sort: SortDate}, []string{"a2#q0", "a2#q1", "a3#q0", "a3#q1"}, fv("Barack Obama", 1, "Joko Widodo", 1, "Laurent Fabius", 1)},
			{"not article group", QuoteRequest{Query: "-article_id:(a3) kind:direct", Sort: SortDate}, []string{"a2#q0", "a6#q0", "a1#q0"}, fv("Joko Widodo", 2, "Josh Earnest", 1)},
			{"place", QuoteRequest{Places: []string{"Jakarta"}}, []string{"a2#q0", "a2#q1", "a6#q0"}, fv("Joko Widodo", 2)},
			{"source", QuoteRequest{Sources: []string{"reuters"}}, []string{"a6#q0", "a1#q0", "a3#q0", "a3#q1"}, fv("Barack Obama", 1, "Joko Widodo", 1, "Josh Earnest", 1, "Laurent Fabius", 1)},
			{"from", QuoteRequest{From: mustDate(t, "2016-01-14", false)}, []string{"a4#q0", "a2#q0", "a2#q1", "a6#q0"}, fv("Joko Widodo", 2, "Josh Earnest", 1)},
			{"to", QuoteRequest{To: mustDate(t, "2015-12-31", true)}, []string{"a3#q0", "a3#q1"}, fv("Barack Obama", 1, "Laurent Fabius", 1)},
			{"field group", QuoteRequest{Query: "kind:(indirect) AND speaker:\"Barack Obama\"", Sort: SortDate}, []string{"a3#q1"}, fv("Barack Obama", 1)},
			{"field query", QuoteRequest{Query: "kind:indirect", Sort: SortDate}, []string{"a4#q0", "a2#q1", "a3#q1"}, fv("Barack Obama", 1, "Josh Earnest", 1)},
			{"speaker AND q, facet keeps q", QuoteRequest{Query: "markets terror", Speakers: []string{"Nobody"}}, []string{}, fv("Joko Widodo", 2)},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				res, err := SearchQuotes(context.Background(), st, tc.req)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tc.want, quoteIDs(res.Hits)); diff != "" {
					t.Errorf("hits (-want +got):\n%s", diff)
				}
				if res.Total != uint64(len(tc.want)) {
					t.Errorf("total %d, want %d", res.Total, len(tc.want))
				}
				if diff := cmp.Diff(map[string][]FacetValue{"speaker": tc.speakers}, res.Facets); diff != "" {
					t.Errorf("facets (-want +got):\n%s", diff)
				}
			})
		}
	})
}

// TestSearchQuotesArticleIDClash: the quotes of article x are not those of
// article x#q1, whose quote ids start like x's; a long id works too.
func TestSearchQuotesArticleIDClash(t *testing.T) {
	var withQuotes *schema.Article
	for _, a := range corpus() {
		if len(a.Quotes) > 0 {
			withQuotes = a
			break
		}
	}
	long := strings.Repeat("é", 2000)
	var arts []*schema.Article
	for _, id := range []string{"x", "x#q1", long} {
		a := *withQuotes
		a.ID = id
		arts = append(arts, &a)
	}
	st := openStore(t, arts)
	for _, id := range []string{"x", "x#q1", long} {
		for _, req := range []QuoteRequest{{ArticleID: id}, {Query: "article_id:" + strconv.Quote(id)}, {Query: "article_id:(" + strconv.Quote(id) + ")"}} {
			res, err := SearchQuotes(context.Background(), st, req)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) != len(withQuotes.Quotes) {
				t.Errorf("%.40s: %d hits, want %d", req.Query, len(res.Hits), len(withQuotes.Quotes))
			}
			for _, h := range res.Hits {
				if h.ArticleID != id {
					t.Errorf("quotes of %.20q: a hit of %.20q", id, h.ArticleID)
				}
			}
		}
	}
}

func TestSearchQuotesHit(t *testing.T) {
	st := openStore(t, corpus())
	res, err := SearchQuotes(context.Background(), st, QuoteRequest{Query: "terror"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 {
		t.Fatalf("hits %v", quoteIDs(res.Hits))
	}
	pub := day("2016-01-14")
	want := QuoteHit{
		ID: "a2#q0", Text: "We will not be defeated by terror", Highlighted: "We will not be defeated by <mark>terror</mark>",
		Speaker: "Joko Widodo", Cue: "said", Kind: "direct", ArticleID: "a2", ArticleTitle: "Attack in Jakarta",
		Source: "ap", Published: &pub, Score: res.Hits[0].Score,
	}
	if diff := cmp.Diff(want, res.Hits[0]); diff != "" {
		t.Errorf("hit (-want +got):\n%s", diff)
	}

	// A long quote is highlighted whole, not cut to a 200-byte fragment.
	long := ""
	for range 40 {
		long += "words and more words "
	}
	arts := corpus()
	arts[0].Quotes[0].Text = long + "climate"
	st = openStore(t, arts)
	res, err = SearchQuotes(context.Background(), st, QuoteRequest{Query: "climate"})
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("%v %v", err, res)
	}
	if want := long + "<mark>climate</mark>"; res.Hits[0].Highlighted != want {
		t.Errorf("highlighted = %q", res.Hits[0].Highlighted)
	}
}

func TestSearchQuotesErrors(t *testing.T) {
	st := openStore(t, corpus())
	tests := []struct {
		req   QuoteRequest
		field string
	}{
		{QuoteRequest{Query: `quote_text:"unterminated`}, "q"},
		{QuoteRequest{Size: MaxSize + 1}, "size"},
		{QuoteRequest{Sort: "speaker"}, "sort"},
		{QuoteRequest{Speakers: []string{""}}, "speaker"},
		{QuoteRequest{FacetSize: -1}, "facet_size"},
		{QuoteRequest{From: mustDate(t, "2016-02-01", false), To: mustDate(t, "2016-01-01", true)}, "to"},
		{QuoteRequest{ArticleID: "a\xff"}, "article_id"},
		{QuoteRequest{Query: "article_id:a*"}, "q"},
		{QuoteRequest{Query: "article_id:/a.*/"}, "q"},
		{QuoteRequest{Query: "article_id:a3~1"}, "q"},
	}
	for _, tc := range tests {
		_, err := SearchQuotes(context.Background(), st, tc.req)
		var re *RequestError
		if !errors.As(err, &re) || re.Field != tc.field {
			t.Errorf("%+v: err = %v, want a %s RequestError", tc.req, err, tc.field)
		}
	}
}

func TestFacetValues(t *testing.T) {
	st := openStore(t, corpus())
	tests := []struct {
		name string
		req  FacetValuesRequest
		want []FacetValue
	}{
		{"prefix of first word", FacetValuesRequest{Field: "speaker", Prefix: "jo"}, fv("Joko Widodo", 2, "Josh Earnest", 2)},
		{"case-insensitive", FacetValuesRequest{Field: "speaker", Prefix: "JOS"}, fv("Josh Earnest", 2)},
		{"prefix of a later word", FacetValuesRequest{Field: "speaker", Prefix: "ear"}, fv("Josh Earnest", 2)},
		{"not inside a word", FacetValuesRequest{Field: "speaker", Prefix: "arn"}, fv()},
		{"several words", FacetValuesRequest{Field: "person", Prefix: "barack o"}, fv("Barack Obama", 2)},
		{"no prefix: top values", FacetValuesRequest{Field: "place", Size: 2}, fv("Jakarta", 2, "Paris", 1)},
		{"filters narrow the counts", FacetValuesRequest{Field: "person", Prefix: "o", Filters: Request{Sources: []string{"reuters"}}}, fv("Barack Obama", 2)},
		{"own field's filter is ignored", FacetValuesRequest{Field: "speaker", Prefix: "j", Filters: Request{Speakers: []string{"Laurent Fabius"}}}, fv("Joko Widodo", 2, "Josh Earnest", 2)},
		{"q filters", FacetValuesRequest{Field: "org", Filters: Request{Query: "economy"}}, fv("White House", 1)},
		{"org", FacetValuesRequest{Field: "org", Prefix: "nat"}, fv("Indonesian National Police", 1, "United Nations", 1)},
		{"source", FacetValuesRequest{Field: "source", Prefix: "b"}, fv("blog", 1)},
		{"regexp characters are literal", FacetValuesRequest{Field: "speaker", Prefix: "(.*"}, fv()},
		{"diacritics folded", FacetValuesRequest{Field: "speaker", Prefix: "Fabiüs"}, fv("Laurent Fabius", 1)},
		{"size", FacetValuesRequest{Field: "speaker", Prefix: "j", Size: 1}, fv("Joko Widodo", 2)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := FacetValues(context.Background(), st, tc.req)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("values (-want +got):\n%s", diff)
			}
		})
	}
	for _, req := range []FacetValuesRequest{{Field: "title"}, {Field: "speaker", Size: -1}, {Field: "speaker", Filters: Request{Query: "a:>"}}} {
		var re *RequestError
		if _, err := FacetValues(context.Background(), st, req); !errors.As(err, &re) {
			t.Errorf("%+v: err = %v, want RequestError", req, err)
		}
	}
}

func TestWordPrefix(t *testing.T) {
	tests := []struct {
		value, prefix string
		want          bool
	}{
		{"Josh Earnest", "jo", true},
		{"Josh Earnest", "earnest", true},
		{"Josh Earnest", "josh e", true},
		{"Josh Earnest", "sh", false},
		{"Jean-Marc Ayrault", "marc", true},
		{"O'Neill", "neill", true},
		{"Ángela Merkel", "á", true},
		{"ÁNGELA", "ánge", true},
		{"Ángela Merkel", "ange", true}, // a prefix typed without accents
		{"Angela Merkel", "ánge", true},
		{"Recep Tayyip Erdoğan", "erdogan", true},
		{"São Paulo", "sao p", true},
		{"Lech Wałęsa", "walesa", true},
		{"Øystein Ørsted", "orsted", true},
		{"Dominik Paßler", "pass", true},
		{"Zoë Ball", "zoe", true},
		{"Citroën", "citroe\u0308n", true}, // decomposed input: the mark is dropped
		{"Erdoğan", "erdoğ", true},
		{"Erdoğan", "erdoh", false},
		{"", "a", false},
		{"abc", "", true},
		{"Nguyễn Tấn Dũng", "nguy", true},
		{"São Paulo", "sao", true},
		{"Recep Tayyip Erdoğan", "erdo", true},
		{"Zoë Ball", "zoe", true},
		// Letters the facets' own table did not fold; the analyzer's does.
		{"Nguyễn Tấn Dũng", "nguyen", true},
		{"Nguyễn Tấn Dũng", "tan d", true},
		{"Nguyễn Tấn Dũng", "NGUYỄN", true},
		{"Phạm Minh Chính", "pham", true},
		{"Ilham Əliyev", "aliyev", true}, // Azerbaijani schwa, as asciifolding has it
		{"Ơn", "on", true},
	}
	for _, tc := range tests {
		if got := wordPrefix(tc.value, foldLower(tc.prefix)); got != tc.want {
			t.Errorf("wordPrefix(%q, %q) = %v", tc.value, tc.prefix, got)
		}
	}
}

// TestFacetFoldIsTextFold: facet-value matching folds every letter of the
// Latin blocks as the text analyzer does (schema.FoldWord), so a prefix
// finds in a facet what the same word finds in the text.
func TestFacetFoldIsTextFold(t *testing.T) {
	for _, block := range [][2]rune{{0x00C0, 0x024F}, {0x1E00, 0x1EFF}, {0x2C60, 0x2C7F}, {0xA720, 0xA7FF}} {
		for r := block[0]; r <= block[1]; r++ {
			if !unicode.IsLetter(r) {
				continue
			}
			if got, want := foldLower(string(r)), schema.FoldWord(string(r)); got != want {
				t.Errorf("%U %c: facet fold %q, text fold %q", r, r, got, want)
			}
		}
	}
}

// TestPrefixIndexMatchesScan checks the sorted word-start index against
// wordPrefix over every value, as the dictionary grows: new values are
// scanned, then indexed once there are enough of them.
func TestPrefixIndexMatchesScan(t *testing.T) {
	first := []string{"Josh Earnest", "Jean-Marc Ayrault", "O'Neill", "Ángela Merkel", "ÁNGELA", "",
		"John Johnson", "joHN", "Barack Obama", "Obama", "İstanbul", "Ayr", "a b c", "  Jo  ", "J.K. Rowling"}
	more := []string{"Joe Biden", "Johnson & Johnson", "Merkel-Stiftung", "Ángel", "b", "jo", "Earnest Josh"}
	prefixes := []string{"j", "jo", "john", "johnson &", "ear", "merkel", "á", "ánge", "ange", "a", "ayr", "marc", "neill",
		"o", "obama", "b", "a b", "c", "i̇s", "k.", "rowling", "zzz", "jo ", "-", "&"}
	var many []string // enough to make the index grow, not only be scanned
	for i := range prefixScanMax + 10 {
		many = append(many, fmt.Sprintf("Jo%d Smith-%d", i, i%7))
	}
	c := NewColumns([]string{"f"}, false)
	for round, vals := range [][]string{first, more, many, more} {
		c.dicts["f"].vals = append(c.dicts["f"].vals, vals...)
		all := c.dicts["f"].vals
		for _, p := range prefixes {
			p = foldLower(p)
			want := []uint32{}
			for o, v := range all {
				if wordPrefix(v, p) {
					want = append(want, uint32(o))
				}
			}
			if got := c.withPrefix("f", p); !slices.Equal(got, want) {
				t.Errorf("round %d prefix %q: index gives %v, scan %v", round, p, got, want)
			}
		}
		// Small additions are scanned; the big one is indexed.
		indexed := 0
		if p := c.prefixes["f"]; p != nil {
			indexed = p.n
		}
		if wantIndexed := map[int]int{0: 0, 1: 0, 2: len(all), 3: len(all) - len(more)}[round]; indexed != wantIndexed {
			t.Errorf("round %d: %d values indexed, want %d", round, indexed, wantIndexed)
		}
	}
}

func TestHighlightQuote(t *testing.T) {
	loc := func(start, end uint64) *bsearch.Location { return &bsearch.Location{Start: start, End: end} }
	tests := []struct {
		name, text string
		terms      bsearch.TermLocationMap
		want       string
	}{
		{"none matched", "We will win", nil, ""},
		{"one word", "We will win", bsearch.TermLocationMap{"win": {loc(8, 11)}}, "We will <mark>win</mark>"},
		{"terms in text order", "Oil & gas: oil <up>", bsearch.TermLocationMap{"oil": {loc(11, 14), loc(0, 3)}, "ga": {loc(6, 9)}},
			"<mark>Oil</mark> &amp; <mark>gas</mark>: <mark>oil</mark> &lt;up&gt;"},
		{"overlap keeps the first", "prime minister", bsearch.TermLocationMap{"prime": {loc(0, 5)}, "x": {loc(2, 8)}},
			"<mark>prime</mark> minister"},
		{"accented word", "Zoë spoke", bsearch.TermLocationMap{"zoe": {loc(0, 4)}}, "<mark>Zoë</mark> spoke"},
		{"offsets of another text", "short", bsearch.TermLocationMap{"x": {loc(3, 40)}, "y": {loc(1, 2)}}, "s<mark>h</mark>ort"},
		{"inside a rune", "Zoë", bsearch.TermLocationMap{"x": {loc(0, 3)}}, ""},
	}
	for _, tt := range tests {
		if got := highlightQuote(tt.text, tt.terms); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestQuoteHitFromArticle: quote documents store nothing, so everything a
// hit shows of its quote (text, speaker, the speaker's mention, cue, kind,
// offsets) comes from the article's stored extraction, for each quote of
// an article with several.
func TestQuoteHitFromArticle(t *testing.T) {
	body := `Joko Widodo said: "We will win the election." Later the minister added that prices would fall.`
	runes := []rune(body)
	at := func(s string) (int, int) {
		i := strings.Index(body, s)
		start := len([]rune(body[:i]))
		return start, start + len([]rune(s))
	}
	qs, qe := at("We will win the election.")
	ms, me := at("Joko Widodo")
	is, ie := at("prices would fall")
	a := &schema.Article{ID: "x1", Title: "Election", Body: body, Source: "wire", Published: day("2016-01-20"),
		Entities: []schema.Entity{person("Joko Widodo")},
		Quotes: []schema.Quote{
			{Text: string(runes[qs:qe]), Start: qs, End: qe, Kind: schema.KindDirect, Cue: "said", Speaker: "Joko Widodo",
				SpeakerMention: &schema.Mention{Text: "Joko Widodo", Start: ms, End: me}},
			{Text: string(runes[is:ie]), Start: is, End: ie, Kind: schema.KindIndirect, Cue: "added", Speaker: "Joko Widodo"},
		}}
	st := openStore(t, []*schema.Article{a})
	for i, tc := range []struct{ q, want string }{{"election", "x1#q0"}, {"prices", "x1#q1"}} {
		res, err := SearchQuotes(context.Background(), st, QuoteRequest{Query: tc.q})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 1 || res.Hits[0].ID != tc.want {
			t.Fatalf("%s: hits %v, want [%s]", tc.q, quoteIDs(res.Hits), tc.want)
		}
		h, q := res.Hits[0], a.Quotes[i]
		speakerText := ""
		if q.SpeakerMention != nil {
			speakerText = q.SpeakerMention.Text
		}
		got := []any{h.Text, h.Speaker, h.SpeakerText, h.Cue, h.Kind, h.Start, h.End, h.ArticleTitle}
		want := []any{q.Text, q.Speaker, speakerText, q.Cue, q.Kind, q.Start, q.End, a.Title}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: hit (-want +got):\n%s", tc.q, diff)
		}
	}
}

// TestMatchesWordPrefix: the exported form folds and trims the typed
// prefix as FacetValues does.
func TestMatchesWordPrefix(t *testing.T) {
	for _, tc := range []struct {
		value, prefix string
		want          bool
	}{
		{"Recep Tayyip Erdoğan", " erdo ", true},
		{"Recep Tayyip Erdoğan", "ERDOĞ", true},
		{"Recep Tayyip Erdoğan", "tay", true},
		{"Recep Tayyip Erdoğan", "ayy", false},
		{"Zoë Ball", "zoe", true},
	} {
		if got := MatchesWordPrefix(tc.value, tc.prefix); got != tc.want {
			t.Errorf("MatchesWordPrefix(%q, %q) = %v, want %v", tc.value, tc.prefix, got, tc.want)
		}
	}
}
