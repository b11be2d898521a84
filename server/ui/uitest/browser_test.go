package uitest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/newsfind/newsfind/schema"
	"github.com/newsfind/newsfind/search"
)

// facetRow is one value of a facet panel as the page shows it.
type facetRow struct {
	Value   string `json:"value"`
	Count   string `json:"count"`
	Checked bool   `json:"checked"`
}

func facetRowsJS(field string) string {
	return fmt.Sprintf(`Array.from(document.querySelectorAll('section.facet[data-field=%q] .facet-value')).map((l) => ({
		value: l.querySelector('input').value,
		count: l.querySelector('.count').textContent,
		checked: l.querySelector('input').checked}))`, field)
}

const hitIDsJS = `Array.from(document.querySelectorAll('#results > li')).map((li) => li.dataset.id)`

// sameFacet checks that the page shows exactly the API's facet values and
// counts, in order (selected values outside the top list come first, with
// no count).
func sameFacet(t *testing.T, what string, rows []facetRow, api []search.FacetValue, selected []string) {
	t.Helper()
	var got []string
	for _, r := range rows {
		if r.Count == "" {
			continue
		}
		got = append(got, r.Value+"="+strings.ReplaceAll(r.Count, ",", ""))
		if r.Checked != slices.Contains(selected, r.Value) {
			t.Errorf("%s: %q checked=%v, selected %q", what, r.Value, r.Checked, selected)
		}
	}
	var want []string
	for _, v := range api {
		want = append(want, v.Value+"="+strconv.Itoa(v.Count))
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s facet:\n page %q\n api  %q", what, got, want)
	}
}

