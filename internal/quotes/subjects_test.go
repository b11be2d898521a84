package quotes

import (
	"testing"

	"github.com/newsfind/newsfind/schema"
)

// TestClauseSubjects pins who speaks when the words right before the cue
// are not the speaker: a dateline, a place or a sentence adverb before
// the subject, a floating quantifier, a name in apposition to a common
// noun, and the subject after a fronted participial adverbial (whose
// participle reports the adverbial and is not the main cue's content).
func TestClauseSubjects(t *testing.T) {
	runSpeakerCases(t, []speakerCase{
		{
			name: "a dateline with a hyphen before a coordinated cue",
			text: "DENVER, Colo. (Reuters) - Governor Ana Ruiz toured the flooded towns on Friday and said the state would pay for repairs.",
			ents: persons("Ana Ruiz"),
			want: []want{{"the state would pay for repairs", "indirect", "said", "Ana Ruiz", "Governor Ana Ruiz"}},
		},
		{
			name: "a dateline of two words with an agency",
			text: "New Delhi (AFP) – Finance Minister Ravi Menon visited the port, telling workers that wages would rise.",
			ents: persons("Ravi Menon"),
			want: []want{{"that wages would rise", "indirect", "telling", "Ravi Menon", "Finance Minister Ravi Menon"}},
		},
		{
			name: "a place entity closes the fronted adverbial",
			text: "Speaking at a town hall in Salem, Oregon, Dale Ortiz stood by the mayor, calling her “a true partner.”",
			ents: func(s string) []schema.Entity {
				return append(personEnts(s, "Dale Ortiz"), ent(s, schema.TypePlace, "Oregon", "Oregon"))
			},
			want: []want{{"her “a true partner.”", "direct", "calling", "Dale Ortiz", "Dale Ortiz"}},
		},
		{
			name: "a state abbreviation closes the fronted adverbial",
			text: "At a rally in Tulsa, Okla., Mr. Grant was just as blunt, telling supporters that the race was over.",
			ents: persons("Grant"),
			want: []want{{"that the race was over", "indirect", "telling", "Grant", "Mr. Grant"}},
		},
		{
			name: "a sentence adverb before the subject",
			text: "Back in 2009, Mr. Grant stood by the plan, telling a radio host: “It will work.”",
			ents: persons("Grant"),
			want: []want{{"It will work.", "direct", "telling", "Grant", "Mr. Grant"}},
		},
		{
			name: "a floating quantifier after an auxiliary",
			text: "Ms. Patel and Mr. Gold have both said that the plan will cost too much.",
			ents: persons("Patel", "Gold"),
			want: []want{{"that the plan will cost too much", "indirect", "said", "Gold", "Ms. Patel and Mr. Gold"}},
		},
		{
			name: "a floating quantifier after a pronoun",
			text: "The two senators met on Monday. They both said the bill was dead.",
			want: []want{{"the bill was dead", "indirect", "said", "", "They"}},
		},
		{
			name: "most modifying an adverb is no subject",
			text: "Mr. Grant met the board twice, and most recently said that the deal was off.",
			ents: persons("Grant"),
			want: []want{{"that the deal was off", "indirect", "said", "Grant", "Mr. Grant"}},
		},
		{
			name: "a name in apposition to a common noun",
			text: "The head of the teachers union, Maria Lopez, said the strike would go on.",
			ents: persons("Maria Lopez"),
			want: []want{{"the strike would go on", "indirect", "said", "Maria Lopez", "the teachers union, Maria Lopez"}},
		},
		{
			name: "a fronted participle: its speaker is the subject after the adverbial",
			text: "One month after announcing his run, Tom Hale said that he would stay in the race.",
			ents: persons("Tom Hale"),
			want: []want{
				{"his run", "indirect", "announcing", "Tom Hale", "Tom Hale"},
				{"that he would stay in the race", "indirect", "said", "Tom Hale", "Tom Hale"},
			},
		},
		{
			name: "a fronted participle over a relative clause",
			text: "After announcing the deal, which took a year, the company said that prices would fall.",
			want: []want{
				{"the deal, which took a year", "indirect", "announcing", "", "the company"},
				{"that prices would fall", "indirect", "said", "", "the company"},
			},
		},
		{
			name: "a subordinate clause's subject when the main subject is no speaker",
			text: "The dispute began a week after the union leader joined the talks with harsh words, calling the offer “an insult.”",
			want: []want{{"the offer “an insult.”", "direct", "calling", "", "the union leader"}},
		},
		{
			name: "a coordinated cue shares the subject of the nearest clause",
			text: "The crowd roared when Mr. Gold took the stage and said that he would run.",
			ents: persons("Gold"),
			want: []want{{"that he would run", "indirect", "said", "Gold", "Mr. Gold"}},
		},
		{
			name: "a subordinate clause closed by a comma is not the coordinated cue's",
			text: "Dr Brian Gibbons, on his first day after Jane Hutt was sacked, admitted “big challenges” but insisted that the essentials were in place.",
			ents: persons("Brian Gibbons", "Jane Hutt"),
			want: []want{
				{"big challenges", "direct", "admitted", "Brian Gibbons", "Dr Brian Gibbons"},
				{"that the essentials were in place", "indirect", "insisted", "Brian Gibbons", "Dr Brian Gibbons"},
			},
		},
		{
			name: "a complement clause's subject is not the coordinated cue's",
			text: "He accepted that the fires hurt the party but believed that the police were busy.",
			want: []want{{"that the police were busy", "indirect", "believed", "", "He"}},
		},
		{
			name: "a fronted participle before a quotation belongs to the quotation",
			text: "After reviewing the law, “we concluded that the mandate went too far,” Mr. Gold said.",
			ents: persons("Gold"),
			want: []want{{"After reviewing the law, “we concluded that the mandate went too far,”", "direct", "said", "Gold", "Mr. Gold"}},
		},
		{
			name: "a sentence adverb with a comma is no leading name",
			text: "Similarly, William Bennett, a former education secretary, said he could not support the movement.",
			ents: persons("William Bennett"),
			want: []want{{"he could not support the movement", "indirect", "said", "William Bennett", "William Bennett"}},
		},
		{
			name: "a sentence adverb without a comma is skipped",
			text: "Then he cut into the governor, calling him “a stiff.”",
			want: []want{{"him “a stiff.”", "direct", "calling", "", "he"}},
		},
		{
			name: "a measure of time between the speaker and the cue",
			text: "When Ms. Patel a month later announced that 600 jobs would go, the plant closed.",
			ents: persons("Patel"),
			want: []want{{"that 600 jobs would go", "indirect", "announced", "Patel", "Ms. Patel"}},
		},
		{
			name: "a verb in -ed before an adverb ends the subject",
			text: "The fracas erupted just after the senator arrived with harsh words, calling the vote “a sham.”",
			want: []want{{"the vote “a sham.”", "direct", "calling", "", "the senator"}},
		},
		{
			name: "a leading name before a long relative clause with a report verb",
			text: "Mr. Slinker, whose latest start-up, Paradata, helps brands find suppliers, said Mr. Gold was a candidate in the spirit of Silicon Valley.",
			ents: persons("Slinker", "Gold"),
			want: []want{{"Mr. Gold was a candidate in the spirit of Silicon Valley", "indirect", "said", "Slinker", "Mr. Slinker"}},
		},
		{
			name: "a listener named with a title",
			text: "Ms. Patel told host Chris Cuomo she believed the deal was off. She told reporters Gold was wrong.",
			ents: persons("Patel", "Chris Cuomo", "Gold"),
			want: []want{
				{"she believed the deal was off", "indirect", "told", "Patel", "Ms. Patel"},
				{"Gold was wrong", "indirect", "told", "Patel", "She"},
			},
		},
		{
			name: "a coordinated clause with its own speaker and cue ends the quote before it",
			text: "Some 21 percent said “not too likely” and 14 percent said “not at all likely.”",
			want: []want{
				{"not too likely", "direct", "said", "", "Some 21 percent"},
				{"not at all likely.", "direct", "said", "", "14 percent"},
			},
		},
		{
			name: "a quotation-only sentence continues the attribution that opens with a quotation",
			text: "“Sales are up a little,” said Mr. Ekovich, who noted that prices had “cratered” in the recession. “Things are moving in the right direction.”",
			ents: persons("Ekovich"),
			want: []want{
				{"Sales are up a little, Things are moving in the right direction.", "direct", "said", "Ekovich", "Mr. Ekovich"},
				{"that prices had “cratered” in the recession", "direct", "noted", "Ekovich", "who"},
			},
		},
		{
			name: "an adverbial insertion between the speaker and the cue",
			text: "Ms. Patel met the board, and Mr. Gold, once again, said that the plan would fail. Ms. Patel met the board, and Mr. Gold, notably, said that it would pass. Ms. Patel met the board, and Mr. Gold, through a spokeswoman, said that it was over.",
			ents: persons("Patel", "Gold"),
			want: []want{
				{"that the plan would fail", "indirect", "said", "Gold", "Mr. Gold"},
				{"that it would pass", "indirect", "said", "Gold", "Mr. Gold"},
				{"that it was over", "indirect", "said", "Gold", "Mr. Gold"},
			},
		},
		{
			name: "a participle after a comma and an adverb takes the speaker before",
			text: "“We have started those talks,” Mr. Gold said, also telling reporters that more would come.",
			ents: persons("Gold"),
			want: []want{
				{"We have started those talks,", "direct", "said", "Gold", "Mr. Gold"},
				{"that more would come", "indirect", "telling", "Gold", "Mr. Gold"},
			},
		},
		{
			name: "a coordinator before the subject is no fronted adverbial",
			text: "But the senators remained wary, often telling voters that the bill was dead.",
			want: []want{{"that the bill was dead", "indirect", "telling", "", "the senators"}},
		},
		{
			name: "a quotation after a connective continues the quote",
			text: "“We are not done,” Ms. Patel said outside the building. But “the vote is close. It always was.”",
			ents: persons("Patel"),
			want: []want{{"We are not done, the vote is close. It always was.", "direct", "said", "Patel", "Ms. Patel"}},
		},
	})
}

