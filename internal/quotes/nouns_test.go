package quotes

import "testing"

// TestNounAttributions pins stance nouns with their holder in the
// possessive: the possessor speaks, the noun's object is the content;
// without a possessor, or with a noun whose possessive reading is rarely
// an attribution, there is none.
func TestNounAttributions(t *testing.T) {
	x := New()
	for _, tc := range []struct {
		text string
		want []want
	}{
		{"The governor's attacks on the mayor, which began in May, grew sharper.",
			[]want{{"the mayor", "indirect", "attacks on", "", "The governor's"}}},
		{"After the union's endorsement of her campaign, Ms. Ortiz raised more money.",
			[]want{{"her campaign", "indirect", "endorsement of", "", "the union's"}}},
		{"The attacks on the mayor grew sharper in the spring.", nil},
		// "his" resolves like "he"
		{"Senator Alvarez toured Ohio. His attacks on the mayor, which began in May, grew sharper.",
			[]want{{"the mayor", "indirect", "attacks on", "Alvarez", "His"}}},
		{"Her support for the bill surprised nobody.", nil},
	} {
		t.Run(tc.text, func(t *testing.T) {
			checkWant(t, tc.text, x.Extract(tc.text, nil, nil, personEnts(tc.text, "Ortiz", "Alvarez")), tc.want)
		})
	}
}
