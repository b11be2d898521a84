package quotes

import (
	"strings"
	"testing"
)

// wireText wraps lines the way Reuters-21578 copy is written: at most 64
// code points wide, paragraphs opened by an indented line.
const wireText = "Standard and Poor's Corp said it may\n" +
	"downgrade the 100 mln dlrs of senior subordinated debentures of\n" +
	"Acme Health Corp, a unit of Acme Manufacturing Corp, to B-minus.\n" +
	"    The agency said the sale of the unit would weaken the parent\n" +
	"company's finances and raise its debt to 80 pct of capital.\n" +
	"    Shr 1.20 dlrs vs 1.10\n" +
	"    Net 5.5 mln vs 4.1 mln\n"

// TestWrappedLines: a single newline that only wraps text written at a
// fixed width goes on with the sentence, so a reported clause runs past
// it ("…said it may\ndowngrade …"); an indented line, a blank line and a
// short line still end a paragraph, and text whose lines are paragraphs
// (longer than any wrap width) keeps every newline.
func TestWrappedLines(t *testing.T) {
	long := strings.Repeat("word ", 25)
	runSpeakerCases(t, []speakerCase{
		{"a clause over three lines", wireText, nil, []want{
			{"it may\ndowngrade the 100 mln dlrs of senior subordinated debentures of\n" +
				"Acme Health Corp, a unit of Acme Manufacturing Corp, to B-minus", "indirect", "said", "Standard and Poor's Corp", "Standard and Poor's Corp"},
			{"the sale of the unit would weaken the parent\ncompany's finances and raise its debt to 80 pct of capital", "indirect", "said", "", "The agency"},
		}},
		{"a blank line ends the paragraph",
			"The bank said rates may\n\nrise in the spring.\nThe rise would be the first in a year and the second in ten years.\nNone.", nil,
			[]want{{"rates may", "indirect", "said", "", "The bank"}}},
		{"an abbreviation's period wrapped inside a clause",
			"Federal Express said it had won the route between the U.S. and\nJapan. It said it was pleased with the U.S.\nand Japanese talks.\n", nil,
			[]want{
				{"it had won the route between the U.S. and\nJapan", "indirect", "said", "Federal Express", "Federal Express"},
				{"it was pleased with the U.S.\nand Japanese talks", "indirect", "said", "", "It"},
			}},
		{"an abbreviation before a capitalised opener ends the sentence",
			"Acme said it would expand in the U.S. The move was expected.", nil,
			[]want{{"it would expand in the U.S.", "indirect", "said", "Acme", "Acme"}}},
		{"lines longer than a wrap width are paragraphs",
			"Acme said it may\nleave the market. " + long + long + "\nMore text.\nEnd.", nil,
			[]want{{"it may", "indirect", "said", "Acme", "Acme"}}},
	})
}

func TestWrapBreak(t *testing.T) {
	tests := []struct {
		name, text string
		want       []bool // one per newline
	}{
		{"wire copy", wireText, []bool{true, true, false, true, false, false, false}},
		{"a capitalised word that would not fit", "aaaa bbbb cccc dd\nEe ff\nGggg hh.\n", []bool{true, false, false}},
		{"a capitalised word that would fit", "aaaa bbbb cccc dd\nEe ff gggg\nHh ii.\n", []bool{true, false, false}},
		{"a lower-case word goes on", "aaaa bbbb cccc dd\nee ff\ngg hh.\n", []bool{true, true, false}},
		{"a line ending a sentence", "aaaa bbbb cccc dd\nee ff.\ngg hh.\n", []bool{true, false, false}},
		{"crlf line ends", "aaaa bbbb cccc\r\nddd eeee ffff\r\ngg hh.\r\n", []bool{true, true, false}},
		{"two lines are too few to tell", "aaaa bbbb cccc\nddd eeee ffff", []bool{false}},
		{"an abbreviation's period goes on in lower case", "aaaa bbbb the U.S.\nand ff gg.\nAcme Corp.\nsaid hh.\n", []bool{true, false, true, false}},
		{"a sentence's period before lower case ends the line", "aaaa bbbb cccc dd.\nee ff gg.\nhh ii.\n", []bool{true, false, false}},
		{"an abbreviation before a capital ends the line", "aaaa bbbb the U.S.\nThe ff gg hh.\nii jj.\n", []bool{true, false, false}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rs := []rune(tc.text)
			w := wrapWidth(rs)
			var got []bool
			ls := 0
			for i, r := range rs {
				if r == '\n' {
					got = append(got, w > 0 && wrapBreak(rs, ls, i, w))
					ls = i + 1
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d newlines, want %d", len(got), len(tc.want))
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("newline %d: wrap %v, want %v (width %d)", i, got[i], tc.want[i], w)
				}
			}
		})
	}
}
