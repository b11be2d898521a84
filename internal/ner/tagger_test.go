package ner

import (
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/newsfind/newsfind/internal/tokenize"
)

const sharedDir = "../../../shared"

func mustDefault(t testing.TB) *Tagger {
	t.Helper()
	tg, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	return tg
}

// spansText renders spans as "TYPE:text" for readable assertions.
func spansText(text string, toks []tokenize.Token, spans []Span) []string {
	var out []string
	for _, s := range spans {
		out = append(out, s.Type+":"+text[toks[s.Start].StartByte:toks[s.End-1].EndByte])
	}
	return out
}

func tagText(tg *Tagger, text string) []string {
	toks := tokenize.Tokenize(text)
	return spansText(text, toks, tg.Tag(toks, tokenize.Sentences(text, toks)))
}

func TestTagFixtures(t *testing.T) {
	tg := mustDefault(t)
	tests := []struct {
		text string
		want []string // spans that must be found
		not  []string // substrings that must not be tagged as any entity
	}{
		{"Barack Obama visited Jakarta.", []string{"PER:Barack Obama", "LOC:Jakarta"}, nil},
		{"German Chancellor Angela Merkel met officials of the European Union in Brussels on Monday.",
			[]string{"PER:Angela Merkel", "ORG:European Union", "LOC:Brussels"}, []string{"Monday"}},
		{"“We will win,” said Jean-Claude Juncker, speaking in Paris.", []string{"PER:Jean-Claude Juncker", "LOC:Paris"}, []string{"We"}},
		{"Shares of Microsoft Corp. rose 3.5 percent on Wall Street.", []string{"ORG:Microsoft Corp."}, []string{"Shares"}},
		{"the quick brown fox jumps over the lazy dog.", nil, []string{"fox", "dog"}},
		// title-case headline: capitals of ordinary words carry no signal
		{"Trump Says He Will Meet Kim Jong Un In Singapore Next Month\n\nPresident Donald Trump said on Monday he would meet Kim in Singapore.",
			[]string{"PER:Trump", "LOC:Singapore", "PER:Donald Trump"}, []string{"Next", "Month", "Says", "President"}},
		// an unknown company name, recognised from its contexts in the document
		{"Johnson & Johnson has agreed to buy the heart-device maker Guidant for $25bn. Guidant makes pacemakers and stents. Johnson & Johnson will pay $76 for each Guidant share.",
			[]string{"ORG:Guidant", "ORG:Johnson & Johnson"}, []string{"pacemakers"}},
		{"Senator Ted Cruz Proposes Amendment To Set Congressional Term Limits", []string{"PER:Ted Cruz"}, []string{"Term", "Limits", "Senator"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := tagText(tg, tt.text)
			have := map[string]bool{}
			for _, g := range got {
				have[g] = true
			}
			for _, w := range tt.want {
				if !have[w] {
					t.Errorf("missing %s; got %v", w, got)
				}
			}
			for _, n := range tt.not {
				for _, g := range got {
					if strings.Contains(g, n) {
						t.Errorf("%q tagged as %s", n, g)
					}
				}
			}
		})
	}
}

func TestTagEdgeCases(t *testing.T) {
	tg := mustDefault(t)
	if got := tg.Tag(nil, nil); got != nil {
		t.Errorf("Tag(nil) = %v", got)
	}
	if got := tg.TagWords(nil); len(got) != 0 {
		t.Errorf("TagWords(nil) = %v", got)
	}
	// sentences out of range are ignored, not a panic
	toks := tokenize.Tokenize("Obama spoke.")
	_ = tg.Tag(toks, []tokenize.Sentence{{Start: 0, End: 99}, {Start: 2, End: 1}})
	// a very long sentence is tagged in pieces
	long := strings.Repeat("Obama met Putin in Moscow and ", 400)
	toks = tokenize.Tokenize(long)
	spans := tg.Tag(toks, nil)
	if len(spans) < 1000 {
		t.Errorf("long text: %d spans, want >= 1000", len(spans))
	}
	for _, s := range spans {
		if s.Start < 0 || s.End > len(toks) || s.End <= s.Start {
			t.Fatalf("bad span %+v", s)
		}
	}
	tags := tg.TagWords([]string{"Peter", "Blackburn", "said"})
	if len(tags) != 3 || tags[0] != "B-PER" || tags[1] != "I-PER" || tags[2] != "O" {
		t.Errorf("TagWords = %v", tags)
	}
}

func TestTagConcurrent(t *testing.T) {
	tg := mustDefault(t)
	text := "Barack Obama visited Jakarta. The White House said ISIS was a threat to Iraq and Syria."
	want := strings.Join(tagText(tg, text), "|")
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				if got := strings.Join(tagText(tg, text), "|"); got != want {
					t.Errorf("concurrent result %q != %q", got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestDevF1 checks the shipped model against the CoNLL-2003 dev set.
func TestDevF1(t *testing.T) {
	f, err := os.Open(sharedDir + "/data/conll2003/dev.txt")
	if err != nil {
		t.Skipf("CoNLL-2003 dev set not available (%v); CI provides ../shared", err)
	}
	defer f.Close()
	docs, err := ReadCoNLL(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := mustDefault(t).Evaluate(docs)
	floors := map[string]float64{"": 0.93, "PER": 0.95, "LOC": 0.95, "ORG": 0.88, "MISC": 0.87}
	for typ, floor := range floors {
		if _, _, f1 := sc.PRF(typ); f1 < floor {
			t.Errorf("dev F1 %q = %.2f, below floor %.2f", typ, 100*f1, 100*floor)
		} else {
			t.Logf("dev F1 %q = %.2f", typ, 100*f1)
		}
	}
}

// TestSeedArticle checks the entities of the shared sample article.
func TestSeedArticle(t *testing.T) {
	raw, err := os.ReadFile(sharedDir + "/seed/article.txt")
	if err != nil {
		t.Skipf("seed article not available: %v", err)
	}
	text := string(raw)
	got := tagText(mustDefault(t), text)
	have := map[string]bool{}
	for _, g := range got {
		have[g] = true
	}
	// CoNLL-2003 annotates the White House as a place and the Islamic
	// State group as ORG or MISC, so those accept either type.
	must := []struct{ text, types string }{
		{"Barack Obama", "PER"}, {"Josh Earnest", "PER"}, {"Earnest", "PER"}, {"US", "LOC"},
		{"United States", "LOC"}, {"Indonesia", "LOC"}, {"Iraq", "LOC"}, {"Syria", "LOC"}, {"Ramadi", "LOC"},
		{"Jakarta", "LOC"}, {"White House", "LOC ORG"}, {"National Security Council", "ORG"}, {"ISIS", "ORG MISC"},
	}
	for _, m := range must {
		found := false
		for _, typ := range strings.Fields(m.types) {
			found = found || have[typ+":"+m.text]
		}
		if !found {
			t.Errorf("seed article: %q not tagged as %s", m.text, m.types)
		}
	}
	// harder names, reported but not required
	for _, w := range []string{"Islamic State", "Global Coalition to Counter ISIS"} {
		ok := false
		for _, g := range got {
			ok = ok || strings.HasSuffix(g, ":"+w)
		}
		if !ok {
			t.Logf("seed article: %q not found as one span (known weakness)", w)
		}
	}
	for _, g := range got {
		if strings.Contains(g, "More From") || strings.Contains(g, "Section") {
			t.Errorf("seed article: page furniture tagged: %s", g)
		}
	}
	t.Logf("seed spans: %v", got)
}
