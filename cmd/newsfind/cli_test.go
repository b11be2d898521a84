package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"

	"github.com/newsfind/newsfind/internal/store"
	"github.com/newsfind/newsfind/search"
)

// newsfind runs the CLI in-process and returns stdout, stderr and the exit code.
func newsfind(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), code
}

func searchJSON(t *testing.T, args ...string) *search.Response {
	t.Helper()
	out, errs, code := newsfind(t, append([]string{"search", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("search %v: exit %d: %s", args, code, errs)
	}
	var res search.Response
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("search %v: %v\n%s", args, err, out)
	}
	return &res
}

func facetValues(fs []search.FacetValue) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Value)
	}
	return out
}

func hitIDs(res *search.Response) []string {
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	return ids
}

// TestCLIEndToEnd indexes a small corpus in every format into a temporary
// index with the real extraction pipeline and searches it from the CLI.
func TestCLIEndToEnd(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	out, errs, code := newsfind(t, "index", "--index", dir, "--quiet", "testdata/corpus")
	if code != 0 {
		t.Fatalf("index: exit %d\n%s\n%s", code, out, errs)
	}
	// jsonl (2 good, 1 bad), json array (1), txt (1).
	if !strings.Contains(out, "indexed 4 (new 4, replaced 0), failed 1") {
		t.Fatalf("summary: %s", out)
	}
	if !strings.Contains(out, "articles.jsonl:3: body: expected string, got a number") {
		t.Fatalf("bad record not reported with file and line: %s", out)
	}

	// A load in which every record fails exits non-zero (scripts notice).
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	if err := os.WriteFile(bad, []byte("{\"title\":\"no body\"}\nnot json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code = newsfind(t, "index", "--index", filepath.Join(t.TempDir(), "bad"), "--quiet", bad)
	if code == 0 || !strings.Contains(errs, "no article indexed: all 2 records failed") || !strings.Contains(out, "bad.jsonl:1: body: missing") {
		t.Fatalf("index of bad records only: exit %d\n%s\n%s", code, out, errs)
	}

	// Re-indexing replaces.
	out, _, code = newsfind(t, "index", "--index", dir, "--quiet", "testdata/corpus")
	if code != 0 || !strings.Contains(out, "indexed 4 (new 0, replaced 4), failed 1") {
		t.Fatalf("re-index: %d %s", code, out)
	}

	all := searchJSON(t, "--index", dir)
	if all.Total != 4 {
		t.Fatalf("match-all total = %d, want 4", all.Total)
	}
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"keyword", []string{"Jakarta"}, []string{"ar1", "jk1"}},
		{"phrase", []string{`"refugee policy"`}, []string{"ms1"}},
		{"place filter", []string{"--place", "Jakarta"}, []string{"ar1", "jk1"}},
		{"place OR", []string{"--place", "Berlin", "--place", "Manila"}, nil},
		{"speaker filter", []string{"--speaker", "Angela Merkel"}, []string{"ms1"}},
		{"source filter", []string{"--source", "daily"}, []string{"ar1", "ms1"}},
		{"source and place AND", []string{"--source", "daily", "--place", "Jakarta"}, []string{"ar1"}},
		{"date range", []string{"--from", "2016-01-01", "--to", "2016-12-31"}, []string{"jk1"}},
		{"said", []string{"--speaker", "Angela Merkel", "--said", "manage"}, []string{"ms1"}},
		// "Berlin" is in the title and after Merkel's cue ("… Merkel said in
		// Berlin"), never inside a quote of hers.
		{"said elsewhere", []string{"--speaker", "Angela Merkel", "--said", "Berlin"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := searchJSON(t, append([]string{"--index", dir}, tt.args...)...)
			got := hitIDs(res)
			if tt.name == "place OR" { // Berlin and Manila articles, whatever their derived ids
				if res.Total != 2 {
					t.Fatalf("total = %d (%v), want 2", res.Total, got)
				}
				return
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("hits = %v, want %v", got, tt.want)
			}
		})
	}

	// Human output: hits, snippets with highlights, facets.
	out, errs, code = newsfind(t, "search", "--index", dir, "Jakarta")
	if code != 0 || !strings.Contains(out, "2 articles") || !strings.Contains(out, "[Jakarta]") || !strings.Contains(out, "place:") {
		t.Fatalf("search output (exit %d): %s %s", code, out, errs)
	}
	out, errs, code = newsfind(t, "search", "--index", dir, "--facets", "none", "Jakarta")
	if code != 0 || !strings.Contains(out, "2 articles") || strings.Contains(out, "place:") {
		t.Fatalf("search --facets none output (exit %d): %s %s", code, out, errs)
	}
	if res := searchJSON(t, "--index", dir, "--facets", "place", "Jakarta"); len(res.Facets) != 1 || len(res.Facets["place"]) == 0 || res.Histogram != nil {
		t.Fatalf("search --facets place: facets %v, histogram %v; want only places", res.Facets, res.Histogram)
	}
	_, errs, code = newsfind(t, "quotes", "--index", dir, "--facets", "person")
	if code == 0 || !strings.Contains(errs, `unknown facet "person"`) {
		t.Fatalf("quotes --facets person: exit %d: %s", code, errs)
	}
	out, _, code = newsfind(t, "quotes", "--index", dir, "--speaker", "Angela Merkel")
	if code != 0 || !strings.Contains(out, "We can manage this") {
		t.Fatalf("quotes output (exit %d): %s", code, out)
	}

	out, errs, code = newsfind(t, "quotes", "--index", dir, "--json", "--sort", "date", "--size", "100")
	var qres search.QuoteResponse
	if code != 0 || json.Unmarshal([]byte(out), &qres) != nil || len(qres.Hits) < 2 {
		t.Fatalf("quotes --sort date (exit %d): %s %s", code, out, errs)
	}
	for i := 1; i < len(qres.Hits); i++ {
		if a, b := qres.Hits[i-1].Published, qres.Hits[i].Published; b != nil && (a == nil || b.After(*a)) {
			t.Errorf("quotes --sort date: %v after %v", b, a)
		}
	}

	// --article-id keeps one article's quotes, as the API's article_id.
	byArticle := map[string]int{}
	for _, h := range qres.Hits {
		byArticle[h.ArticleID]++
	}
	for id, n := range byArticle {
		out, errs, code = newsfind(t, "quotes", "--index", dir, "--json", "--size", "100", "--article-id", id)
		var one search.QuoteResponse
		if code != 0 || json.Unmarshal([]byte(out), &one) != nil || len(one.Hits) != n {
			t.Fatalf("quotes --article-id %s (exit %d): %d hits, want %d: %s", id, code, len(one.Hits), n, errs)
		}
		for _, h := range one.Hits {
			if h.ArticleID != id {
				t.Errorf("quotes --article-id %s: a quote of %s", id, h.ArticleID)
			}
		}
	}
	if len(byArticle) < 2 {
		t.Fatalf("quotes of %d articles; the --article-id check needs two", len(byArticle))
	}

	// Errors are clear and exit non-zero.
	for _, args := range [][]string{
		{"search", "--size", "0", "x"},
		{"search", "--size", "-3", "x"},
		{"quotes", "--size", "0"},
		{"search", "--facet-size", "0", "x"},
		{"quotes", "--sort", "newest"},
	} {
		flagName := args[1]
		_, errs, code = newsfind(t, append([]string{args[0], "--index", dir}, args[1:]...)...)
		if code == 0 || !strings.Contains(errs, strings.TrimLeft(flagName, "-")) {
			t.Errorf("%v: exit %d, want an error naming %s: %s", args, code, flagName, errs)
		}
	}
	for _, n := range []string{"-1", "100000"} {
		newDir := filepath.Join(t.TempDir(), "new")
		_, errs, code = newsfind(t, "index", "--index", newDir, "--quiet", "--shards", n, "testdata/corpus")
		if code == 0 || !strings.Contains(errs, "--shards "+n) {
			t.Errorf("index --shards %s: exit %d: %s", n, code, errs)
		}
		if _, err := os.Stat(newDir); err == nil {
			t.Errorf("index --shards %s created %s", n, newDir)
		}
	}
	for _, c := range []struct {
		flag    string
		version string
	}{{"--compress=true", `"version":5`}, {"--compress=false", `"version":4`}} {
		newDir := filepath.Join(t.TempDir(), "fmt")
		if _, errs, code := newsfind(t, "index", "--index", newDir, "--quiet", c.flag, "testdata/corpus"); code != 0 {
			t.Fatalf("index %s: exit %d: %s", c.flag, code, errs)
		}
		if b, err := os.ReadFile(filepath.Join(newDir, "newsfind.json")); err != nil || !strings.Contains(string(b), c.version) {
			t.Errorf("index %s wrote %s (%v), want %s", c.flag, b, err, c.version)
		}
	}
	_, errs, code = newsfind(t, "search", "--index", dir, "--from", "yesterday")
	if code == 0 || !strings.Contains(errs, "--from") {
		t.Fatalf("bad date: exit %d: %s", code, errs)
	}
	_, errs, code = newsfind(t, "search", "--index", filepath.Join(t.TempDir(), "none"), "x")
	if code == 0 || !strings.Contains(errs, "no index at") {
		t.Fatalf("missing index: exit %d: %s", code, errs)
	}
	_, errs, code = newsfind(t, "nosuch")
	if code != 2 || !strings.Contains(errs, "unknown command") {
		t.Fatalf("unknown command: exit %d: %s", code, errs)
	}
}

