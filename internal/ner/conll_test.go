package ner

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSpansFromTags(t *testing.T) {
	tests := []struct {
		name string
		tags string
		want []Span
	}{
		{"empty", "", nil},
		{"iob1", "I-PER I-PER O I-LOC", []Span{{"PER", 0, 2}, {"LOC", 3, 4}}},
		{"iob1 adjacent same type", "I-LOC B-LOC O", []Span{{"LOC", 0, 1}, {"LOC", 1, 2}}},
		{"iob2", "B-PER I-PER B-PER O", []Span{{"PER", 0, 2}, {"PER", 2, 3}}},
		{"type change", "I-ORG I-LOC", []Span{{"ORG", 0, 1}, {"LOC", 1, 2}}},
		{"bioes", "B-ORG E-ORG S-PER O B-LOC I-LOC E-LOC", []Span{{"ORG", 0, 2}, {"PER", 2, 3}, {"LOC", 4, 7}}},
		{"entity at end", "O I-MISC", []Span{{"MISC", 1, 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SpansFromTags(strings.Fields(tt.tags))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("SpansFromTags(%q) (-want +got):\n%s", tt.tags, diff)
			}
		})
	}
}

func TestReadCoNLL(t *testing.T) {
	in := "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\n\nPeter NNP I-NP I-PER\n\n-DOCSTART- -X- O O\n\nBonn NNP I-NP I-LOC\n"
	docs, err := ReadCoNLL(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Document{
		{Sentences: []Sentence{{Words: []string{"EU", "rejects"}, Tags: []string{"I-ORG", "O"}}, {Words: []string{"Peter"}, Tags: []string{"I-PER"}}}},
		{Sentences: []Sentence{{Words: []string{"Bonn"}, Tags: []string{"I-LOC"}}}},
	}
	if diff := cmp.Diff(want, docs); diff != "" {
		t.Errorf("ReadCoNLL (-want +got):\n%s", diff)
	}
	if _, err := ReadCoNLL(strings.NewReader("EU NNP I-NP X-ORG\n")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("bad tag: err = %v, want a line-1 error", err)
	}
}

func TestScore(t *testing.T) {
	sc := NewScore()
	sc.Add(strings.Fields("I-PER I-PER O I-LOC O"), strings.Fields("B-PER I-PER O B-ORG O"))
	sc.Add(strings.Fields("I-ORG O"), strings.Fields("B-ORG B-LOC"))
	p, r, f := sc.PRF("")
	// gold 3 spans, pred 4, correct 2
	if !near(p, 0.5) || !near(r, 2.0/3) || !near(f, 2*0.5*(2.0/3)/(0.5+2.0/3)) {
		t.Errorf("PRF = %v %v %v", p, r, f)
	}
	if _, _, f := sc.PRF("PER"); !near(f, 1) {
		t.Errorf("PER F1 = %v, want 1", f)
	}
	if sc.Tokens != 7 {
		t.Errorf("Tokens = %d, want 7", sc.Tokens)
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

func TestLabelsRoundTrip(t *testing.T) {
	spans := []Span{{"PER", 0, 2}, {"LOC", 2, 3}, {"ORG", 4, 7}}
	labels := spansToLabels(spans, 8)
	if got := labelsToSpans(labels, 0, nil); !cmp.Equal(spans, got) {
		t.Errorf("round trip: got %v want %v", got, spans)
	}
	if got := strings.Join(labelsToIOB2(labels), " "); got != "B-PER I-PER B-LOC O B-ORG I-ORG I-ORG O" {
		t.Errorf("IOB2 = %q", got)
	}
	for i := 1; i < len(labels); i++ {
		if !allowed[labels[i-1]][labels[i]] {
			t.Errorf("gold transition %s -> %s not allowed", labelName(labels[i-1]), labelName(labels[i]))
		}
	}
}

func TestViterbiRespectsConstraints(t *testing.T) {
	// Emissions prefer I-PER everywhere, which is never valid on its own.
	n := 3
	em := make([]float32, n*nLabels)
	for i := 0; i < n; i++ {
		em[i*nLabels+labelOf(typeIndex("PER"), pI)] = 5
		em[i*nLabels] = 1
	}
	trans := make([]float32, (nLabels+1)*nLabels)
	out := make([]int, n)
	viterbi(em, trans, n, make([]uint8, n*nLabels), out)
	prev := nLabels
	for i, l := range out {
		if !allowed[prev][l] {
			t.Fatalf("position %d: %s after %d not allowed (%v)", i, labelName(l), prev, out)
		}
		prev = l
	}
	if !allowedEnd[prev] {
		t.Fatalf("sequence ends in %s", labelName(prev))
	}
	if got := labelsToSpans(out, 0, nil); !cmp.Equal(got, []Span{{"PER", 0, 3}}) {
		t.Errorf("spans = %v, want one PER over all tokens", got)
	}
}

func TestNormWord(t *testing.T) {
	for in, want := range map[string]string{"“": `"`, "”": `"`, "’": "'", "’s": "'s", "O’Neill": "O'Neill", "—": "-", "…": "...", "Obama": "Obama",
		"``": `"`, "''": `"`, "`": "'", "'": "'", `"`: `"`, "«": `"`, "‘quoted’": "'quoted'", "": "", "--": "--", "café": "café"} {
		if got := normWord(in); got != want {
			t.Errorf("normWord(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsTitleCase(t *testing.T) {
	var pref []uint64
	for _, w := range strings.Fields("says he will meet next month to in brown term limits") {
		pref = append(pref, hashLower(w))
	}
	res := &resources{lowerPref: newFeatTable(pref)}
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"Trump Says He Will Meet Kim In Singapore", true},
		{"Trump to Meet Kim in Singapore Next Month", true},
		{"Trump says he will meet Kim in Singapore", false},
		{"6. Steve Brown ( U.S. ) 13.53", false},
		{"Obama met Merkel", false},
		{"US", false},
	} {
		if got := res.isTitleCase(strings.Fields(tt.in)); got != tt.want {
			t.Errorf("isTitleCase(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	if (&resources{}).isTitleCase(strings.Fields("Trump Says He Will Meet Kim")) {
		t.Error("isTitleCase without a lower-case list should be false")
	}
}
