package schema

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// roundTrip stores a the way the index does and reads it back.
func roundTrip(t testing.TB, a *Article) *Article {
	t.Helper()
	d, err := ArticleDoc(a)
	if err != nil {
		t.Fatal(err)
	}
	fields := storedFields(d)
	got, err := ArticleFromFields(a.ID, fields)
	if err != nil {
		t.Fatalf("ArticleFromFields: %v (stored %s)", err, fields[FieldStored])
	}
	return got
}

// storedFields are the values of d that the article mapping stores, as
// bleve returns them: strings.
func storedFields(d map[string]any) map[string]any {
	props := NewArticleMapping().DefaultMapping.Properties
	fields := map[string]any{}
	for k, v := range d {
		p, ok := props[k]
		if s, isString := v.(string); ok && isString && len(p.Fields) > 0 && p.Fields[0].Store {
			fields[k] = s
		}
	}
	return fields
}

// TestArticleFromOldFields: an index written before 2026-11-27 stores
// source and published as fields of their own, not in the stored field.
func TestArticleFromOldFields(t *testing.T) {
	got, err := ArticleFromFields("a1", map[string]any{FieldTitle: "t", FieldBody: "b", FieldStored: `{}`,
		FieldSource: "wire", FieldPublished: "2016-01-15T08:30:00.000000005Z"})
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2016, 1, 15, 8, 30, 0, 5, time.UTC); got.Source != "wire" || !got.Published.Equal(want) {
		t.Errorf("source %q, published %v", got.Source, got.Published)
	}
}