// TestSeedArticle checks the acceptance case of the end-to-end issue on the
// sample article from ../shared: search by speaker and keyword finds it and
// its place facet lists the places it names.
func TestSeedArticle(t *testing.T) {
	seed := filepath.Join("..", "..", "..", "shared", "seed", "article.txt")
	if _, err := os.Stat(seed); err != nil {
		t.Skip("../shared/seed not present")
	}
	docs := t.TempDir()
	b, _ := os.ReadFile(seed)
	os.WriteFile(filepath.Join(docs, "article.txt"), b, 0o644)
	dir := filepath.Join(t.TempDir(), "idx")
	if out, errs, code := newsfind(t, "index", "--index", dir, "--quiet", docs); code != 0 {
		t.Fatalf("index: %s %s", out, errs)
	}
	res := searchJSON(t, "--index", dir, "--speaker", "Josh Earnest", "ISIS")
	if res.Total != 1 {
		t.Fatalf("speaker Josh Earnest + ISIS: total %d", res.Total)
	}
	places := facetValues(res.Facets["place"])
	for _, p := range []string{"Jakarta", "Indonesia", "Iraq", "Syria"} {
		if !slices.Contains(places, p) {
			t.Errorf("place facet %v lacks %s", places, p)
		}
	}
	out, _, code := newsfind(t, "extract", seed)
	if code != 0 || !strings.Contains(out, `"speaker": "Josh Earnest"`) {
		t.Fatalf("extract: %s", out)
	}
}

