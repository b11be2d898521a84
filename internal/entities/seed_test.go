package entities

import (
	"encoding/json"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
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

var update = flag.Bool("update", false, "rewrite testdata golden files")

// TestSeedTagged runs the embedded tagger and the resolver on the seed
// article: the result must match expected.json's entities (types, canonical
// names, mentions) and the golden file, which pins offsets too. Rewrite the
// golden with `go test ./internal/entities -run SeedTagged -update`.
func TestSeedTagged(t *testing.T) {
	text, want := readSeed(t)
	tg, err := ner.Default()
	if errors.Is(err, ner.ErrNoModel) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	toks := tokenize.Tokenize(text)
	sents := tokenize.Sentences(text, toks)
	ents := resolver(t).Resolve(text, toks, sents, tg.Tag(toks, sents))
	checkMentions(t, text, ents)
	compareSeed(t, want, ents)

	got, err := json.MarshalIndent(schema.Extraction{Entities: ents, Quotes: []schema.Quote{}}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "seed.golden.json")
	if *update {
		if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wantJSON, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(wantJSON), string(got)+"\n"); diff != "" {
		t.Errorf("%s differs (-want +got); rerun with -update if the change is intended:\n%s", golden, diff)
	}
}

// TestGolden pins the resolver's output, with the embedded tagger, on the
// texts in testdata/golden (Wikinews articles, see the README there).
func TestGolden(t *testing.T) {
	tg, err := ner.Default()
	if errors.Is(err, ner.ErrNoModel) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden texts: %v", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			text := string(raw)
			toks := tokenize.Tokenize(text)
			sents := tokenize.Sentences(text, toks)
			res := resolver(t).Analyze(text, toks, sents, tg.Tag(toks, sents))
			checkMentions(t, text, res.Entities)
			got, err := json.MarshalIndent(struct {
				Entities []schema.Entity `json:"entities"`
				Roles    []Role          `json:"roles"`
			}{res.Entities, res.Roles}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := strings.TrimSuffix(f, ".txt") + ".golden.json"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s differs (-want +got); rerun with -update if the change is intended:\n%s", golden, diff)
			}
		})
	}
}
