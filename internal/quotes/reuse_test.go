package quotes

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/newsfind/newsfind/schema"
)

// reuseTexts are the golden articles and texts that take the slow paths:
// non-ASCII (byte offsets differ from code-point offsets), invalid UTF-8
// (token texts copied from the runes), case mappings that change length.
func reuseTexts(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("testdata/golden/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	texts := []string{
		"İSTANBUL — “We will not yield,” Mr. Erdoğan said. Ⱥnna Müller, a Rep. from R-Wis., said “no.”",
		"Smith said \xff\xfe“this is \xc3 broken,” and Jones replied: “So what?”",
		"ＡＢＣ said “full-width letters are words too” on Tuesday.",
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	return texts
}

// TestExtractorReuse checks that the working state an Extractor keeps
// between calls changes nothing: each text gives the same quotes from a
// fresh extractor, from one that handled other (longer and shorter) texts
// before, and from goroutines sharing one (run with -race).
func TestExtractorReuse(t *testing.T) {
	texts := reuseTexts(t)
	ents := []schema.Entity{{Name: "Recep Tayyip Erdoğan", Type: schema.TypePerson,
		Mentions: []schema.Mention{{Text: "Erdoğan", Start: 44, End: 51}}}}
	want := make([][]schema.Quote, len(texts))
	for i, s := range texts {
		want[i] = New().Extract(s, nil, nil, ents)
	}
	shared := New()
	for round := 0; round < 2; round++ {
		for i := len(texts) - 1; i >= 0; i-- {
			if d := cmp.Diff(want[i], shared.Extract(texts[i], nil, nil, ents)); d != "" {
				t.Fatalf("text %d, reused extractor (-fresh +reused):\n%s", i, d)
			}
		}
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for k := range texts {
				i := (k*7 + g) % len(texts)
				if d := cmp.Diff(want[i], shared.Extract(texts[i], nil, nil, ents)); d != "" {
					errs <- d
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for d := range errs {
		t.Fatalf("concurrent extraction differs (-fresh +concurrent):\n%s", d)
	}
}

// TestDocStr checks that str, which slices the text by byte offsets found
// from the tokens, gives string(rs[s:e]) for every range.
func TestDocStr(t *testing.T) {
	for _, text := range []string{
		"“Ünïcödé” text — with ’quotes’ and 東京 words…  and spaces\n\nÅ new paragraph.",
		"plain ASCII text, said he.",
		"bad \xff bytes “here”",
	} {
		d := &doc{text: text}
		for _, r := range text {
			d.rs = append(d.rs, r)
		}
		d.toks = scan(text, d.rs, nil, nil)
		d.valid = text == string(d.rs)
		for s := 0; s <= len(d.rs); s++ {
			for e := s; e <= len(d.rs); e++ {
				if got, want := d.str(s, e), string(d.rs[s:e]); got != want {
					t.Fatalf("%q: str(%d, %d) = %q, want %q", text, s, e, got, want)
				}
			}
		}
	}
}