// TestTrainDictCLI: train-dict writes a dictionary with the id the store
// reads, from a news file, and refuses a file with a bad record.
func TestTrainDictCLI(t *testing.T) {
	dir := t.TempDir()
	var lines []string
	words := strings.Fields("oil prices fell rose on Tuesday Monday traders said demand weak strong analyst bank London Paris ministers meet next week year growth rates markets government election vote parliament court ruling police")
	for i := range 60 {
		var body []string
		for j := range 80 {
			body = append(body, words[(i*7+j*j+j*i)%len(words)])
		}
		lines = append(lines, fmt.Sprintf(`{"id":"t%d","title":"Report %d","body":"%s. \"It is %s,\" said Jane Doe%d, an analyst at Example Bank in London."}`, i, i, strings.Join(body, " "), words[i%len(words)], i))
	}
	news := filepath.Join(dir, "news.jsonl")
	if err := os.WriteFile(news, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "d.zdict")
	if stdout, stderr, code := newsfind(t, "train-dict", "--out", out, news); code != 0 {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	d, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zstd.NewWriter(nil, zstd.WithEncoderDict(d)); err != nil {
		t.Fatalf("not a dictionary: %v", err)
	}
	if id := binary.LittleEndian.Uint32(d[4:]); id != store.StoredDictID {
		t.Errorf("dictionary id %#x, want %#x", id, store.StoredDictID)
	}
	if _, _, code := newsfind(t, "train-dict", news); code == 0 {
		t.Error("train-dict without --out ran (it would have no file to write)")
	}
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte(lines[0]+"\n{not json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := newsfind(t, "train-dict", "--out", out, bad); code == 0 || !strings.Contains(stderr, "bad.jsonl:2") {
		t.Errorf("a bad record: exit %d, stderr %q (want the file and line)", code, stderr)
	}
}