func hitIDs(r *search.Response) []string {
	var ids []string
	for _, h := range r.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

// TestBrowserUI drives the page the way a person would: search as you
// type, tick facets, open an article, reload, go back, use the quotes tab
// and the date histogram. Every number on the page is checked against the
// JSON API of the same server.
func TestBrowserUI(t *testing.T) {
	ctx := newBrowser(t) // first: skips at once without a browser
	s := newStack(t)
	const size, facetSize = "20", "8"
	var all search.Response
	s.get("/api/search?"+qs("sort", "date", "size", size, "facet_size", facetSize), &all)
	if all.Total == 0 {
		t.Fatal("the fixture corpus indexed no articles")
	}

	t.Run("home lists everything newest first", func(t *testing.T) {
		var ids []string
		var total string
		must(t, ctx, "open /",
			chromedp.Navigate(s.url+"/"),
			waitRendered(""),
			eval(&ids, hitIDsJS),
			eval(&total, `document.getElementById('summary').dataset.total`))
		if total != strconv.FormatUint(all.Total, 10) {
			t.Errorf("summary total %s, api %d", total, all.Total)
		}
		if !slices.Equal(ids, hitIDs(&all)) {
			t.Errorf("hits %q, api %q", ids, hitIDs(&all))
		}
	})

	// Typing: "/" focuses the box, results follow the keystrokes, and the
	// whole typed query is one history entry.
	const query = "Earnest"
	var qRes search.Response
	s.get("/api/search?"+qs("q", query, "sort", "relevance", "size", size, "facet_size", facetSize), &qRes)
	if qRes.Total < 2 {
		t.Fatalf("fixture: q=%s matches %d articles, want at least 2", query, qRes.Total)
	}
	t.Run("type a query", func(t *testing.T) {
		var before, after int
		var focused string
		var ids []string
		var marks int
		var summary string
		must(t, ctx, "type",
			eval(&before, `history.length`),
			// A synthetic keydown: CDP key events also insert the character,
			// which a real browser suppresses after preventDefault.
			js(`document.body.dispatchEvent(new KeyboardEvent('keydown', {key: '/', bubbles: true, cancelable: true}))`),
			eval(&focused, `document.activeElement.id`),
			chromedp.SendKeys(chromedp.CSS("#q"), query),
			waitRendered("?"+qs("q", query)),
			eval(&after, `history.length`),
			eval(&ids, hitIDsJS),
			eval(&marks, `document.querySelectorAll('#results mark').length`),
			eval(&summary, `document.getElementById('summary').innerText`))
		if focused != "q" {
			t.Errorf(`"/" focused %q, want the search box`, focused)
		}
		if after != before+1 {
			t.Errorf("typing %q added %d history entries, want 1", query, after-before)
		}
		if !slices.Equal(ids, hitIDs(&qRes)) {
			t.Errorf("hits %q, api %q", ids, hitIDs(&qRes))
		}
		if marks == 0 {
			t.Error("no highlighted words in the results")
		}
		if want := fmt.Sprintf(`^%d articles in \d+ ms$`, qRes.Total); !regexp.MustCompile(want).MatchString(summary) {
			t.Errorf("summary %q, want it to match %s", summary, want)
		}
	})

	// Facets: tick the top speaker; hits and other facets narrow, the
	// speaker facet itself keeps its (disjunctive) counts.
	if len(qRes.Facets["speaker"]) == 0 {
		t.Fatalf("fixture: q=%s has no speakers", query)
	}
	speaker := qRes.Facets["speaker"][0].Value
	var spRes search.Response
	s.get("/api/search?"+qs("q", query, "speaker", speaker, "sort", "relevance", "size", size, "facet_size", facetSize), &spRes)
	t.Run("tick a speaker", func(t *testing.T) {
		var before, after, persons []facetRow
		must(t, ctx, "read speaker facet", eval(&before, facetRowsJS("speaker")))
		sameFacet(t, "speaker before", before, qRes.Facets["speaker"], nil)
		var ids []string
		var chips [][]string
		var total string
		box := fmt.Sprintf(`section.facet[data-field="speaker"] input[type=checkbox][value=%s]`, jsString(speaker))
		must(t, ctx, "tick "+speaker,
			chromedp.Click(chromedp.CSS(box)),
			waitRendered("?"+qs("q", query, "speaker", speaker)),
			eval(&after, facetRowsJS("speaker")),
			eval(&persons, facetRowsJS("person")),
			eval(&ids, hitIDsJS),
			eval(&total, `document.getElementById('summary').dataset.total`),
			eval(&chips, `Array.from(document.querySelectorAll('#results > li')).map((li) =>
				Array.from(li.querySelectorAll('.chip[data-field=speaker]')).map((c) => c.dataset.value))`))
		if total != strconv.Itoa(qRes.Facets["speaker"][0].Count) || total != strconv.FormatUint(spRes.Total, 10) {
			t.Errorf("after ticking %s: total %s, facet count %d, api %d", speaker, total, qRes.Facets["speaker"][0].Count, spRes.Total)
		}
		if !slices.Equal(ids, hitIDs(&spRes)) {
			t.Errorf("hits %q, api %q", ids, hitIDs(&spRes))
		}
		for i, c := range chips {
			if len(c) > 0 && !slices.Contains(c, speaker) && len(c) < 5 {
				t.Errorf("hit %d speakers %q do not include %s", i, c, speaker)
			}
		}
		sameFacet(t, "speaker after", after, spRes.Facets["speaker"], []string{speaker})
		sameFacet(t, "speaker after (disjunctive)", after, qRes.Facets["speaker"], []string{speaker})
		sameFacet(t, "person after", persons, spRes.Facets["person"], nil)
		must(t, ctx, "scroll the filters up", js(`document.getElementById('sidebar').scrollTop = 0`))
		screenshot(t, ctx, "search-facets.png")
	})

	// A second speaker ORs; a place ANDs.
	t.Run("OR within a facet, AND across", func(t *testing.T) {
		if len(qRes.Facets["speaker"]) < 2 {
			t.Skip("fixture has one speaker for the query")
		}
		second := qRes.Facets["speaker"][1].Value
		var or search.Response
		s.get("/api/search?"+qs("q", query, "speaker", speaker, "speaker", second, "sort", "relevance", "size", size, "facet_size", facetSize), &or)
		var total string
		must(t, ctx, "tick "+second,
			chromedp.Click(chromedp.CSS(fmt.Sprintf(`section.facet[data-field="speaker"] input[value=%s]`, jsString(second)))),
			waitRendered("?"+qs("q", query, "speaker", speaker, "speaker", second)),
			eval(&total, `document.getElementById('summary').dataset.total`))
		if total != strconv.FormatUint(or.Total, 10) || or.Total < spRes.Total {
			t.Errorf("%s OR %s: page %s, api %d (one speaker: %d)", speaker, second, total, or.Total, spRes.Total)
		}
		if len(or.Facets["place"]) == 0 {
			t.Fatal("fixture: no places")
		}
		place := or.Facets["place"][len(or.Facets["place"])-1]
		var and search.Response
		s.get("/api/search?"+qs("q", query, "speaker", speaker, "speaker", second, "place", place.Value, "sort", "relevance", "size", size, "facet_size", facetSize), &and)
		var places []facetRow
		must(t, ctx, "tick place "+place.Value,
			chromedp.Click(chromedp.CSS(fmt.Sprintf(`section.facet[data-field="place"] input[value=%s]`, jsString(place.Value)))),
			waitRendered("?"+qs("q", query, "speaker", speaker, "speaker", second, "place", place.Value)),
			eval(&total, `document.getElementById('summary').dataset.total`),
			eval(&places, facetRowsJS("place")))
		if total != strconv.Itoa(place.Count) || total != strconv.FormatUint(and.Total, 10) {
			t.Errorf("AND place %s: page %s, facet said %d, api %d", place.Value, total, place.Count, and.Total)
		}
		sameFacet(t, "place", places, and.Facets["place"], []string{place.Value})
		// Back to one speaker for the next steps.
		must(t, ctx, "back twice",
			js(`history.go(-2)`),
			waitRendered("?"+qs("q", query, "speaker", speaker)))
	})

	// The facet's search box asks /api/facets for matching values.
	t.Run("search inside a facet", func(t *testing.T) {
		prefix := strings.ToLower(string([]rune(speaker)[:2]))
		var raw json.RawMessage
		s.get("/api/facets/speaker?"+qs("q", query, "prefix", prefix, "size", "50"), &raw)
		api := decodeFacetValues(t, raw)
		var rows []facetRow
		must(t, ctx, "type in the speaker facet",
			chromedp.SendKeys(chromedp.CSS(`section.facet[data-field="speaker"] input.facet-search`), prefix),
			poll(`document.querySelector('section.facet[data-field="speaker"] .facet-note').hidden === false &&
				!document.querySelector('section.facet[data-field="speaker"]').classList.contains('busy')`),
			eval(&rows, facetRowsJS("speaker")))
		sameFacet(t, "speaker prefix "+prefix, rows, api, []string{speaker})
		must(t, ctx, "clear the facet search",
			chromedp.SendKeys(chromedp.CSS(`section.facet[data-field="speaker"] input.facet-search`), kb.Escape),
			poll(`document.querySelector('section.facet[data-field="speaker"] .facet-note').hidden`))
	})

	// Article page: marks at the right code points, quotes by speaker;
	// reload keeps it, back returns to the search with its filters.
	var first string
	if len(spRes.Hits) > 0 {
		first = spRes.Hits[0].ID
	}
	t.Run("open an article", func(t *testing.T) {
		if first == "" {
			t.Fatal("no hit to open")
		}
		var art schema.Article
		s.get("/api/articles/"+first, &art)
		must(t, ctx, "click the first hit",
			chromedp.Click(chromedp.CSS(fmt.Sprintf(`#results > li[data-id=%s] a.hit-title`, jsString(first)))),
			waitRendered("?"+qs("article", first)))
		checkArticle(t, ctx, &art, "after click")
		screenshot(t, ctx, "article.png")
		must(t, ctx, "reload", chromedp.Reload(), waitRendered("?"+qs("article", first)))
		checkArticle(t, ctx, &art, "after reload")
	})

	t.Run("back restores the search", func(t *testing.T) {
		var q string
		var checked []string
		must(t, ctx, "history.back",
			js(`history.back()`),
			waitRendered("?"+qs("q", query, "speaker", speaker)),
			eval(&q, `document.getElementById('q').value`),
			eval(&checked, `Array.from(document.querySelectorAll('section.facet input:checked')).map((i) => i.value)`))
		if q != query || !slices.Equal(checked, []string{speaker}) {
			t.Errorf("after back: q %q checked %q, want %q and [%s]", q, checked, query, speaker)
		}
	})

	t.Run("reload a shared search URL", func(t *testing.T) {
		var ids []string
		must(t, ctx, "reload",
			chromedp.Reload(),
			waitRendered("?"+qs("q", query, "speaker", speaker)),
			eval(&ids, hitIDsJS))
		if !slices.Equal(ids, hitIDs(&spRes)) {
			t.Errorf("after reload: hits %q, api %q", ids, hitIDs(&spRes))
		}
	})

	t.Run("every article page", func(t *testing.T) {
		defer must(t, ctx, "return to the search", chromedp.Navigate(s.url+"/?"+qs("q", query, "speaker", speaker)), waitRendered("?"+qs("q", query, "speaker", speaker)))
		for _, h := range all.Hits {
			var art schema.Article
			s.get("/api/articles/"+url.PathEscape(h.ID), &art)
			must(t, ctx, "open "+h.ID, chromedp.Navigate(s.url+"/?"+qs("article", h.ID)), waitRendered("?"+qs("article", h.ID)))
			checkArticle(t, ctx, &art, h.ID)
		}
	})

	t.Run("quotes tab", func(t *testing.T) {
		var qr search.QuoteResponse
		s.get("/api/quotes?"+qs("size", size, "facet_size", facetSize), &qr)
		if qr.Total == 0 {
			t.Fatal("fixture has no quotes")
		}
		var cards []struct {
			Speaker string `json:"speaker"`
			Article string `json:"article"`
		}
		cardsJS := `Array.from(document.querySelectorAll('#results > li.quote-card')).map((c) => ({
			speaker: c.querySelector('.speaker').textContent, article: c.querySelector('a.quote-article').getAttribute('href')}))`
		must(t, ctx, "open the quotes tab",
			chromedp.Navigate(s.url+"/?tab=quotes"),
			waitRendered("?tab=quotes"),
			eval(&cards, cardsJS))
		if len(cards) != len(qr.Hits) {
			t.Fatalf("%d quote cards, api %d hits", len(cards), len(qr.Hits))
		}
		for i, c := range cards {
			h := qr.Hits[i]
			if h.Speaker != "" && c.Speaker != h.Speaker {
				t.Errorf("card %d speaker %q, api %q", i, c.Speaker, h.Speaker)
			}
			if want := fmt.Sprintf("/?article=%s#quote-%d", h.ArticleID, h.Start); c.Article != want {
				t.Errorf("card %d links %q, want %q", i, c.Article, want)
			}
		}
		// A card's article link opens the article at that quote.
		var hash string
		var flashed bool
		must(t, ctx, "open the first quote in its article",
			chromedp.Click(chromedp.CSS(`#results > li.quote-card a.quote-article`)),
			waitRendered("?"+qs("article", qr.Hits[0].ArticleID)),
			eval(&hash, `location.hash`),
			poll(`document.getElementById(location.hash.slice(1)) !== null`),
			eval(&flashed, `document.getElementById(location.hash.slice(1)).classList.contains('flash')`),
			js(`history.back()`),
			waitRendered("?tab=quotes"))
		if want := fmt.Sprintf("#quote-%d", qr.Hits[0].Start); hash != want || !flashed {
			t.Errorf("quote link opened %s (flash %v), want %s", hash, flashed, want)
		}
		top := qr.Facets["speaker"][0]
		must(t, ctx, "filter quotes by "+top.Value,
			chromedp.Click(chromedp.CSS(fmt.Sprintf(`section.facet[data-field="speaker"] input[value=%s]`, jsString(top.Value)))),
			waitRendered("?"+qs("tab", "quotes", "speaker", top.Value)),
			eval(&cards, cardsJS))
		if len(cards) != min(top.Count, 20) {
			t.Errorf("quotes by %s: %d cards, facet count %d", top.Value, len(cards), top.Count)
		}
		for _, c := range cards {
			if c.Speaker != top.Value {
				t.Errorf("filtered by %s, card by %q", top.Value, c.Speaker)
			}
		}
		// Query words are highlighted inside the quotes.
		const word = "president"
		var wq search.QuoteResponse
		s.get("/api/quotes?"+qs("q", word, "sort", "relevance", "size", size, "facet_size", facetSize), &wq)
		if wq.Total == 0 {
			t.Fatalf("fixture: no quote says %q", word)
		}
		var marked []string
		must(t, ctx, "search quotes for "+word,
			chromedp.Navigate(s.url+"/?"+qs("tab", "quotes", "q", word)),
			waitRendered("?"+qs("tab", "quotes", "q", word)),
			eval(&marked, `Array.from(document.querySelectorAll('#results > li.quote-card .quote-text mark')).map((m) => m.textContent.toLowerCase())`))
		if len(marked) < len(wq.Hits) {
			t.Errorf("%d highlighted words in %d quotes for %q", len(marked), len(wq.Hits), word)
		}
		for _, m := range marked {
			if m != word {
				t.Errorf("highlighted %q, searched %q", m, word)
			}
		}
		screenshot(t, ctx, "quotes.png")

		// The speaker search box of the quotes tab counts quotes.
		var all100 search.QuoteResponse
		s.get("/api/quotes?"+qs("q", word, "facet_size", "100"), &all100)
		prefix := strings.ToLower(string([]rune(all100.Facets["speaker"][0].Value)[:2]))
		var rows []facetRow
		must(t, ctx, "search quote speakers",
			chromedp.SendKeys(chromedp.CSS(`section.facet[data-field="speaker"] input.facet-search`), prefix),
			poll(`document.querySelector('section.facet[data-field="speaker"] .facet-note').hidden === false &&
				!document.querySelector('section.facet[data-field="speaker"]').classList.contains('busy')`),
			eval(&rows, facetRowsJS("speaker")))
		var want []search.FacetValue
		for _, v := range all100.Facets["speaker"] {
			if search.MatchesWordPrefix(v.Value, prefix) {
				want = append(want, v)
			}
		}
		sameFacet(t, "quote speakers "+prefix, rows, want, nil)
	})

	t.Run("histogram bar filters by date", func(t *testing.T) {
		if len(all.Histogram) == 0 {
			t.Fatal("api returned no histogram")
		}
		bar := slices.IndexFunc(all.Histogram, func(b search.DateBucket) bool { return b.Count > 0 })
		var search, total string
		must(t, ctx, "click a bar",
			chromedp.Navigate(s.url+"/"),
			waitRendered(""),
			chromedp.Click(chromedp.CSS(fmt.Sprintf(`#histogram .bar[data-i="%d"]`, bar))),
			poll(`location.search.includes('from=') && document.body.dataset.rendered === location.search`),
			eval(&search, `location.search`),
			eval(&total, `document.getElementById('summary').dataset.total`))
		if total != strconv.Itoa(all.Histogram[bar].Count) {
			t.Errorf("bar %d (%s): %s articles on the page, the bar counted %d", bar, search, total, all.Histogram[bar].Count)
		}
	})

	t.Run("drag across histogram bars", func(t *testing.T) {
		if len(all.Histogram) < 3 {
			t.Skipf("histogram has %d bars", len(all.Histogram))
		}
		lo, hi := 0, len(all.Histogram)-2
		want := 0
		for _, b := range all.Histogram[lo : hi+1] {
			want += b.Count
		}
		var boxes [][]float64
		must(t, ctx, "bar positions",
			chromedp.Navigate(s.url+"/"),
			waitRendered(""),
			eval(&boxes, `Array.from(document.querySelectorAll('#histogram .bar')).map((b) => {
				const r = b.getBoundingClientRect(); return [r.left + r.width / 2, r.bottom - 3]; })`))
		if len(boxes) != len(all.Histogram) {
			t.Fatalf("%d bars on the page, api %d", len(boxes), len(all.Histogram))
		}
		var search, total string
		var ranged int
		must(t, ctx, "drag",
			chromedp.MouseEvent(chromedp.MousePressed, boxes[lo][0], boxes[lo][1], chromedp.ButtonLeft, chromedp.ClickCount(1)),
			chromedp.MouseEvent(chromedp.MouseMoved, (boxes[lo][0]+boxes[hi][0])/2, boxes[lo][1], chromedp.ButtonLeft),
			chromedp.MouseEvent(chromedp.MouseMoved, boxes[hi][0], boxes[hi][1], chromedp.ButtonLeft),
			chromedp.MouseEvent(chromedp.MouseReleased, boxes[hi][0], boxes[hi][1], chromedp.ButtonLeft, chromedp.ClickCount(1)),
			poll(`location.search.includes('from=') && document.body.dataset.rendered === location.search`),
			eval(&search, `location.search`),
			eval(&total, `document.getElementById('summary').dataset.total`),
			eval(&ranged, `document.querySelectorAll('#active-filters .filter-chip').length`))
		if total != strconv.Itoa(want) {
			t.Errorf("dragged bars %d..%d (%s): %s articles on the page, the bars counted %d", lo, hi, search, total, want)
		}
		if ranged != 1 {
			t.Errorf("%d active filter chips after a date drag, want 1", ranged)
		}
	})

	t.Run("said in a quote", func(t *testing.T) {
		const word = "president"
		var anywhere, said search.Response
		s.get("/api/search?"+qs("q", word, "sort", "relevance", "size", size), &anywhere)
		s.get("/api/search?"+qs("q", word, "said", word, "sort", "relevance", "size", size), &said)
		if said.Total == 0 || said.Total >= anywhere.Total {
			t.Fatalf("fixture: %q is in %d articles and said in %d; want it said in fewer, but some", word, anywhere.Total, said.Total)
		}
		var total string
		var ids []string
		var chip string
		must(t, ctx, "tick said",
			chromedp.Navigate(s.url+"/?"+qs("q", word)),
			waitRendered("?"+qs("q", word)),
			chromedp.Click(chromedp.CSS(`#said`)),
			waitRendered("?"+qs("q", word, "said", word)),
			eval(&total, `document.getElementById('summary').dataset.total`),
			eval(&ids, hitIDsJS),
			eval(&chip, `document.querySelector('#active-filters .filter-chip').textContent`))
		if total != strconv.FormatUint(said.Total, 10) || !slices.Equal(ids, hitIDs(&said)) {
			t.Errorf("said=%s: page %s %q, api %d %q", word, total, ids, said.Total, hitIDs(&said))
		}
		if !strings.Contains(chip, "Said") || !strings.Contains(chip, word) {
			t.Errorf("said filter chip %q", chip)
		}
	})

	t.Run("show more facet values", func(t *testing.T) {
		var field string
		must(t, ctx, "find a long facet",
			chromedp.Navigate(s.url+"/"),
			waitRendered(""),
			eval(&field, `(Array.from(document.querySelectorAll('section.facet')).find((f) => !f.querySelector('.facet-more').hidden) || {dataset: {field: ''}}).dataset.field`))
		if field == "" {
			t.Skip("no facet has more values than shown")
		}
		var raw json.RawMessage
		s.get("/api/facets/"+field+"?size=100", &raw)
		api := decodeFacetValues(t, raw)
		var rows []facetRow
		sel := fmt.Sprintf(`section.facet[data-field=%q]`, field)
		must(t, ctx, "show more "+field,
			chromedp.Click(chromedp.CSS(sel+` .facet-more`)),
			poll(fmt.Sprintf(`document.querySelectorAll('%s .facet-value').length > %d && !document.querySelector('%s').classList.contains('busy')`, sel, 8, sel)),
			eval(&rows, facetRowsJS(field)))
		sameFacet(t, field+" (all)", rows, api, nil)
	})

	t.Run("more button pages with the cursor", func(t *testing.T) {
		var n1, n2 int
		var more bool
		must(t, ctx, "page",
			chromedp.Navigate(s.url+"/?size=3"),
			waitRendered("?size=3"),
			eval(&n1, `document.querySelectorAll('#results > li').length`),
			chromedp.Click(chromedp.CSS(`#more`)),
			poll(`document.querySelectorAll('#results > li').length > 3`),
			eval(&n2, `document.querySelectorAll('#results > li').length`),
			eval(&more, `!document.getElementById('more').hidden`))
		if n1 != 3 || n2 != min(6, int(all.Total)) {
			t.Errorf("pages: %d then %d results, want 3 then %d", n1, n2, min(6, int(all.Total)))
		}
		var ids []string
		must(t, ctx, "ids", eval(&ids, hitIDsJS))
		if want := hitIDs(&all)[:n2]; !slices.Equal(ids, want) {
			t.Errorf("paged hits %q, want %q", ids, want)
		}
	})

	t.Run("empty and error states", func(t *testing.T) {
		var text string
		must(t, ctx, "empty",
			chromedp.Navigate(s.url+"/?q=zzxqwv"),
			waitRendered("?q=zzxqwv"),
			eval(&text, `document.querySelector('#status .state-empty h2').textContent`))
		if !strings.Contains(text, "No articles match") {
			t.Errorf("empty state %q", text)
		}
		must(t, ctx, "missing article",
			chromedp.Navigate(s.url+"/?article=no-such-article"),
			waitRendered("?article=no-such-article"),
			eval(&text, `document.querySelector('#article-status .state-error h2').textContent`))
		if text != "Article not found" {
			t.Errorf("missing article state %q", text)
		}
		must(t, ctx, "bad query",
			chromedp.Navigate(s.url+"/?q=title%3A%22unclosed"),
			waitRendered("?q=title%3A%22unclosed"),
			eval(&text, `(document.querySelector('#status .state-error') || {}).textContent || ''`))
		if text == "" {
			t.Errorf("a query with an unclosed phrase shows no error")
		}
	})

	t.Run("phone width", func(t *testing.T) {
		var overflow bool
		must(t, ctx, "phone",
			chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
			chromedp.Navigate(s.url+"/?"+qs("q", query, "speaker", speaker)),
			waitRendered("?"+qs("q", query, "speaker", speaker)),
			eval(&overflow, `document.documentElement.scrollWidth > window.innerWidth + 1`))
		if overflow {
			t.Error("the page scrolls sideways at 390px")
		}
		screenshot(t, ctx, "phone-search.png")
		must(t, ctx, "phone article",
			chromedp.Navigate(s.url+"/?"+qs("article", first)),
			waitRendered("?"+qs("article", first)),
			eval(&overflow, `document.documentElement.scrollWidth > window.innerWidth + 1`))
		if overflow {
			t.Error("the article page scrolls sideways at 390px")
		}
		screenshot(t, ctx, "phone-article.png")
	})

	// Markup in titles, bodies and quotes is text: it never becomes
	// elements, whether it comes back highlighted or not.
	t.Run("markup in articles stays text", func(t *testing.T) {
		const id = "forum-markup-ban"
		var found search.Response
		s.get("/api/search?"+qs("q", "onerror", "size", size), &found)
		if !slices.Contains(hitIDs(&found), id) {
			t.Fatalf("fixture: q=onerror does not find %s: %q", id, hitIDs(&found))
		}
		var injected []string
		var title string
		elementsJS := `Array.from(document.querySelectorAll('#results img, #results script, #results b, #article img, #article script, #article b, [onerror], [onmouseover]')).map((e) => e.outerHTML)
			.concat(window.__xss ? ['window.__xss = ' + window.__xss] : [])`
		must(t, ctx, "search for the markup",
			chromedp.EmulateViewport(1280, 900),
			chromedp.Navigate(s.url+"/?"+qs("q", "onerror")),
			waitRendered("?"+qs("q", "onerror")),
			eval(&injected, elementsJS),
			eval(&title, fmt.Sprintf(`document.querySelector('#results > li[data-id=%s] a.hit-title').textContent`, jsString(id))))
		if len(injected) > 0 {
			t.Errorf("search results: markup became elements: %q", injected)
		}
		var art schema.Article
		s.get("/api/articles/"+id, &art)
		if title != art.Title {
			t.Errorf("hit title %q, want the literal %q", title, art.Title)
		}
		var body string
		must(t, ctx, "open the article",
			chromedp.Navigate(s.url+"/?"+qs("article", id)),
			waitRendered("?"+qs("article", id)),
			eval(&injected, elementsJS),
			eval(&body, `document.getElementById('article-body').textContent`))
		if len(injected) > 0 {
			t.Errorf("article page: markup became elements: %q", injected)
		}
		if want := strings.ReplaceAll(art.Body, "\n", ""); body != want {
			t.Errorf("article text differs from the body:\n page %q\n body %q", body, want)
		}
		must(t, ctx, "quotes",
			chromedp.Navigate(s.url+"/?"+qs("tab", "quotes", "q", "posts")),
			waitRendered("?"+qs("tab", "quotes", "q", "posts")),
			eval(&injected, `Array.from(document.querySelectorAll('#results script, #results img, [onerror]')).map((e) => e.outerHTML)`))
		if len(injected) > 0 {
			t.Errorf("quote results: markup became elements: %q", injected)
		}
	})

	t.Run("dark color scheme", func(t *testing.T) {
		dark := func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}})
			return chromedp.Void{}, err
		}
		var bg string
		must(t, ctx, "dark article",
			chromedp.EmulateViewport(1280, 900),
			dark,
			chromedp.Navigate(s.url+"/?"+qs("article", first)),
			waitRendered("?"+qs("article", first)),
			eval(&bg, `getComputedStyle(document.body).backgroundColor`))
		if bg != "rgb(15, 18, 23)" {
			t.Errorf("dark scheme body background %s", bg)
		}
		screenshot(t, ctx, "dark-article.png")
	})

	// Every control has an accessible name: a label, aria-label(ledby) or text.
	t.Run("controls have accessible names", func(t *testing.T) {
		const unnamedJS = `Array.from(document.querySelectorAll('input, select, button, a[href], [role=group]'))
			.filter((e) => e.offsetParent !== null || e.getClientRects().length > 0)
			.filter((e) => !(e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || e.getAttribute('title') ||
				(e.labels && e.labels.length) || e.textContent.trim() || (e.querySelector('img[alt]:not([alt=""])'))))
			.map((e) => e.outerHTML.slice(0, 120))`
		for _, p := range []string{"/", "/?" + qs("q", query, "speaker", speaker), "/?tab=quotes", "/?" + qs("article", first)} {
			var unnamed []string
			must(t, ctx, p,
				chromedp.EmulateViewport(1280, 900),
				chromedp.Navigate(s.url+p),
				waitRendered(strings.TrimPrefix(p, "/")),
				eval(&unnamed, unnamedJS))
			for _, u := range unnamed {
				t.Errorf("%s: control without an accessible name: %s", p, u)
			}
		}
	})

	t.Run("no script errors or CSP violations", func(t *testing.T) {
		for _, p := range pageProblems(t, ctx) {
			t.Error(p)
		}
	})
}

