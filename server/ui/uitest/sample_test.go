package uitest

import (
	"compress/gzip"
	"os"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/newsfind/newsfind/internal/sampletest"
	"github.com/newsfind/newsfind/search"
)

// TestBrowserSampleScreenshots takes the README screenshots on the shipped
// Wikinews sample (data/sample), which shows the UI with real numbers of
// facets and dates. It runs only when NEWSFIND_SCREENSHOTS is set (make
// screenshots): indexing the sample takes seconds the regular run need not
// spend. NEWSFIND_SCREENSHOT_QUERY picks the query (default "election").
func TestBrowserSampleScreenshots(t *testing.T) {
	if os.Getenv("NEWSFIND_SCREENSHOTS") == "" {
		t.Skip("set NEWSFIND_SCREENSHOTS=DIR to take the sample screenshots")
	}
	f, err := os.Open(sampletest.Path())
	if err != nil {
		t.Fatalf("the sample corpus: %v", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("the sample corpus: %v", err)
	}
	ctx := newBrowser(t)
	s := newStackFrom(t, zr)
	query := os.Getenv("NEWSFIND_SCREENSHOT_QUERY")
	if query == "" {
		query = "election"
	}

	var res search.Response
	s.get("/api/search?"+qs("q", query, "facet_size", "8"), &res)
	if res.Total == 0 || len(res.Facets["speaker"]) == 0 {
		t.Fatalf("q=%s finds %d articles with %d speakers in the sample", query, res.Total, len(res.Facets["speaker"]))
	}
	speaker := res.Facets["speaker"][0].Value
	var filtered search.Response
	s.get("/api/search?"+qs("q", query, "speaker", speaker), &filtered)
	page := "?" + qs("q", query, "speaker", speaker)
	must(t, ctx, "search",
		chromedp.Navigate(s.url+"/"+page),
		waitRendered(page))
	screenshot(t, ctx, "sample-search.png")

	article := "?" + qs("article", filtered.Hits[0].ID)
	must(t, ctx, "article",
		chromedp.Click(chromedp.CSS(`#results > li a.hit-title`)),
		waitRendered(article))
	screenshot(t, ctx, "sample-article.png")

	quotes := "?" + qs("tab", "quotes", "q", query)
	must(t, ctx, "quotes", chromedp.Navigate(s.url+"/"+quotes), waitRendered(quotes))
	screenshot(t, ctx, "sample-quotes.png")

	must(t, ctx, "phone",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		chromedp.Navigate(s.url+"/"+page),
		waitRendered(page))
	screenshot(t, ctx, "sample-phone.png")

	for _, p := range pageProblems(t, ctx) {
		t.Error(p)
	}
}
