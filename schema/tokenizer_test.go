package schema

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/newsfind/newsfind/internal/golden"
	"github.com/newsfind/newsfind/internal/sampletest"
)

// sameTokens reports the first difference between the tokens of
// wordTokenizer and of bleve's unicode tokenizer on text, or "", and
// between the spans TokenSpans gives for their positions (all of them,
// and the first half) and theirs.
func sameTokens(text []byte) string {
	if d := sameTokensOnly(text); d != "" {
		return d
	}
	want := unicode.NewUnicodeTokenizer().Tokenize(text)
	for _, n := range []int{len(want), len(want) / 2, len(text) + 1} {
		spans := TokenSpans(text, n, []TokenSpan{{-1, -1}})[1:] // appends
		if got := len(spans); got != min(n, len(want)) {
			return fmt.Sprintf("TokenSpans(%d): %d spans, want %d", n, got, min(n, len(want)))
		}
		for i, s := range spans {
			if w := want[i]; w.Position != i+1 || s.Start != w.Start || s.End != w.End {
				return fmt.Sprintf("TokenSpans(%d): position %d at %d-%d, want %d-%d (position %d)", n, i+1, s.Start, s.End, w.Start, w.End, w.Position)
			}
		}
	}
	return ""
}

func sameTokensOnly(text []byte) string {
	got := wordTokenizer{}.Tokenize(text)
	want := unicode.NewUnicodeTokenizer().Tokenize(text)
	show := func(t *analysis.Token) string {
		return fmt.Sprintf("%q %d-%d pos %d type %d", t.Term, t.Start, t.End, t.Position, t.Type)
	}
	for i := 0; i < max(len(got), len(want)); i++ {
		switch {
		case i >= len(got):
			return fmt.Sprintf("token %d: missing, want %s", i, show(want[i]))
		case i >= len(want):
			return fmt.Sprintf("token %d: extra %s", i, show(got[i]))
		case show(got[i]) != show(want[i]):
			return fmt.Sprintf("token %d: %s, want %s", i, show(got[i]), show(want[i]))
		}
	}
	return ""
}

// tokenizerCases are texts for every rule of the tokenizer.
var tokenizerCases = []string{
	"",
	"   \t\n",
	"The U.S. can't say 1,000.50 dollars; it's 9/11 and/or 3:30pm.",
	"e.g. i.e. a.b.c a..b a.1 1.a a1.5 1a.b abc123 123abc",
	"foo_bar _ __ _1 1_ a_.b 1_.2 _a a_ _._",
	"k:a a:1 1:2 1;2 1,2, ,1 1'2 a'b a'' ''a rock'n'roll O'Neill",
	`"quoted" (paren) [x] {y} <z> #tag @user $5 %6 ^7 &8 *9 +1 -2 =3 ~4 |5 \6 !`,
	"line\r\nbreak\rcr\vvt\fff",
	"Zoë Saldaña met Erdoğan’s envoys in São Paulo; “quote” — dash… can’t",
	"mixed café-au-lait 1,5€ naïve’s x²",
	"日本語のテキスト 한국어 中文 カタカナ ひらがな",
	"a\u0301b e\u0301. \u0301abc \u200dzwj \u00a0nbsp\u00a0x",
	"🇫🇷 flags 👍🏽 emoji #1",
	"ends with mid: a. 1, b'",
}

func TestWordTokenizerIsUnicodes(t *testing.T) {
	for _, text := range tokenizerCases {
		if d := sameTokens([]byte(text)); d != "" {
			t.Errorf("%q: %s", text, d)
		}
	}
}

// TokenSpans is pinned: indexes written with PositionsFilter keep no
// offsets, and their highlights are the spans this tokenizer gives now.
// A change to its rules, or an upgrade of blevesearch/segment that changes
// its tables, would shift them in every such index; bleve's tokenizer
// would change along with it, so TestWordTokenizerIsUnicodes cannot see
// it. If this fails, the change needs those indexes written again (or
// the old rules kept for them). -update rewrites the file.
func TestTokenSpansPinned(t *testing.T) {
	texts := slices.Clone(tokenizerCases)
	for _, a := range sampletest.Articles(t)[:5] {
		texts = append(texts, a.Title, a.Body)
	}
	var b strings.Builder
	for _, text := range texts {
		fmt.Fprintf(&b, "%q\n", text)
		for _, s := range TokenSpans([]byte(text), len(text), nil) {
			fmt.Fprintf(&b, " %d-%d", s.Start, s.End)
		}
		b.WriteString("\n")
	}
	golden.Check(t, filepath.Join("testdata", "token_spans.golden"), []byte(b.String()))
}

// The same tokens as bleve's on real news: the first articles of each of
// the shared corpora (those present). All 48,692 of them were checked
// once (90 s); the test keeps to a sample so the suite stays quick.
func TestWordTokenizerOnNews(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "data", "news", "*.jsonl.gz"))
	if len(files) == 0 {
		t.Skip("no ../shared/data/news here")
	}
	if testing.Short() {
		files = files[:1]
	}
	n := 0
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(zr)
		sc.Buffer(nil, 1<<24)
		for k := 0; k < 2000 && sc.Scan(); k++ {
			var a struct{ ID, Title, Body string }
			if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			for _, text := range []string{a.Title, a.Body} {
				if d := sameTokens([]byte(text)); d != "" {
					t.Fatalf("%s %s: %s", path, a.ID, d)
				}
			}
			n++
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d articles, tokens identical", n)
}

// Random short strings over the characters the ASCII path treats apart
// (and a few that send a piece to the scanner): every join and break rule
// in every order.
func TestWordTokenizerRandomASCII(t *testing.T) {
	const alphabet = "aZ09_:,;.' -\"\té’"
	chars := []rune(alphabet)
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 50000; n++ {
		var b strings.Builder
		for k := rng.IntN(12); k >= 0; k-- {
			b.WriteRune(chars[rng.IntN(len(chars))])
		}
		if d := sameTokens([]byte(b.String())); d != "" {
			t.Fatalf("%q: %s", b.String(), d)
		}
	}
}

func FuzzWordTokenizer(f *testing.F) {
	for _, s := range []string{"The U.S. can't 1,000.50", "a.b a..b 1.a a1.5 _1_", "São Paulo’s “x”", "a\u0301 \u0301b", "\xff\xfe bad", "k:a 1;2 x'y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if d := sameTokens([]byte(text)); d != "" {
			t.Errorf("%q: %s", text, d)
		}
	})
}

func BenchmarkWordTokenizer(b *testing.B) {
	text := []byte(strings.Repeat("Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for the three months to December, from $639m year-earlier. The firm, which is now one of the biggest investors in Google, can't say. ", 20))
	for _, tc := range []struct {
		name string
		tok  analysis.Tokenizer
	}{{"newsfind", wordTokenizer{}}, {"bleve-unicode", unicode.NewUnicodeTokenizer()}} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				tc.tok.Tokenize(text)
			}
		})
	}
	// What the highlighter reads instead of stored offsets.
	b.Run("spans", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		var spans []TokenSpan
		for b.Loop() {
			spans = TokenSpans(text, len(text), spans[:0])
		}
	})
}
