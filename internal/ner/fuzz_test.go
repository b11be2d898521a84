package ner

import (
	"strings"
	"testing"

	"github.com/newsfind/newsfind/internal/tokenize"
)

func FuzzReadCoNLL(f *testing.F) {
	for _, s := range []string{
		"", "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\n",
		"a\n\n\nb X B-PER\n", "x y z\n", "w X S-LOC\nv X E-LOC\n", "\xff\xfe I-PER\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		docs, err := ReadCoNLL(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, d := range docs {
			for _, s := range d.Sentences {
				if len(s.Words) == 0 || len(s.Words) != len(s.Tags) {
					t.Fatalf("sentence with %d words and %d tags", len(s.Words), len(s.Tags))
				}
				for _, sp := range SpansFromTags(s.Tags) {
					if sp.Start < 0 || sp.End > len(s.Tags) || sp.End <= sp.Start {
						t.Fatalf("bad span %+v for %d tags", sp, len(s.Tags))
					}
				}
			}
		}
	})
}

// FuzzTag checks that tagging arbitrary text never panics and returns
// ordered, non-overlapping spans inside the token range.
func FuzzTag(f *testing.F) {
	for _, s := range []string{
		"Barack Obama visited Jakarta.", "", "“Quoted,” said Mr. J. K. Rowling of the U.S.",
		"ALL CAPS HEADLINE ABOUT CHINA", "Trump Says He Will Meet Kim In Singapore\n\nBody text here.",
		"\xff\x00 O'Neill’s", strings.Repeat("Paris ", 600),
	} {
		f.Add(s)
	}
	tg, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		toks := tokenize.Tokenize(text)
		spans := tg.Tag(toks, tokenize.Sentences(text, toks))
		prev := 0
		for _, s := range spans {
			if s.Start < prev || s.End <= s.Start || s.End > len(toks) || typeIndex(s.Type) < 0 {
				t.Fatalf("bad span %+v (previous end %d, %d tokens)", s, prev, len(toks))
			}
			prev = s.End
		}
	})
}
