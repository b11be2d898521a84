package quotes

import "testing"

// TestCommonWordSpeakers: one capitalised word that the text also writes
// in lower case is a common word where a sentence or line starts ("Sales
// are expected to rise"), no speaker's name; a name the text never writes
// in lower case stays, and so does a word in a text that opens its
// sentences in lower case (names are written so there too).
func TestCommonWordSpeakers(t *testing.T) {
	runSpeakerCases(t, []speakerCase{
		{"a common word at a sentence start",
			"First half sales were flat. Sales are expected to rise 14 pct this year, it said.", nil,
			[]want{
				{"Sales are expected to rise 14 pct this year", "indirect", "said", "", "it"},
				{"Sales are expected to rise 14 pct this year, it said", "indirect", "expected", "", "Sales"},
			}},
		{"a name in a text that opens sentences in lower case",
			"lusinchi spoke on monday. the talks went well. Lusinchi said the debt would be paid.", nil,
			[]want{{"the debt would be paid", "indirect", "said", "Lusinchi", "Lusinchi"}}},
		{"one letter",
			"S said the rating was cut.", nil,
			[]want{{"the rating was cut", "indirect", "said", "", "S"}}},
		{"a name not written in lower case",
			"Greenbaum said sales would rise.", nil,
			[]want{{"sales would rise", "indirect", "said", "Greenbaum", "Greenbaum"}}},
	})
}
