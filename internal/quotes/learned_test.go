package quotes

import (
	"bytes"
	"strings"
	"testing"

	"github.com/newsfind/newsfind/schema"
)

// TestLearnedCues pins what the embedded cue model adds to the curated
// cue verbs: beliefs, intentions, stances and refusals, with the speaker
// before the cue and the content after it, or the content around it for
// words like "expected".
func TestLearnedCues(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []want
	}{
		{
			name: "declined to comment",
			text: "A spokeswoman for the ministry declined to comment.",
			// the noun phrase reader stops at the determiner: the mention is
			// the head's complement (it overlaps the full phrase)
			want: []want{{"to comment", "indirect", "declined", "", "the ministry"}},
		},
		{
			name: "accused X of",
			text: "Limbaugh accused the Democrats of scheduling their debates on Saturday evenings.",
			want: []want{{"the Democrats of scheduling their debates on Saturday evenings", "indirect", "accused", "Limbaugh", "Limbaugh"}},
		},
		{
			name: "a cue in a relative clause ends at the clause's comma",
			text: "Bernie Sanders, who endorsed Clinton on Tuesday, said Wednesday he agrees with her.",
			want: []want{
				{"Clinton on Tuesday", "indirect", "endorsed", "Bernie Sanders", "who"},
				{"he agrees with her", "indirect", "said", "Bernie Sanders", "Bernie Sanders"},
			},
		},
		{
			name: "content that starts before the cue",
			text: "The committee is expected to produce a report this summer.",
			want: []want{{"The committee is expected to produce a report this summer", "indirect", "expected", "", "The committee"}},
		},
		{
			name: "a learned cue after its content",
			text: "The governor warned that cuts were likely, the Washington Examiner reported.",
			want: []want{
				{"The governor warned that cuts were likely", "indirect", "reported", "Washington Examiner", "the Washington Examiner"},
				{"that cuts were likely", "indirect", "warned", "", "The governor"},
			},
		},
		{
			name: "a word that is rarely a cue stays out",
			text: "She used a private email server for her work.",
		},
	}
	x := New()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := x.Extract(tc.text, nil, nil, personEnts(tc.text, "Bernie Sanders", "Limbaugh"))
			checkWant(t, tc.text, got, tc.want)
		})
	}
}

// TestLearnedCueContexts checks that the model's contexts decide, with a
// hand-made model: "endorsed" before a noun phrase is a cue, before "by"
// it is not, and without a model it never is.
func TestLearnedCueContexts(t *testing.T) {
	const tsv = modelHeader + "\n" +
		"endorsed\t*\t*\t20\t30\t0\n" +
		"endorsed\t*\tcap\t19\t20\t0\n" +
		"endorsed\t*\tby\t0\t9\t0\n"
	m, err := ReadModel(strings.NewReader(tsv), "test")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		model *CueModel
		text  string
		want  []want
	}{
		{"a cue before a name", m, "The union endorsed Clinton in December.",
			[]want{{"Clinton in December", "indirect", "endorsed", "", "The union"}}},
		{"not a cue before by", m, "The plan was endorsed by the union.", nil},
		{"no model, no learned cue", nil, "The union endorsed Clinton in December.", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := NewWithModel(tc.model).Extract(tc.text, nil, nil, nil)
			checkWant(t, tc.text, got, tc.want)
		})
	}
}

func personEnts(text string, names ...string) []schema.Entity {
	var es []schema.Entity
	for _, n := range names {
		if strings.Contains(text, n) {
			es = append(es, ent(text, "person", n, n))
		}
	}
	return es
}

func checkWant(t *testing.T, text string, got []schema.Quote, ws []want) {
	t.Helper()
	var g []want
	for _, q := range got {
		w := want{q.Text, q.Kind, q.Cue, q.Speaker, ""}
		if q.SpeakerMention != nil {
			w.mention = q.SpeakerMention.Text
		}
		g = append(g, w)
	}
	if len(g) != len(ws) {
		t.Fatalf("got %d quotes, want %d:\n got %q\nwant %q", len(g), len(ws), g, ws)
	}
	for i := range g {
		if g[i] != ws[i] {
			t.Errorf("quote %d:\n got %q\nwant %q", i, g[i], ws[i])
		}
	}
	checkOffsets(t, text, got)
}

func TestDefaultModel(t *testing.T) {
	m, err := DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	if m.Len() < 1000 {
		t.Errorf("embedded cue model has %d keys, want the full model", m.Len())
	}
}

func TestTrainAndRoundTrip(t *testing.T) {
	text := "Smith endorsed Jones on Monday. Brown endorsed Lee. The plan was endorsed by all. Smith endorsed Kim. The bill was endorsed by none."
	ex := Example{Text: text}
	for _, who := range []string{"Smith endorsed Jones", "Brown endorsed", "Smith endorsed Kim"} { // the active "endorsed"
		off := strings.Index(text, who) + strings.Index(who, "endorsed")
		ex.Attributions = append(ex.Attributions, ExampleAttribution{CueStart: off, CueEnd: off + 8, Start: off + 9, End: off + 14})
	}
	m := Train([]Example{ex}, TrainOptions{MinCues: 2})
	if c := m.words["endorsed"].all; c != (cueCount{Cues: 3, Total: 5}) {
		t.Errorf("endorsed: %+v, want 3 cues of 5", c)
	}
	if _, ok := m.words["smith"]; ok {
		t.Error("a word that never heads a cue is in the model")
	}
	var a, b bytes.Buffer
	if _, err := m.WriteTo(&a); err != nil {
		t.Fatal(err)
	}
	m2, err := ReadModel(bytes.NewReader(a.Bytes()), "roundtrip")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m2.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Errorf("round trip changed the model:\n%s\n---\n%s", a.String(), b.String())
	}
	if p, _ := m2.cueWord("endorsed").score(pCap, nCap); p < 0.5 {
		t.Errorf("score(endorsed before a name) = %.2f, want >= 0.5", p)
	}
	if p, _ := m2.cueWord("endorsed").score(pBe, nWords["by"]); p >= 0.5 {
		t.Errorf("score(endorsed by) = %.2f, want < 0.5", p)
	}
}

func TestReadModelErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", "empty cue model"},
		{"header", "word\tprev\n", "line 1: not a cue model"},
		{"fields", modelHeader + "\nsaid\t*\t*\t1\n", "line 2: want 6 tab-separated fields, got 4"},
		{"count", modelHeader + "\nsaid\t*\t*\tx\t2\t0\n", `line 2: field 4: bad count "x"`},
		{"order", modelHeader + "\nsaid\t*\t*\t3\t2\t0\n", "line 2: counts out of order"},
		{"context", modelHeader + "\nsaid\tnoun\t*\t1\t2\t0\n", `line 2: unknown context "noun" "*"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadModel(strings.NewReader(tc.in), "m.tsv")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}