// TestAdjunctsAreNoContent checks that a short adjunct or a verb particle
// after a cue is not reported content ("told voters since then", "stepped
// down from the board"), nor a fronted adjunct before the speaker ("In two
// other instances, Gold had asked …"), while a clause after the same cues
// is, and an attribution set off by commas inside its sentence keeps the
// fronted words ("In the long run, many economists say, this …").
func TestAdjunctsAreNoContent(t *testing.T) {
	gold := persons("Gold")
	runSpeakerCases(t, []speakerCase{
		{text: "Mr. Gold told voters since then.", ents: gold},
		{text: "The mayor later stepped down from the board."},
		{text: "Mr. Gold told voters that the deal was off.", ents: gold, want: []want{{"that the deal was off", "indirect", "told", "Gold", "Mr. Gold"}}},
		{text: "In the long run, many economists say, this effect could ripple through the economy.", want: []want{{"In the long run this effect could ripple through the economy", "indirect", "say", "", "many economists"}}},
		{text: "Unless countries act soon, the experts say, the seas will rise fast.", want: []want{{"Unless countries act soon the seas will rise fast", "indirect", "say", "", "the experts"}}},
		{text: "In two other instances, Mr. Gold had asked Ms. Patel to send the files.", ents: gold, want: []want{{"Ms. Patel to send the files", "indirect", "asked", "Gold", "Mr. Gold"}}},
		{text: "In court documents, the defense counsel asked for a sentence of three years.", want: []want{{"a sentence of three years", "indirect", "asked", "", "the defense counsel"}}},
	})
}

