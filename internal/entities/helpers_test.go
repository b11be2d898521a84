package entities

import (
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/newsfind/newsfind/internal/gazetteer"
	"github.com/newsfind/newsfind/internal/ner"
	"github.com/newsfind/newsfind/internal/tokenize"
	"github.com/newsfind/newsfind/schema"
)

var (
	testResolverOnce sync.Once
	testResolver     *Resolver
	testResolverErr  error
)

func resolver(t testing.TB) *Resolver {
	t.Helper()
	testResolverOnce.Do(func() {
		var g *gazetteer.Gazetteer
		g, testResolverErr = gazetteer.Default()
		testResolver = New(g)
	})
	if testResolverErr != nil {
		t.Fatal(testResolverErr)
	}
	return testResolver
}

// handTag builds tagger spans from annotations "TYPE:surface" (every
// token-aligned occurrence) or "TYPE:surface#n" (only the n-th, from 1).
// Longer surfaces win where annotations overlap.
func handTag(t testing.TB, text string, toks []tokenize.Token, anns ...string) []ner.Span {
	t.Helper()
	type ann struct {
		typ   string
		words []string
		nth   int
	}
	var as []ann
	for _, a := range anns {
		typ, surf, ok := strings.Cut(a, ":")
		if !ok {
			t.Fatalf("annotation %q: want TYPE:surface", a)
		}
		nth := 0
		if i := strings.LastIndex(surf, "#"); i > 0 {
			n, err := strconv.Atoi(surf[i+1:])
			if err != nil {
				t.Fatalf("annotation %q: %v", a, err)
			}
			surf, nth = surf[:i], n
		}
		var words []string
		for _, tk := range tokenize.Tokenize(surf) {
			words = append(words, tk.Text)
		}
		as = append(as, ann{typ, words, nth})
	}
	sort.SliceStable(as, func(i, j int) bool { return len(as[i].words) > len(as[j].words) })
	used := make([]bool, len(toks))
	var spans []ner.Span
	for _, a := range as {
		seen := 0
		found := false
	scan:
		for i := 0; i+len(a.words) <= len(toks); i++ {
			for k, w := range a.words {
				if toks[i+k].Text != w {
					continue scan
				}
			}
			seen++
			if a.nth != 0 && seen != a.nth {
				continue
			}
			for k := range a.words {
				if used[i+k] {
					continue scan
				}
			}
			for k := range a.words {
				used[i+k] = true
			}
			spans = append(spans, ner.Span{Type: a.typ, Start: i, End: i + len(a.words)})
			found = true
		}
		if !found {
			t.Fatalf("annotation %s:%s not found in text", a.typ, strings.Join(a.words, " "))
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
	return spans
}

func analyze(t testing.TB, text string, anns ...string) Result {
	t.Helper()
	toks := tokenize.Tokenize(text)
	sents := tokenize.Sentences(text, toks)
	res := resolver(t).Analyze(text, toks, sents, handTag(t, text, toks, anns...))
	checkMentions(t, text, res.Entities)
	return res
}

// checkMentions verifies the offset contract: code points, exact text.
func checkMentions(t testing.TB, text string, ents []schema.Entity) {
	t.Helper()
	runes := []rune(text)
	for _, e := range ents {
		if len(e.Mentions) == 0 {
			t.Errorf("entity %q has no mentions", e.Name)
		}
		for _, m := range e.Mentions {
			if m.Start < 0 || m.End > len(runes) || m.Start >= m.End || string(runes[m.Start:m.End]) != m.Text {
				t.Errorf("entity %q: mention %+v does not match the text", e.Name, m)
			}
		}
	}
}

// summary renders entities as "type:Name[CC]=mention|mention" lines ([CC]
// only for geocoded places).
func summary(ents []schema.Entity) []string {
	var out []string
	for _, e := range ents {
		var ms []string
		for _, m := range e.Mentions {
			ms = append(ms, m.Text)
		}
		name := e.Name
		if e.Geo != nil {
			name += "[" + e.Geo.CountryCode + "]"
		}
		out = append(out, e.Type+":"+name+"="+strings.Join(ms, "|"))
	}
	return out
}

func tokenizeText(text string) []tokenize.Token { return tokenize.Tokenize(text) }

func spansOf(typ string, s, e int) []ner.Span { return []ner.Span{{Type: typ, Start: s, End: e}} }