// decodeFacetValues reads /api/facets/{field}: a list, or a list wrapped
// in {"values": [...]}.
func decodeFacetValues(t *testing.T, raw json.RawMessage) []search.FacetValue {
	t.Helper()
	var vs []search.FacetValue
	if err := json.Unmarshal(raw, &vs); err == nil {
		return vs
	}
	var wrapped struct {
		Values []search.FacetValue `json:"values"`
	}
	if err := json.Unmarshal(raw, &wrapped); err != nil {
		t.Fatalf("facet values %s: %v", raw, err)
	}
	return wrapped.Values
}

// checkArticle compares the article page on screen with the article JSON:
// title, every entity mark (its text must be the mention's text, which
// fails when code-point offsets are read as UTF-16), the speakers of the
// quote panel and the quotes marked in the body.
func checkArticle(t *testing.T, ctx context.Context, art *schema.Article, when string) {
	t.Helper()
	t.Helper()
	var page struct {
		Title    string     `json:"title"`
		Marks    [][]string `json:"marks"`
		Speakers []string   `json:"speakers"`
		Quotes   int        `json:"quotes"`
	}
	must(t, ctx, when, eval(&page, `({
		title: document.querySelector('#article h1').textContent,
		marks: Array.from(document.querySelectorAll('#article-body mark.ent')).map((m) => [m.className, m.dataset.name, m.textContent, m.title]),
		speakers: Array.from(document.querySelectorAll('.quotes-panel .speaker-group')).map((g) => g.dataset.speaker),
		quotes: document.querySelectorAll('#article-body .q[id]').length})`))
	if page.Title != art.Title {
		t.Errorf("%s: title %q, want %q", when, page.Title, art.Title)
	}
	mentions := map[string][]string{} // name -> mention texts
	nMentions := 0
	for _, e := range art.Entities {
		if e.Type == schema.TypeMisc {
			continue
		}
		for _, m := range e.Mentions {
			mentions[e.Name] = append(mentions[e.Name], m.Text)
			nMentions++
		}
	}
	if nMentions > 0 && len(page.Marks) == 0 {
		t.Fatalf("%s: no entity marks for %d mentions", when, nMentions)
	}
	types := map[string]bool{}
	for _, m := range page.Marks {
		cls, name, text, title := m[0], m[1], m[2], m[3]
		// A quote boundary may split a mark; its pieces are
		// parts of the mention text.
		ok := slices.ContainsFunc(mentions[name], func(s string) bool { return strings.Contains(s, text) })
		if !ok {
			t.Errorf("%s: mark %q for %s is not one of its mentions %q (offsets misread?)", when, text, name, mentions[name])
		}
		if !strings.HasSuffix(title, ": "+name) {
			t.Errorf("%s: mark %q title %q does not name %s", when, text, title, name)
		}
		types[strings.Fields(cls)[1]] = true
	}
	var wantSpeakers []string
	for _, q := range art.Quotes {
		if !slices.Contains(wantSpeakers, q.Speaker) {
			wantSpeakers = append(wantSpeakers, q.Speaker)
		}
	}
	slices.Sort(wantSpeakers)
	slices.Sort(page.Speakers)
	if !slices.Equal(page.Speakers, wantSpeakers) {
		t.Errorf("%s: quote panel speakers %q, want %q", when, page.Speakers, wantSpeakers)
	}
	if page.Quotes == 0 && len(art.Quotes) > 0 {
		t.Errorf("%s: no quotes marked in the body, article has %d", when, len(art.Quotes))
	}
	t.Logf("%s: %d marks (%v), %d quotes, speakers %q", when, len(page.Marks), types, page.Quotes, page.Speakers)
}