func TestStoredRoundTrip(t *testing.T) {
	body := "Ça va, said Zoë in Köln. “We will win,” she said. “No doubt.”"
	at := func(s string) (int, int) { // code-point offsets of s in body
		i := strings.Index(body, s)
		if i < 0 {
			t.Fatalf("%q not in body", s)
		}
		start := utf8.RuneCountInString(body[:i])
		return start, start + utf8.RuneCountInString(s)
	}
	zs, ze := at("Zoë")
	ks, ke := at("Köln")
	w1, w2 := at("We will win,")
	n1, n2 := at("No doubt.")
	for _, tc := range []struct {
		name string
		a    Article
	}{
		{"no extraction", Article{ID: "x", Title: "T", Body: "b"}},
		{"non-ASCII offsets", Article{ID: "x", Body: body,
			Entities: []Entity{
				{Type: TypePerson, Name: "Zoë Smith", Mentions: []Mention{{Text: "Zoë", Start: zs, End: ze}}},
				{Type: TypePlace, Name: "Cologne", Mentions: []Mention{{Text: "Köln", Start: ks, End: ke}}, Geo: &Geo{CountryCode: "DE", Lat: 50.93333, Lon: 6.95, GeonameID: 2886242}},
			},
			Quotes: []Quote{
				{Text: "We will win,", Start: w1, End: w2, Kind: KindDirect, Cue: "said", Speaker: "Zoë Smith", SpeakerMention: &Mention{Text: "Zoë", Start: zs, End: ze}},
				{Text: "No doubt.", Start: n1, End: n2, Kind: KindDirect},
			}}},
		{"quote joined from two pieces", Article{ID: "x", Body: body,
			Quotes: []Quote{{Text: "We will win, No doubt.", Start: w1, End: n2, Kind: KindDirect, Cue: "said", Speaker: "Zoë Smith"}}}},
		{"texts that are not the body's", Article{ID: "x", Body: body,
			Entities: []Entity{
				{Type: TypePerson, Name: "Zoë", Mentions: []Mention{{Text: "zoe", Start: zs, End: ze}, {Text: "Zoë", Start: zs, End: ze}, {Text: "", Start: ks, End: ke}}},
				{Type: TypeOrganization, Name: "Far", Mentions: []Mention{{Text: "beyond", Start: 500, End: 506}, {Text: "back", Start: -3, End: 1}, {Text: "inverted", Start: 5, End: 2}}},
			},
			Quotes: []Quote{
				{Text: "out of range", Start: 1000, End: 1012, Kind: KindIndirect, SpeakerMention: &Mention{Text: "nobody", Start: 900, End: 906}},
				{Text: "", Start: w1, End: w2, Kind: KindIndirect, SpeakerMention: &Mention{Text: "", Start: zs, End: ze}},
			}}},
		{"types and kinds without a code", Article{ID: "x", Body: body,
			Entities: []Entity{{Type: "event", Name: "E", Mentions: []Mention{}}, {Type: "", Name: "blank", Mentions: []Mention{}}, {Type: TypeMisc, Name: "M", Mentions: []Mention{}}},
			Quotes:   []Quote{{Text: "No doubt.", Start: n1, End: n2, Kind: "rumour"}, {Text: "No doubt.", Start: n1, End: n2}}}},
		{"quotes out of order", Article{ID: "x", Body: body,
			Quotes: []Quote{{Text: "No doubt.", Start: n1, End: n2, Kind: KindDirect}, {Text: "We will win,", Start: w1, End: w2, Kind: KindDirect}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.a
			if want.Entities == nil {
				want.Entities = []Entity{}
			}
			if want.Quotes == nil {
				want.Quotes = []Quote{}
			}
			if diff := cmp.Diff(&want, roundTrip(t, &tc.a)); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
}

// TestStoredOmitsBodyTexts pins the point of the compact layout: texts the
// body holds at their offsets are not stored again.
func TestStoredOmitsBodyTexts(t *testing.T) {
	a := sampleArticle()
	a.Body = "Josh Earnest said it in Jakarta. " + strings.Repeat("Filler words. ", 20)
	a.Quotes[0].Text = "it in Jakarta. Filler words. Filler"
	a.Quotes[0].End = a.Quotes[0].Start + len(a.Quotes[0].Text)
	d, err := ArticleDoc(a)
	if err != nil {
		t.Fatal(err)
	}
	stored := d[FieldStored].(string)
	for _, s := range []string{a.Quotes[0].Text, `"mt"`, `"t":"`, a.URL, "person", "indirect", `"text"`} {
		if strings.Contains(stored, s) {
			t.Errorf("stored field repeats %q: %s", s, stored)
		}
	}
}

func TestStoredRejectsOtherLayouts(t *testing.T) {
	for name, stored := range map[string]string{
		"long keys of older indexes":    `{"url":"u","entities":[{"type":"person","name":"A","mentions":[]}],"quotes":[]}`,
		"entity as an object":           `{"e":[{"t":1,"n":"A","m":[0,1]}]}`,
		"short entity":                  `{"e":[[1,"A"]]}`,
		"long entity":                   `{"e":[[1,"A",[],{},0]]}`,
		"unknown entity extra":          `{"e":[[1,"A",[],{"z":1}]]}`,
		"name not a string":             `{"e":[[1,2,[]]]}`,
		"odd mention offsets":           `{"e":[[1,"A",[1,2,3]]]}`,
		"mention past the body":         `{"e":[[1,"A",[1,200]]]}`,
		"unknown type code":             `{"e":[[99,"A",[]]]}`,
		"unknown kind code":             `{"q":[[0,1,-1,"","",[]]]}`,
		"short quote":                   `{"q":[[0,1,1,"",""]]}`,
		"unknown quote extra":           `{"q":[[0,1,1,"","",[],{"z":"x"}]]}`,
		"quote past the body":           `{"q":[[0,100,1,"","",[]]]}`,
		"short speaker mention":         `{"q":[[0,1,1,"","",[0]]]}`,
		"speaker mention past the body": `{"q":[[0,1,1,"","",[5,100]]]}`,
		"trailing data":                 `{"a":["x"]} {}`,
		"unknown top-level key":         `{"a":["x"],"z":1}`,
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := ArticleFromFields("x", map[string]any{FieldBody: "short body", FieldStored: stored}); err == nil {
				t.Errorf("stored %s accepted", stored)
			}
		})
	}
}

// FuzzStoredRoundTrip: for any body and any offsets, what ArticleDoc stores
// ArticleFromFields reads back exactly.
func FuzzStoredRoundTrip(f *testing.F) {
	f.Add("Josh Earnest said it in Jakarta.", 0, 12, "Josh Earnest", 18, 20, "it")
	f.Add("Zoë: “Oui.”", 0, 3, "Zoë", 6, 10, "Oui.")
	f.Add("", 0, 0, "", -1, 3, "x")
	f.Add("ab\xffcd", 1, 4, "b\xffc", 2, 1, "")
	f.Fuzz(func(t *testing.T, body string, ms, me int, mtext string, qs, qe int, qtext string) {
		if !utf8.ValidString(body) || !utf8.ValidString(mtext) || !utf8.ValidString(qtext) {
			t.Skip("input is validated UTF-8 (indexer.DecodeArticle); JSON would replace invalid bytes")
		}
		a := &Article{ID: "f", Body: body,
			Entities: []Entity{{Type: TypePerson, Name: mtext, Mentions: []Mention{{Text: mtext, Start: ms, End: me}}}},
			Quotes:   []Quote{{Text: qtext, Start: qs, End: qe, Kind: KindDirect, SpeakerMention: &Mention{Text: mtext, Start: ms, End: me}}},
		}
		if diff := cmp.Diff(a, roundTrip(t, a)); diff != "" {
			t.Errorf("round trip (-want +got):\n%s", diff)
		}
	})
}

// sameJSON compares unknown input fields by value: encoding/json compacts
// them and escapes <, > and & when it writes them.
var sameJSON = cmp.Comparer(func(a, b json.RawMessage) bool {
	var x, y any
	return json.Unmarshal(a, &x) == nil && json.Unmarshal(b, &y) == nil && reflect.DeepEqual(x, y)
})

// FuzzArticleFromFields: any stored field either fails with an error or
// gives an article that stores and reads back unchanged; nothing panics.
func FuzzArticleFromFields(f *testing.F) {
	a := sampleArticle()
	d, err := ArticleDoc(a)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(a.Body, d[FieldStored].(string))
	f.Add("Zoë: “Oui.”", `{"e":[[1,"Zo\u00eb",[0,3],{"mt":{"0":"x"}}]],"q":[[6,4,1,"said","",[],{"t":"a\"b"}]]}`)
	f.Add("", `{"q":[[0,0,0,"","",[],{"ks":"x"}]]}`)
	f.Add("x", `{"e":[[1,"A",[-1,2]]]}`)
	f.Fuzz(func(t *testing.T, body, stored string) {
		got, err := ArticleFromFields("f", map[string]any{FieldBody: body, FieldStored: stored})
		if err != nil {
			return
		}
		if !utf8.ValidString(body) || !utf8.ValidString(stored) {
			return // JSON would replace invalid bytes on the way back
		}
		if diff := cmp.Diff(got, roundTrip(t, got), sameJSON); diff != "" {
			t.Errorf("stored %s: round trip (-first +second):\n%s", stored, diff)
		}
	})
}

// TestStoredFacets: the facet values a hit shows, read from the stored
// field, are those ArticleDoc indexes.
func TestStoredFacets(t *testing.T) {
	body := `He said "yes" to Zoë in Köln; Acme Corp. and the "Blue [Team]" agreed, said Bob.`
	m := Mention{Text: "Zoë", Start: 17, End: 20}
	articles := []*Article{
		{ID: "empty", Body: "b"},
		benchArticle(),
		{ID: "mixed", Body: body,
			Authors: []string{"A. Writer"},
			Extra: map[string]json.RawMessage{
				"e":    json.RawMessage(`[[1,"Not an entity",[]]]`), // an input field named like the entities
				"note": json.RawMessage(`{"q":"]}\"[{","n":[1,{"x":null}],"t":true}`),
			},
			Entities: []Entity{
				{Type: TypePerson, Name: "Zoë Smith", Mentions: []Mention{m}},
				{Type: TypePlace, Name: "Cologne", Mentions: []Mention{{Text: "Köln", Start: 24, End: 28}}, Geo: &Geo{CountryCode: "DE", Lat: 50.9, Lon: 6.95, GeonameID: 2886242}},
				{Type: TypeOrganization, Name: "Acme Corp.", Mentions: []Mention{{Text: "Acme Corp.", Start: 30, End: 40}}},
				{Type: TypeOrganization, Name: `"Blue [Team]"`, Mentions: []Mention{{Text: "somewhere else", Start: 49, End: 61}}},
				{Type: "event", Name: "Zoë Smith", Mentions: []Mention{m}},    // a type without a code
				{Type: TypePerson, Name: "Zoë Smith", Mentions: []Mention{m}}, // the same name again
				{Type: TypeMisc, Name: "Cologne"},
				{Type: TypePerson, Name: "Bob", Mentions: []Mention{{Text: "Bob", Start: 78, End: 81}}},
			},
			Quotes: []Quote{
				{Text: "yes", Start: 9, End: 12, Kind: KindDirect, Cue: "said", Speaker: "Bob"},
				{Text: "nobody", Start: 0, End: 2, Kind: "hearsay"}, // no speaker, a kind without a code
				{Text: "agreed", Start: 64, End: 70, Kind: KindIndirect, Cue: "agreed", Speaker: `"Blue [Team]"`},
				{Text: "yes", Start: 9, End: 12, Kind: KindDirect, Cue: "said", Speaker: "Bob"},
			}},
	}
	for _, a := range articles {
		t.Run(a.ID, func(t *testing.T) {
			d, err := ArticleDoc(a)
			if err != nil {
				t.Fatal(err)
			}
			stored, _ := d[FieldStored].(string)
			got, err := StoredFacets(stored)
			if err != nil {
				t.Fatalf("StoredFacets: %v (stored %s)", err, stored)
			}
			want := HitFacets{Speakers: Speakers(a.Quotes), Persons: Names(a.Entities, TypePerson), Places: Names(a.Entities, TypePlace),
				Orgs: Names(a.Entities, TypeOrganization), Source: a.Source, Published: a.Published}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("facets (-indexed +read):\n%s", diff)
			}
			meta, err := StoredSourcePublished(stored)
			if err != nil || meta.Source != a.Source || !meta.Published.Equal(a.Published) || meta.Speakers != nil || meta.Persons != nil {
				t.Errorf("StoredSourcePublished = %+v, %v; want source %q, published %v only", meta, err, a.Source, a.Published)
			}
		})
	}
	// The mixed article has every kind of value at least once.
	if d, _ := ArticleDoc(articles[2]); len(d[FieldPerson].([]string)) != 2 || len(d[FieldSpeaker].([]string)) != 2 || len(d[FieldOrg].([]string)) != 2 {
		t.Errorf("the test article lost values: %v", d)
	}
	for _, bad := range []string{`{"e":[[1,"a"`, `{"e":[[1,"a",[],{]]}`, `{"q":[[0,1,2,"said"]]}`, `{"x":{"a":1}`, `{"e":[]} x`, `[]`, `{"x":"`, `{"p":"2016-01-15"}`, `{"p":-99999999999999}`, `{"p":1.0000000001}`, `{"p":1.}`, `{"p":99999999999}`, `{"p":"1"}`, `{"s":1}`} {
		if _, err := StoredFacets(bad); err == nil {
			t.Errorf("StoredFacets(%q): no error", bad)
		}
	}
}

func FuzzStoredFacets(f *testing.F) {
	d, _ := ArticleDoc(benchArticle())
	f.Add(d[FieldStored].(string))
	f.Add(`{"x":{"q":"]}"},"e":[[0,"n",[],{"ts":"event"}]]}`)
	f.Fuzz(func(t *testing.T, s string) {
		StoredFacets(s) // an error or facets, never a panic
	})
}

// Random articles for TestStoredFacetsRandom (from a helper's review):
// names with quotes, escapes, control characters and brackets, unknown
// entity types and quote kinds, nested input fields.
var facetNames = []string{"", "Bob", "Zoë", `"Blue [Team]"`, `a\b`, "\x00\x1f", "<&>", "\u2028x\u2029", "日本", "]}", `{"e":[`, "\\\"", "e", "q", "x", "a", "ts", "person", "😀", "\t", " ", "a,b"}
var facetTypes = []string{TypePerson, TypePlace, TypeOrganization, TypeMisc, "", "event", "Person", "person ", "0", "1", `"`, "ts"}

func randomName(r *rand.Rand) string {
	if r.IntN(3) > 0 {
		return facetNames[r.IntN(len(facetNames))]
	}
	var b strings.Builder
	for n := r.IntN(6); n > 0; n-- {
		b.WriteString(facetNames[r.IntN(len(facetNames))])
	}
	return b.String()
}

func randomJSON(r *rand.Rand, depth int) string {
	switch k := r.IntN(7); {
	case depth > 5 || k == 0:
		return []string{"1", "-2.5e3", "true", "false", "null", "0"}[r.IntN(6)]
	case k == 1:
		s, _ := json.Marshal(randomName(r))
		return string(s)
	case k <= 3:
		var parts []string
		for n := r.IntN(4); n > 0; n-- {
			parts = append(parts, randomJSON(r, depth+1))
		}
		return " [ " + strings.Join(parts, " ,\n") + "] "
	default:
		var parts []string
		for n := r.IntN(4); n > 0; n-- {
			k, _ := json.Marshal(randomName(r))
			parts = append(parts, string(k)+" :"+randomJSON(r, depth+1))
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
}

func randomArticle(r *rand.Rand) *Article {
	body := []string{"", "b", "Zoë said hi in Köln", strings.Repeat("x", 50)}[r.IntN(4)]
	a := &Article{ID: "r", Body: body}
	if r.IntN(2) == 0 {
		for n := r.IntN(3); n >= 0; n-- {
			a.Authors = append(a.Authors, randomName(r))
		}
	}
	if r.IntN(2) == 0 {
		a.Extra = map[string]json.RawMessage{}
		for n := r.IntN(4); n >= 0; n-- {
			a.Extra[randomName(r)] = json.RawMessage(randomJSON(r, 0))
		}
	}
	for n := r.IntN(8); n > 0; n-- {
		e := Entity{Type: facetTypes[r.IntN(len(facetTypes))], Name: randomName(r)}
		for m := r.IntN(3); m > 0; m-- {
			s := r.IntN(30) - 5
			e.Mentions = append(e.Mentions, Mention{Text: randomName(r), Start: s, End: s + r.IntN(5) - 1})
		}
		if r.IntN(3) == 0 {
			e.Geo = &Geo{CountryCode: randomName(r), Lat: r.Float64(), Lon: -r.Float64(), GeonameID: r.IntN(3)}
		}
		a.Entities = append(a.Entities, e)
	}
	for n := r.IntN(6); n > 0; n-- {
		s := r.IntN(30) - 5
		q := Quote{Text: randomName(r), Start: s, End: s + r.IntN(5), Kind: []string{KindDirect, KindIndirect, "", "hearsay"}[r.IntN(4)], Cue: randomName(r), Speaker: randomName(r)}
		if r.IntN(2) == 0 {
			q.SpeakerMention = &Mention{Text: randomName(r), Start: r.IntN(20), End: r.IntN(20)}
		}
		a.Quotes = append(a.Quotes, q)
	}
	return a
}

func checkStoredFacets(t *testing.T, a *Article) {
	t.Helper()
	d, err := ArticleDoc(a)
	if err != nil {
		return // invalid Extra etc.
	}
	stored := d[FieldStored].(string)
	got, err := StoredFacets(stored)
	if err != nil {
		t.Fatalf("StoredFacets: %v\nstored %s", err, stored)
	}
	want := HitFacets{Speakers: Speakers(a.Quotes), Persons: Names(a.Entities, TypePerson), Places: Names(a.Entities, TypePlace),
		Orgs: Names(a.Entities, TypeOrganization), Source: a.Source, Published: a.Published}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("facets (-indexed +read):\n%s\nstored %s", diff, stored)
	}
}

// TestStoredFacetsRandom: StoredFacets reads what ArticleDoc indexes, for
// random articles, and for lists long enough to dedupe with a map.
func TestStoredFacetsRandom(t *testing.T) {
	for seed := range uint64(3000) {
		r := rand.New(rand.NewPCG(seed, 7))
		checkStoredFacets(t, randomArticle(r))
	}
	long := &Article{ID: "long", Body: "b"}
	for i := range 200 {
		long.Entities = append(long.Entities, Entity{Type: TypePerson, Name: fmt.Sprintf("Person %d", i%70)})
		long.Quotes = append(long.Quotes, Quote{Speaker: fmt.Sprintf("Person %d", i%50), Kind: KindDirect})
	}
	checkStoredFacets(t, long)
}

// TestStoredDate: the stored date is exact to the nanosecond across the
// dates an article may carry, before 1970 too, and short for whole seconds.
func TestStoredDate(t *testing.T) {
	for _, tc := range []struct {
		t    time.Time
		want string
	}{
		{time.Date(1987, 10, 19, 14, 34, 26, 750_000_000, time.UTC), "561652466.75"},
		{time.Date(2016, 1, 15, 8, 30, 0, 0, time.UTC), "1452846600"},
		{time.Date(2016, 1, 15, 8, 30, 0, 5, time.UTC), "1452846600.000000005"},
		{time.Date(1969, 12, 31, 23, 59, 59, 500_000_000, time.UTC), "-0.5"},
		{time.Date(1900, 1, 1, 0, 0, 0, 1, time.UTC), "-2208988799.999999999"},
		{time.Unix(0, 0).UTC(), "0"},
		{MinPublished, ""},
		{MaxPublished.Add(-1), ""},
	} {
		got := string(storedDate(tc.t))
		if tc.want != "" && got != tc.want {
			t.Errorf("storedDate(%v) = %s, want %s", tc.t, got, tc.want)
		}
		back, err := parseStoredDate(got)
		if err != nil || !back.Equal(tc.t) {
			t.Errorf("parseStoredDate(%s) = %v, %v; want %v", got, back, err, tc.t)
		}
	}
	for _, bad := range []string{"", "-", ".5", "1.", "1.0000000001", "1e9", "+1", "1.-5", "99999999999", "-99999999999", "9214646400", "--1"} {
		if got, err := parseStoredDate(bad); err == nil {
			t.Errorf("parseStoredDate(%q) = %v, want an error", bad, got)
		}
	}
}
