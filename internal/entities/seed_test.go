package entities

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/newsfind/newsfind/internal/golden"
	"github.com/newsfind/newsfind/internal/ner"
	"github.com/newsfind/newsfind/internal/tokenize"
	"github.com/newsfind/newsfind/schema"
)

// seedDir is the shared test article, beside the repository (see the
// project README); tests that need it skip when it is absent.
var seedDir = filepath.Join("..", "..", "..", "shared", "seed")

type seedEntity struct {
	Type     string   `json:"type"`
	Name     string   `json:"name"`
	Mentions []string `json:"mentions"`
}

func readSeed(t *testing.T) (string, []seedEntity) {
	t.Helper()
	text, err := os.ReadFile(filepath.Join(seedDir, "article.txt"))
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("no seed article at %s", seedDir)
	}
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(seedDir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var exp struct {
		Entities []seedEntity `json:"entities"`
	}
	if err := json.Unmarshal(raw, &exp); err != nil {
		t.Fatalf("expected.json: %v", err)
	}
	return string(text), exp.Entities
}

// compareSeed checks every expected entity (type, canonical name, the set of
// mention texts) and that nothing else is found.
func compareSeed(t *testing.T, want []seedEntity, got []schema.Entity) {
	t.Helper()
	norm := func(e seedEntity) seedEntity {
		seen := map[string]bool{}
		var ms []string
		for _, m := range e.Mentions {
			if !seen[m] {
				seen[m] = true
				ms = append(ms, m)
			}
		}
		sort.Strings(ms)
		return seedEntity{e.Type, e.Name, ms}
	}
	var w, g []seedEntity
	for _, e := range want {
		w = append(w, norm(e))
	}
	for _, e := range got {
		se := seedEntity{Type: e.Type, Name: e.Name}
		for _, m := range e.Mentions {
			se.Mentions = append(se.Mentions, m.Text)
		}
		g = append(g, norm(se))
	}
	less := func(a, b seedEntity) bool { return a.Type+a.Name < b.Type+b.Name }
	if diff := cmp.Diff(w, g, cmpSortEntities(less)); diff != "" {
		t.Errorf("seed entities (-want +got):\n%s", diff)
	}
}

func cmpSortEntities(less func(a, b seedEntity) bool) cmp.Option {
	return cmp.Transformer("sort", func(in []seedEntity) []seedEntity {
		out := append([]seedEntity(nil), in...)
		sort.Slice(out, func(i, j int) bool { return less(out[i], out[j]) })
		return out
	})
}

// TestSeedHandTagged runs the resolver on the seed article with the spans a
// good CoNLL tagger produces (nationalities as MISC, some of them as LOC,
// and a span inside the furniture line), so it tests this package alone.
func TestSeedHandTagged(t *testing.T) {
	text, want := readSeed(t)
	res := analyze(t, text,
		"LOC:US", "PER:Barack Obama", "ORG:Islamic State", "LOC:Indonesia", "PER:Obama",
		"ORG:National Security Council", "ORG:ISIS", "ORG:White House", "MISC:Iraqi", "LOC:Ramadi",
		"ORG:Global Coalition to Counter ISIS", "LOC:Iraq", "LOC:Syria", "ORG:This Section",
		"LOC:United States", "PER:Josh Earnest", "LOC:Jakarta", "PER:Earnest", "LOC:Indonesians")
	compareSeed(t, want, res.Entities)
}

// TestSeedTagged runs the embedded tagger and the resolver on the seed
// article: the result must match expected.json's entities (types, canonical
// names, mentions). This is the end-to-end check; TestGolden pins the
// resolver's exact output on recorded spans.
func TestSeedTagged(t *testing.T) {
	text, want := readSeed(t)
	tg := tagger(t)
	toks := tokenize.Tokenize(text)
	sents := tokenize.Sentences(text, toks)
	ents := resolver(t).Resolve(text, toks, sents, tg.Tag(toks, sents))
	checkMentions(t, text, ents)
	compareSeed(t, want, ents)
}

func tagger(t *testing.T) *ner.Tagger {
	t.Helper()
	tg, err := ner.Default()
	if errors.Is(err, ner.ErrNoModel) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

// TestGolden pins the resolver's output (entities and role ties) on the
// texts of testdata/golden (Wikinews articles, see the README there) and the
// seed article. The input spans are the embedded tagger's, recorded in
// <name>.spans.json, so the test checks this package, not the model; `go
// test ./internal/entities -run Golden -update` re-records them with the
// current model and rewrites <name>.golden.json (check the diff).
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden texts: %v", err)
	}
	type input struct{ name, textPath string }
	var inputs []input
	for _, f := range files {
		inputs = append(inputs, input{strings.TrimSuffix(filepath.Base(f), ".txt"), f})
	}
	if _, err := os.Stat(filepath.Join(seedDir, "article.txt")); err == nil {
		inputs = append(inputs, input{"seed", filepath.Join(seedDir, "article.txt")})
	}
	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			raw, err := os.ReadFile(in.textPath)
			if err != nil {
				t.Fatal(err)
			}
			text := string(raw)
			toks := tokenize.Tokenize(text)
			sents := tokenize.Sentences(text, toks)
			base := filepath.Join("testdata", "golden", in.name)
			var spans []ner.Span
			if golden.Update() {
				spans = tagger(t).Tag(toks, sents)
				writeJSON(t, base+".spans.json", spans)
			}
			readJSON(t, base+".spans.json", &spans)
			res := resolver(t).Analyze(text, toks, sents, spans)
			checkMentions(t, text, res.Entities)
			got := struct {
				Entities []schema.Entity `json:"entities"`
				Roles    []Role          `json:"roles"`
			}{res.Entities, res.Roles}
			gotJSON, err := json.MarshalIndent(got, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, base+".golden.json", append(gotJSON, '\n'))
		})
	}
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to record it)", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