// TestDemonstrativeAccordingTo checks that "That's according to X" reports
// the demonstrative, which stands for the sentence before.
func TestDemonstrativeAccordingTo(t *testing.T) {
	text := "Most voters want a chance to stay. That’s according to a new survey by the agency."
	want := []want{{"That", "indirect", "according to", "", "a new survey by the agency"}}
	got := New().Extract(text, nil, nil, nil)
	var acc []schema.Quote
	for _, q := range got {
		if q.Cue == "according to" {
			acc = append(acc, q)
		}
	}
	checkWant(t, text, acc, want)
}

// TestCoordinationInsideReportedClause checks that a verb coordinated
// inside a reported clause with a subject of its own belongs to that
// clause ("said he has not held dinners and never called a donor"), while
// one after a quotation is the speaker's next attribution.
func TestCoordinationInsideReportedClause(t *testing.T) {
	gold := persons("Gold")
	runSpeakerCases(t, []speakerCase{
		{text: "Mr. Gold said he has not held fundraising dinners and never called a donor to ask for money.", ents: gold,
			want: []want{{"he has not held fundraising dinners and never called a donor to ask for money", "indirect", "said", "Gold", "Mr. Gold"}}},
		{text: "Mr. Gold insisted it was a normal visit and denied reports that it was a second meeting.", ents: gold,
			want: []want{
				{"it was a normal visit", "indirect", "insisted", "Gold", "Mr. Gold"},
				{"that it was a second meeting", "indirect", "denied", "Gold", "Mr. Gold"},
			}},
		{text: "Mr. Gold called the plan “a disgrace” and said that he would vote no.", ents: gold,
			want: []want{
				{"the plan “a disgrace”", "direct", "called", "Gold", "Mr. Gold"},
				{"that he would vote no", "indirect", "said", "Gold", "Mr. Gold"},
			}},
	})
}

// TestModifiedRoleSubjects: a capitalised modifier (a nationality, a
// place, a party) before common nouns that end in a role noun with a name
// after it is no speaker of its own: the name speaks ("Israeli industry
// minister Ehud Olmert was reported …"); before a group noun the group
// speaks and names nobody ("Israeli officials were reported …").
func TestModifiedRoleSubjects(t *testing.T) {
	runSpeakerCases(t, []speakerCase{
		{"a nationality, a modifier, a title and a name",
			"Israeli industry minister Ehud Olmert was reported to have attended a meeting.",
			func(s string) []schema.Entity { return []schema.Entity{ent(s, "person", "Ehud Olmert", "Ehud Olmert")} },
			[]want{{"to have attended a meeting", "indirect", "reported", "Ehud Olmert", "Israeli industry minister Ehud Olmert"}}},
		{"a nationality and a group", "Israeli officials were reported to have attended a meeting.", nil,
			[]want{{"to have attended a meeting", "indirect", "reported", "", "Israeli officials"}}},
		{"a place, a modifier and a group", "Los Angeles police were pointing out that he had moved.", nil,
			[]want{{"that he had moved", "indirect", "pointing out", "", "Los Angeles police"}}},
		{"a capitalised name before a verb", "Olmert visits were reported to have ended.", nil,
			[]want{{"to have ended", "indirect", "reported", "Olmert", "Olmert"}}},
	})
}
