package quotes

import (
	"slices"
	"testing"

	"github.com/newsfind/newsfind/schema"
)

// TestUntangleNested pins how an attribution found inside another's
// content is settled: a belief, stance or report that is the outer cue's
// complement is dropped (the outer one reports it), one in a clause of its
// own ends the outer content at the clause boundary, and a nested verb of
// saying stays.
func TestUntangleNested(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []want
	}{
		{
			name: "a stance in the complement clause is dropped",
			text: "Polls show that most voters want a change in Washington.",
			want: []want{{"that most voters want a change in Washington", "indirect", "show", "", "Polls"}},
		},
		{
			name: "an expectation reported by a spokesman is dropped",
			text: "The spokesman said the company expects sales to fall next year.",
			want: []want{{"the company expects sales to fall next year", "indirect", "said", "", "The spokesman"}},
		},
		{
			name: "a clause after ', but' ends the outer content",
			text: "Aides said the senator supported the bill, but the governor opposed it.",
			want: []want{
				{"the senator supported the bill", "indirect", "said", "", "Aides"},
				{"it", "indirect", "opposed", "", "the governor"},
			},
		},
		{
			name: "a clause after ', though' ends the outer content",
			text: "The senator said every aide signs the agreement, though she declined to discuss its terms.",
			want: []want{
				{"every aide signs the agreement", "indirect", "said", "", "The senator"},
				{"to discuss its terms", "indirect", "declined", "", "she"},
			},
		},
		{
			name: "a nested verb of saying stays",
			text: "Ms. Ortiz said she told the board that the merger was dead.",
			want: []want{
				{"she told the board that the merger was dead", "indirect", "said", "Ortiz", "Ms. Ortiz"},
				{"that the merger was dead", "indirect", "told", "", "she"},
			},
		},
	}
	x := New()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkWant(t, tc.text, x.Extract(tc.text, nil, nil, nil), tc.want)
		})
	}
}

// TestDropNestedQuotationsAligned: every pair is compared with its own
// quotation-only flag, also after an earlier quote was dropped (the list
// is compacted in place only when all are decided).
func TestDropNestedQuotationsAligned(t *testing.T) {
	q := func(s, e int, kind, spk string) schema.Quote {
		return schema.Quote{Start: s, End: e, Kind: kind, Speaker: spk}
	}
	qs := []schema.Quote{
		q(0, 100, "direct", "S"),   // a mixed quote of S
		q(10, 20, "direct", "S"),   // its quotation: dropped
		q(200, 300, "direct", "T"), // a mixed quote of T
		q(150, 160, "direct", "U"), // a quotation elsewhere
		q(210, 220, "direct", "T"), // inside T's mixed quote: dropped
	}
	pure := []bool{false, true, false, true, true}
	want := []schema.Quote{qs[0], qs[2], qs[3]}
	if got := dropNestedQuotations(slices.Clone(qs), pure); !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
