package ner

import (
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsfind/newsfind/internal/golden"
	"github.com/newsfind/newsfind/internal/tokenize"
)

// The golden file pins the tagger's exact output (every tag of the CoNLL-2003
// dev set, every span of a sample of real news) so that speed work cannot
// change a single label. Regenerate with
//
//	go test ./internal/ner/ -run TestGoldenOutput -update
//
// only when the model or the features change on purpose (-update is
// internal/golden's flag; checkGolden compares digests per document in
// its own way).
//
// goldenFull names a file for a wider, uncommitted check over every
// article of every shared news corpus: written with -update, compared
// without it.
var goldenFull = flag.String("golden.full", "", "golden file for all shared news articles (off by default)")

const goldenPath = "testdata/golden_tags.txt"

// goldenSample says which articles of each news corpus the committed golden
// file covers: every step-th line, at most limit articles.
var goldenSample = []struct {
	file        string
	step, limit int
}{
	{"bbc.jsonl.gz", 7, 300},
	{"reuters21578.jsonl.gz", 97, 100},
	{"wikinews.jsonl.gz", 13, 100},
	{"allsides_news.jsonl.gz", 11, 100},
}

// goldenLine is one document's output: its name, a digest of the labels and
// their count, and the readable labels (kept out of the file, shown on a
// mismatch).
type goldenLine struct {
	name, digest string
	n            int
	text         string
}

func (g goldenLine) String() string { return fmt.Sprintf("%s %s %d", g.name, g.digest, g.n) }

func digest(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:8])
}

// goldenDev tags each dev document as a document and its first sentences
// one by one (TagWords).
func goldenDev(t *testing.T, tg *Tagger) []goldenLine {
	f, err := os.Open(sharedDir + "/data/conll2003/dev.txt")
	if err != nil {
		t.Skipf("CoNLL-2003 dev set not available (%v); CI provides ../shared", err)
	}
	defer f.Close()
	docs, err := ReadCoNLL(f)
	if err != nil {
		t.Fatal(err)
	}
	var out []goldenLine
	for di, d := range docs {
		ws := make([][]string, len(d.Sentences))
		for i, s := range d.Sentences {
			ws[i] = s.Words
		}
		var b strings.Builder
		n := 0
		for _, tags := range tg.TagDocument(ws) {
			b.WriteString(strings.Join(tags, " "))
			b.WriteByte('\n')
			n += len(tags)
		}
		out = append(out, goldenLine{fmt.Sprintf("conll-dev/%d", di), digest(b.String()), n, b.String()})
		// TagWords on single sentences: no document context
		var sb strings.Builder
		n = 0
		for _, s := range d.Sentences[:min(3, len(d.Sentences))] {
			tags := tg.TagWords(s.Words)
			sb.WriteString(strings.Join(tags, " "))
			sb.WriteByte('\n')
			n += len(tags)
		}
		out = append(out, goldenLine{fmt.Sprintf("conll-dev-words/%d", di), digest(sb.String()), n, sb.String()})
	}
	return out
}

// goldenNews tags articles (title and body joined as the indexer does) and
// renders their spans with the tagged text.
func goldenNews(t *testing.T, tg *Tagger, file string, step, limit int) []goldenLine {
	f, err := os.Open(filepath.Join(sharedDir, "data/news", file))
	if err != nil {
		t.Skipf("news corpus not available (%v); CI provides ../shared", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var out []goldenLine
	for line := 0; sc.Scan() && len(out) < limit; line++ {
		if line%step != 0 {
			continue
		}
		var a struct {
			ID    string `json:"id"`
			Title string `json:"title"`
			Body  string `json:"body"`
		}
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("%s line %d: %v", file, line+1, err)
		}
		text := a.Body
		if a.Title != "" {
			text = a.Title + "\n\n" + a.Body
		}
		toks := tokenize.Tokenize(text)
		spans := tg.Tag(toks, tokenize.Sentences(text, toks))
		var b strings.Builder
		for _, s := range spans {
			fmt.Fprintf(&b, "%d-%d %s %s\n", s.Start, s.End, s.Type, text[toks[s.Start].StartByte:toks[s.End-1].EndByte])
		}
		out = append(out, goldenLine{fmt.Sprintf("%s/%d", strings.TrimSuffix(file, ".jsonl.gz"), line+1), digest(b.String()), len(spans), b.String()})
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return out
}

func checkGolden(t *testing.T, path string, got []goldenLine) {
	t.Helper()
	var b strings.Builder
	b.WriteString("# name digest(labels) count: see golden_test.go\n")
	for _, g := range got {
		b.WriteString(g.String())
		b.WriteByte('\n')
	}
	if golden.Update() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d documents)", path, len(got))
		return
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	want := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")[1:]
	if len(want) != len(got) {
		t.Errorf("%s: %d documents, golden file has %d", path, len(got), len(want))
	}
	bad := 0
	for i := range min(len(want), len(got)) {
		if g := got[i].String(); g != want[i] {
			bad++
			if bad <= 5 {
				t.Errorf("%s: got %q, want %q; output now:\n%s", path, g, want[i], got[i].text)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d documents changed", path, bad, len(got))
	}
}

// TestGoldenOutput checks that the tagger's output is exactly what it was
// when the golden file was written.
func TestGoldenOutput(t *testing.T) {
	tg := mustDefault(t)
	got := goldenDev(t, tg)
	for _, s := range goldenSample {
		got = append(got, goldenNews(t, tg, s.file, s.step, s.limit)...)
	}
	checkGolden(t, goldenPath, got)
}

// TestGoldenFull is the same check over every article of the shared news
// corpora, against a golden file named by -golden.full.
func TestGoldenFull(t *testing.T) {
	if *goldenFull == "" {
		t.Skip("set -golden.full=FILE to check every shared news article")
	}
	tg := mustDefault(t)
	var got []goldenLine
	for _, s := range goldenSample {
		got = append(got, goldenNews(t, tg, s.file, 1, 1<<30)...)
	}
	checkGolden(t, *goldenFull, got)
}
