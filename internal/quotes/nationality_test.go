package quotes

import "testing"

// TestNationalitySpeakers: a nationality word alone names a people or an
// unnamed member of one, no speaker ("the British said", "the Japanese
// think", "said the American": which player is meant is not reliably the
// last speaker or the nearest person). Names that start with a
// nationality word stay.
func TestNationalitySpeakers(t *testing.T) {
	runSpeakerCases(t, []speakerCase{
		{"the British as a group",
			"The talks in London ended. The British said the conditions were restrictive.", nil,
			[]want{{"the conditions were restrictive", "indirect", "said", "", "The British"}}},
		{"the Japanese as a group",
			"Trade is growing. The Japanese said the firms were competitive.", nil,
			[]want{{"the firms were competitive", "indirect", "said", "", "The Japanese"}}},
		{"a plural nationality",
			"The Americans said the offer was too low.", nil,
			[]want{{"the offer was too low", "indirect", "said", "", "The Americans"}}},
		{"one unnamed member",
			"A Canadian said the rules were unfair.", nil,
			[]want{{"the rules were unfair", "indirect", "said", "", "A Canadian"}}},
		{"the American after the player's name",
			"Andy Roddick beat Massu in straight sets. \"I felt pretty good,\" said the American.", persons("Andy Roddick"),
			[]want{{"I felt pretty good,", "direct", "said", "", "the American"}}},
		{"the British with no person before",
			"\"We will not move,\" said the British.", nil,
			[]want{{"We will not move,", "direct", "said", "", "the British"}}},
		{"a name that opens with a nationality word",
			"Canadian Pacific said profits rose.", nil,
			[]want{{"profits rose", "indirect", "said", "Canadian Pacific", "Canadian Pacific"}}},
		{"a person's name",
			"Greenbaum said sales would rise.", nil,
			[]want{{"sales would rise", "indirect", "said", "Greenbaum", "Greenbaum"}}},
	})
}

// TestTitlePortfolio: a title and its portfolio ("Minister of
// Agriculture") with no entity names no speaker, not "of Agriculture".
func TestTitlePortfolio(t *testing.T) {
	runSpeakerCases(t, []speakerCase{
		{"a minister of a portfolio",
			"Minister of Agriculture said the harvest would be good.", nil,
			[]want{{"the harvest would be good", "indirect", "said", "", "Minister of Agriculture"}}},
		{"a minister with a name",
			"Minister Kang said the harvest would be good.", nil,
			[]want{{"the harvest would be good", "indirect", "said", "Kang", "Minister Kang"}}},
		{"a particle after a title",
			"President de Gaulle said the war was over.", nil,
			[]want{{"the war was over", "indirect", "said", "de Gaulle", "President de Gaulle"}}},
	})
}

// TestOpenerWords: "Asked if ...", "Official figures show" and a table's
// "NOTE:" open a sentence or line, no speaker's name.
func TestOpenerWords(t *testing.T) {
	runSpeakerCases(t, []speakerCase{
		{"a note label",
			"Net profit 2,375,000 vs 90,000\nNOTE: Revenues figure shows contract revenue, not gross contracts written.", nil,
			[]want{{"contract revenue, not gross contracts written", "indirect", "shows", "", "NOTE"}}},
		{"a name stays",
			"Noter said the plan would work.", nil,
			[]want{{"the plan would work", "indirect", "said", "Noter", "Noter"}}},
	})
}
