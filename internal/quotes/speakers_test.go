package quotes

import (
	"strings"
	"testing"

	"github.com/newsfind/newsfind/schema"
)

// TestLearnedSpeakers pins who speaks for learned cues in constructions
// where the nearest noun phrase is not the source: the agent of a passive,
// a relative pronoun before an adjunct, a subject after a fronted measure
// of time, and a subject that stops before its verb.
func TestLearnedSpeakers(t *testing.T) {
	runSpeakerCases(t, []speakerCase{
		{
			name: "the agent of a passive cue",
			text: "News of the merger was first reported by the Chicago Tribune.",
			want: []want{{"News of the merger", "indirect", "reported", "Chicago Tribune", "the Chicago Tribune"}},
		},
		{
			name: "a passive participle in an apposition",
			text: "The zoning plan, opposed by local residents, never came to a vote.",
			want: []want{{"The zoning plan", "indirect", "opposed", "", "local residents"}},
		},
		{
			name: "a relative pronoun before an adjunct",
			text: "Nadia Reyes, who in the past has voiced doubts about the project, said she would vote for it.",
			ents: persons("Nadia Reyes"),
			want: []want{
				{"doubts about the project", "indirect", "voiced", "Nadia Reyes", "Nadia Reyes"},
				{"she would vote for it", "indirect", "said", "Nadia Reyes", "Nadia Reyes"},
			},
		},
		{
			name: "a fronted measure of time is not the subject",
			text: "Two weeks after the hearing, the senator broke his silence by asking questions.",
			want: []want{{"questions", "indirect", "asking", "", "the senator"}},
		},
	})
}

// TestLearnedThresholdBySpeaker checks, with a hand-made model, that a
// word of middling cue probability (0.35 before a name) is a cue after a
// person (a name, a pronoun, a role noun) but not after another noun
// phrase.
func TestLearnedThresholdBySpeaker(t *testing.T) {
	const tsv = modelHeader + "\n" +
		"backed\t*\t*\t7\t20\t0\n" +
		"backed\t*\tcap\t7\t20\t0\n"
	m, err := ReadModel(strings.NewReader(tsv), "test")
	if err != nil {
		t.Fatal(err)
	}
	runSpeakerCasesWith(t, NewWithModel(m), []speakerCase{
		{text: "Senator Alvarez backed Jones in the primary.", want: []want{{"Jones in the primary", "indirect", "backed", "Alvarez", "Senator Alvarez"}}},
		{text: "She backed Jones in the primary.", want: []want{{"Jones in the primary", "indirect", "backed", "", "She"}}},
		{text: "Local officials backed Jones in the primary.", want: []want{{"Jones in the primary", "indirect", "backed", "", "Local officials"}}},
		{text: "The new money backed Jones in the primary."},
	})
}

// TestLearnedThresholdSubject checks, with a hand-made model, that a word
// of cue probability 0.55 whose speaker is only the subject of its clause
// is a cue when that subject is a person and not otherwise.
func TestLearnedThresholdSubject(t *testing.T) {
	const tsv = modelHeader + "\n" +
		"backed\t*\t*\t11\t20\t0\n" +
		"backed\t*\tcap\t11\t20\t0\n"
	m, err := ReadModel(strings.NewReader(tsv), "test")
	if err != nil {
		t.Fatal(err)
	}
	runSpeakerCasesWith(t, NewWithModel(m), []speakerCase{
		{text: "Senator Alvarez walked out of the hearing and on Friday backed Jones.", want: []want{{"Jones", "indirect", "backed", "Alvarez", "Senator Alvarez"}}},
		{text: "The new money came in late and on Friday backed Jones."},
	})
}

// TestSpeakerPhrases pins speaker noun phrases the reader once cut short:
// a percentage, a subject before an auxiliary and an adjunct, a name that
// opens the sentence before an apposition with commas of its own.
func TestSpeakerPhrases(t *testing.T) {
	runSpeakerCases(t, []speakerCase{
		{text: "Of the voters polled, 14 percent said they would stay home.",
			want: []want{{"they would stay home", "indirect", "said", "", "14 percent"}}},
		{text: "Her closest friends have in the past said she was tired of politics.",
			want: []want{{"she was tired of politics", "indirect", "said", "", "Her closest friends"}}},
		{text: "Nadia Reyes, who grew up in Tulsa, Oklahoma, in the 1980s, said that the plan was unfair.", ents: persons("Nadia Reyes"),
			want: []want{{"that the plan was unfair", "indirect", "said", "Nadia Reyes", "Nadia Reyes"}}},
		{text: "Nadia Reyes, a spokeswoman, said the plan was dead.", ents: persons("Nadia Reyes"),
			want: []want{{"the plan was dead", "indirect", "said", "Nadia Reyes", "Nadia Reyes"}}},
		{text: "In Tulsa, Oklahoma, officials said the roads were closed.",
			want: []want{{"the roads were closed", "indirect", "said", "", "officials"}}},
		// A company name wrapped before its legal form (Reuters wire
		// text): the name is on the line before; a new paragraph is not.
		{text: "Pioneer Communications Network\nInc said it has suspended printing new titles.",
			want: []want{{"it has suspended printing new titles", "indirect", "said", "Pioneer Communications Network Inc", "Inc"}}},
		{text: "Shares fell at Acme Widgets.\n\nCorp said it would cut costs.",
			want: []want{{"it would cut costs", "indirect", "said", "", "Corp"}}},
	})
}

// TestLearnedContentEnd pins where a learned cue's content ends: before a
// comma then "but", "although" or "because", which open a clause of
// their own.
func TestLearnedContentEnd(t *testing.T) {
	const tsv = modelHeader + "\n" +
		"endorsed\t*\t*\t20\t30\t0\n" +
		"endorsed\t*\tdet\t19\t20\t0\n"
	m, err := ReadModel(strings.NewReader(tsv), "test")
	if err != nil {
		t.Fatal(err)
	}
	runSpeakerCasesWith(t, NewWithModel(m), []speakerCase{
		{text: "Senator Alvarez endorsed the deal, although she has doubts about it.",
			want: []want{{"the deal", "indirect", "endorsed", "Alvarez", "Senator Alvarez"}}},
		{text: "Senator Alvarez endorsed the deal, but the governor did not.",
			want: []want{{"the deal", "indirect", "endorsed", "Alvarez", "Senator Alvarez"}}},
		{text: "Senator Alvarez endorsed the deal, the first of its kind.",
			want: []want{{"the deal, the first of its kind", "indirect", "endorsed", "Alvarez", "Senator Alvarez"}}},
	})
}

// TestParticipleSubject pins the speaker of a participle cue after a
// comma: the subject of its own clause, past a dateline, a fronted
// adverbial that names a place with its state, or an earlier clause with
// a speaker of its own.
func TestParticipleSubject(t *testing.T) {
	runSpeakerCases(t, []speakerCase{
		{text: "At a rally in Dayton, Ohio, on Tuesday, Senator Alvarez toured the new plant, saying that it would create jobs.",
			want: []want{{"that it would create jobs", "indirect", "saying", "Alvarez", "Senator Alvarez"}}},
		{text: "Lisbon (AFP) – Senator Alvarez has toured the border, saying that it would cost jobs.",
			want: []want{{"that it would cost jobs", "indirect", "saying", "Alvarez", "Senator Alvarez"}}},
		{text: "Protest groups say the rules are too strict, and the civil liberties union has sued the city, saying they violate free speech.",
			want: []want{
				{"the rules are too strict, and the civil liberties union has sued the city", "indirect", "say", "", "Protest groups"},
				{"they violate free speech", "indirect", "saying", "", "the civil liberties union"},
			}},
	})
}

// TestDashSignature pins a quotation signed on the next line with a dash
// and a name, as fact checks quote the claims they check.
func TestDashSignature(t *testing.T) {
	text := "The senator is wrong again.\n\n\"Big companies pay zero taxes.\"\n\n- Nadia Reyes.\n\nThat is not accurate."
	checkWant(t, text, New().Extract(text, nil, nil, personEnts(text, "Nadia Reyes")), []want{
		{"Big companies pay zero taxes.", "direct", "-", "Nadia Reyes", "Nadia Reyes"},
	})
}

// TestSpeakerFromPlace: a place after a preposition in the speaker phrase
// says where the speaker is from; the person or organisation before it
// speaks. Without one, the place does ("the government of Japan"), unless
// the phrase names a document ("press reports in China": nobody) or the
// place ends an organisation's name ("Socialist Party USA").
func TestSpeakerFromPlace(t *testing.T) {
	text := "President Nicolas Sarkozy of France said the plan would work. Canon Inc of Japan said profits rose. " +
		"The government of Japan said talks would resume. Secretary of State John Kerry said the deal held. " +
		"According to press reports in China, the factory closed. The nominee of Socialist Party USA announced a running mate."
	ents := []schema.Entity{
		ent(text, "organization", "Socialist Party", "Socialist Party"),
		ent(text, "place", "United States", "USA"),
		ent(text, "person", "Nicolas Sarkozy", "Nicolas Sarkozy"),
		ent(text, "place", "France", "France"),
		ent(text, "organization", "Canon Inc", "Canon Inc"),
		ent(text, "place", "Japan", "Japan"),
		ent(text, "place", "China", "China"),
		ent(text, "person", "John Kerry", "John Kerry"),
	}
	checkWant(t, text, New().Extract(text, nil, nil, ents), []want{
		{"the plan would work", "indirect", "said", "Nicolas Sarkozy", "President Nicolas Sarkozy of France"},
		{"profits rose", "indirect", "said", "Canon Inc", "Canon Inc of Japan"},
		{"talks would resume", "indirect", "said", "Japan", "The government of Japan"},
		{"the deal held", "indirect", "said", "John Kerry", "Secretary of State John Kerry"},
		{"the factory closed", "indirect", "According to", "", "press reports in China"},
		{"a running mate", "indirect", "announced", "Socialist Party", "The nominee of Socialist Party USA"},
	})
}

// TestGroupSpeakers pins that a generic group noun ("analysts",
// "officials", "polls") names no canonical speaker wherever it stands and
// however it is capitalised, while the quote keeps its mention and cue;
// a group name that is capitalised everywhere (a party's members), a
// capitalised name the group noun ends and a role noun that names its
// holder still resolve.
func TestGroupSpeakers(t *testing.T) {
	runSpeakerCases(t, []speakerCase{
		{"sentence-initial", "Analysts said the market was tight.", nil,
			[]want{{"the market was tight", "indirect", "said", "", "Analysts"}}},
		{"mid-sentence, lower case", "Prices fell, and analysts said the market was loose.", nil,
			[]want{{"the market was loose", "indirect", "said", "", "analysts"}}},
		{"mid-sentence, capitalised", "Prices fell, and Analysts said the market was loose.", nil,
			[]want{{"the market was loose", "indirect", "said", "", "Analysts"}}},
		{"after a quotation", "“It is over,” Dealers said.", nil,
			[]want{{"It is over,", "direct", "said", "", "Dealers"}}},
		{"present tense", "Officials say the vote was fair.", nil,
			[]want{{"the vote was fair", "indirect", "say", "", "Officials"}}},
		{"a learned cue", "Critics argue the law is bad.", nil,
			[]want{{"the law is bad", "indirect", "argue", "", "Critics"}}},
		{"a group not in the role list", "Traders said demand was weak. Economists said growth would slow.", nil,
			[]want{
				{"demand was weak", "indirect", "said", "", "Traders"},
				{"growth would slow", "indirect", "said", "", "Economists"},
			}},
		{"a plural of a speaker noun", "Companies said sales were down.", nil,
			[]want{{"sales were down", "indirect", "said", "", "Companies"}}},
		{"with a determiner", "The Analysts said the market was tight.", nil,
			[]want{{"the market was tight", "indirect", "said", "", "The Analysts"}}},
		{"a party's members keep their name", "Democrats said the bill was dead.", nil,
			[]want{{"the bill was dead", "indirect", "said", "Democrats", "Democrats"}}},
		{"a name the group noun ends", "Salomon Brothers said it bought the bonds.", nil,
			[]want{{"it bought the bonds", "indirect", "said", "Salomon Brothers", "Salomon Brothers"}}},
		{"a name with a connector", "The Association of Securities Dealers said it agreed.", nil,
			[]want{{"it agreed", "indirect", "said", "Association of Securities Dealers", "The Association of Securities Dealers"}}},
		{"a name of capitalised words", "Japan Motion Picture Producers said sales rose.", nil,
			[]want{{"sales rose", "indirect", "said", "Japan Motion Picture Producers", "Japan Motion Picture Producers"}}},
		{"a group after a connector", "A group of 16 Senators said the bill was dead.", nil,
			[]want{{"the bill was dead", "indirect", "said", "", "A group of 16 Senators"}}},
		{"a capitalised modifier in house style", "Talks stalled, U.S. Officials said. Later, Japanese Officials said they agreed.", nil,
			[]want{
				{"Talks stalled", "indirect", "said", "", "U.S. Officials"},
				{"they agreed", "indirect", "said", "", "Japanese Officials"},
			}},
		{"one member of a party", "One Republican said the bill was dead. Another Democrat said it was alive.", nil,
			[]want{
				{"the bill was dead", "indirect", "said", "", "One Republican"},
				{"it was alive", "indirect", "said", "", "Another Democrat"},
			}},
		{"a member with modifiers", "A senior New Hampshire Republican said the vote was close.", nil,
			[]want{{"the vote was close", "indirect", "said", "", "A senior New Hampshire Republican"}}},
		{"a member of a nation", "An American said the food was fine.", nil,
			[]want{{"the food was fine", "indirect", "said", "", "An American"}}},
		{"one official", "One official said the talks failed. A senior official said they would resume.", nil,
			[]want{
				{"the talks failed", "indirect", "said", "", "One official"},
				{"they would resume", "indirect", "said", "", "A senior official"},
			}},
		{"a definite member keeps the party", "The Republican said the bill was dead.", nil,
			[]want{{"the bill was dead", "indirect", "said", "Republican", "The Republican"}}},
		{"a role noun resolves to the organisation",
			"Acme Corp cut jobs. The company said sales fell.",
			func(s string) []schema.Entity {
				return []schema.Entity{ent(s, "organization", "Acme Corp", "Acme Corp")}
			},
			[]want{{"sales fell", "indirect", "said", "Acme Corp", "The company"}}},
	})
}

// TestBareOrgSpeakers: a capitalised head noun alone ("The Commission
// said", "the Bank") names the organisation with that word mentioned
// before it, or nobody (it is no name of its own), also when the entity
// tagger made it an organisation of its own.
func TestBareOrgSpeakers(t *testing.T) {
	runSpeakerCases(t, []speakerCase{
		{"the full name before",
			"The Bank of England met on Thursday. The Bank said inflation was rising.",
			func(s string) []schema.Entity {
				return []schema.Entity{ent(s, "organization", "Bank of England", "Bank of England")}
			},
			[]want{{"inflation was rising", "indirect", "said", "Bank of England", "The Bank"}}},
		{"another organisation before is not it",
			"Vodafone met on Thursday. The Commission said prices were too high.",
			func(s string) []schema.Entity { return []schema.Entity{ent(s, "organization", "Vodafone", "Vodafone")} },
			[]want{{"prices were too high", "indirect", "said", "", "The Commission"}}},
		{"tagged as an organisation of its own",
			"The European Commission met. The Commission said prices were too high.",
			func(s string) []schema.Entity {
				e := ent(s, "organization", "European Commission", "European Commission")
				c := ent(s, "organization", "Commission", "Commission")
				c.Mentions = c.Mentions[1:] // the second one only
				return []schema.Entity{e, c}
			},
			[]want{{"prices were too high", "indirect", "said", "European Commission", "The Commission"}}},
		{"tagged alone with no full name",
			"The Commission said prices were too high.",
			func(s string) []schema.Entity {
				return []schema.Entity{ent(s, "organization", "Commission", "Commission")}
			},
			[]want{{"prices were too high", "indirect", "said", "", "The Commission"}}},
	})
}

// TestWrappedNameSpeakers: text wrapped at a fixed width (Reuters-21578)
// breaks names over two lines; a speaker phrase of capitalised words that
// starts a line inside a sentence is the end of the name on the line
// before ("The Federal National Mortgage\nAssociation said"). An indented
// line opens a paragraph, a lower-case word or a possessive ends the name,
// two companies joined by "and" stay apart, and a person's name joins only
// a first name (a department before it is no part of it).
func TestWrappedNameSpeakers(t *testing.T) {
	runSpeakerCases(t, []speakerCase{
		{"an organisation", "The Federal National Mortgage\nAssociation said it arranged a swap.", nil,
			[]want{{"it arranged a swap", "indirect", "said", "Federal National Mortgage Association", "Association"}}},
		{"with a connector", "Howen Owners Savings and Loan\nAssociation said its holders approved.", nil,
			[]want{{"its holders approved", "indirect", "said", "Howen Owners Savings and Loan Association", "Association"}}},
		{"after a possessive", "Kenner Parker Toys Inc's Parker\nBrothers said it obtained injunctions.", nil,
			[]want{{"it obtained injunctions", "indirect", "said", "Parker Brothers", "Brothers"}}},
		{"a sentence that ends at the line end", "He sold Acme Inc.\nBeta Corp said it bought them.", nil,
			[]want{{"it bought them", "indirect", "said", "Beta Corp", "Beta Corp"}}},
		{"two companies", "Standard Oil Co and BP North America\nInc said they agreed.", nil,
			[]want{{"they agreed", "indirect", "said", "BP North America Inc", "Inc"}}},
		{"an indented line opens a paragraph", "Prices rose 5 pct in Federal\n    Association said the rise was small.", nil,
			[]want{{"the rise was small", "indirect", "said", "", "Association"}}},
		{"a first name", "Federal Reserve Board Chairman Paul\nVolcker said rates were steady.",
			func(s string) []schema.Entity { return []schema.Entity{ent(s, "person", "Volcker", "Volcker")} },
			[]want{{"rates were steady", "indirect", "said", "Paul Volcker", "Volcker"}}},
		{"a department before a name", "Chancellor of the Exchequer Nigel\nLawson said rates were steady.",
			func(s string) []schema.Entity {
				return []schema.Entity{ent(s, "person", "Nigel Lawson", "Nigel Lawson"), ent(s, "person", "Lawson", "Lawson")}
			},
			[]want{{"rates were steady", "indirect", "said", "Nigel Lawson", "Lawson"}}},
	})
}

func TestIsInitials(t *testing.T) {
	for w, want := range map[string]bool{"A.": true, "A.W.": true, "U.K.": true, "Inc.": false, "Co.": false, "A": false, "AW.": false, "": false, "a.": false} {
		if got := isInitials(w); got != want {
			t.Errorf("isInitials(%q) = %v, want %v", w, got, want)
		}
	}
}

// TestInitialsSpeakers: a company written as its initials joined by "and",
// "&" or "/" ("S and P", "S/P", "S&P") names the organisation of the
// article whose name has those initials; with none it keeps its letters,
// and a plain acronym is left to the entities.
func TestInitialsSpeakers(t *testing.T) {
	text := "Standard and Poor's Corp cut the rating of Acme Inc.\n" +
		"S and P said the outlook was negative. S/P said the move was due. S&P said more. " +
		"D and P said the bonds were sound. AI said it was fine."
	ents := []schema.Entity{
		ent(text, "organization", "Standard and Poor's Corp", "Standard and Poor's Corp"),
		ent(text, "organization", "Acme Inc", "Acme Inc"),
	}
	checkWant(t, text, New().Extract(text, nil, nil, ents), []want{
		{"the outlook was negative", "indirect", "said", "Standard and Poor's Corp", "S and P"},
		{"the move was due", "indirect", "said", "Standard and Poor's Corp", "P"},
		{"more", "indirect", "said", "Standard and Poor's Corp", "S&P"},
		{"the bonds were sound", "indirect", "said", "D and P", "D and P"},
		{"it was fine", "indirect", "said", "AI", "AI"},
	})
}

// TestNotSpeakerWords: a capitalised function word alone that opens a
// clause ("Whatever", "Whenever", "Unless") names nobody (the texts are
// minimal, not idiomatic: the word stands where the speaker is read).
func TestNotSpeakerWords(t *testing.T) {
	runSpeakerCases(t, []speakerCase{
		{"whatever", "Whatever said the plan failed.", nil,
			[]want{{"the plan failed", "indirect", "said", "", "Whatever"}}},
		{"whenever", "Whenever said the plan failed.", nil,
			[]want{{"the plan failed", "indirect", "said", "", "Whenever"}}},
		{"unless", "Unless said the plan failed.", nil,
			[]want{{"the plan failed", "indirect", "said", "", "Unless"}}},
	})
}

// TestPageWordSpeakers: page furniture a scraper kept in the text ("Hide
// Caption 9 of 24 Photos: …") names no speaker.
func TestPageWordSpeakers(t *testing.T) {
	runSpeakerCases(t, []speakerCase{
		{"a gallery caption", "Hide Caption 9 of 24 Photos: Candidates Gov. Bobby Jindal. Hide Caption seeks a White House bid.", nil,
			[]want{{"a White House bid", "indirect", "seeks", "", "Hide Caption"}}},
		{"a photo credit", "Photo Credit said the plan failed.", nil,
			[]want{{"the plan failed", "indirect", "said", "", "Photo Credit"}}},
	})
}

// TestSingularSubjectNounCue: a cue word in its base form after a
// singular indefinite noun phrase is a noun ("a Republican state
// representative", "a Republican counter proposal"): a singular subject
// would take "states", "counters".
func TestSingularSubjectNounCue(t *testing.T) {
	runSpeakerCases(t, []speakerCase{
		{"base form after a singular subject", "Boehner offered a Republican counter proposal on Tuesday.", nil,
			[]want{{"a Republican counter proposal on Tuesday", "indirect", "offered", "Boehner", "Boehner"}}},
		{"an -s form after a singular subject", "A Republican states that the bill is dead.", nil,
			[]want{{"that the bill is dead", "indirect", "states", "", "A Republican"}}}, // one unnamed member names nobody (TestGroupSpeakers)
	})
}

// speakerCase is one text with its entities (nil: none) and the quotes
// wanted from it (nil: none); an empty name names the subtest by the text.
type speakerCase struct {
	name, text string
	ents       func(string) []schema.Entity
	want       []want
}

// persons gives a speakerCase's entities: a person entity for each of
// names the text writes (personEnts).
func persons(names ...string) func(string) []schema.Entity {
	return func(text string) []schema.Entity { return personEnts(text, names...) }
}

// runSpeakerCases extracts each case's text with New() as a subtest and
// checks its quotes.
func runSpeakerCases(t *testing.T, tests []speakerCase) {
	t.Helper()
	runSpeakerCasesWith(t, New(), tests)
}

// runSpeakerCasesWith is runSpeakerCases with the extractor x (one built
// from a hand-made model). A case with no name is named by its text.
func runSpeakerCasesWith(t *testing.T, x *Extractor, tests []speakerCase) {
	t.Helper()
	for _, tc := range tests {
		name := tc.name
		if name == "" {
			name = tc.text
		}
		t.Run(name, func(t *testing.T) {
			var ents []schema.Entity
			if tc.ents != nil {
				ents = tc.ents(tc.text)
			}
			checkWant(t, tc.text, x.Extract(tc.text, nil, nil, ents), tc.want)
		})
	}
}

// TestPageLabels: the labels of web page parts a scraper kept in the text
// ("Story highlights", "Media caption", "JUST WATCHED … Replay More Videos
// ... MUST WATCH …") stand apart from the article's sentences: they are
// neither speakers nor cues nor content, and a video's title repeated after
// "Replay More Videos" is no second quote.
func TestPageLabels(t *testing.T) {
	runSpeakerCases(t, []speakerCase{
		{"story highlights", "Story highlights Joseph Nye says the deal is sound\n\nMore follows.", nil,
			[]want{{"the deal is sound", "indirect", "says", "Joseph Nye", "Joseph Nye"}}},
		{"a media caption", "Media playback is unsupported on your device Media caption Dan Coats said the talks were special\n\nMore follows.", nil,
			[]want{{"the talks were special", "indirect", "said", "Dan Coats", "Dan Coats"}}},
		{"an image caption after a credit", "Image copyright AFP Image caption Steve Mnuchin said the US was ready\n\nMore follows.", nil,
			[]want{{"the US was ready", "indirect", "said", "Steve Mnuchin", "Steve Mnuchin"}}},
		{"a video title repeated", "JUST WATCHED Pope explains why he is resigning Replay More Videos ... MUST WATCH Pope explains why he is resigning 04:29\n\nMore follows.", nil,
			[]want{{"why he is resigning", "indirect", "explains", "Pope", "Pope"}}},
		{"a lower-case phrase is no label", "The story highlights how little the deal did, Smith said.", nil,
			[]want{{"The story highlights how little the deal did", "indirect", "said", "Smith", "Smith"}}},
	})
}

// TestCapsFactLabels: a label in capitals before a colon is a speaker only
// when it names a person or organisation ("TRUMP: …" with Donald Trump
// in the entities, "TAPPER: …" after "JAKE TAPPER: …", "INSKEEP: …" in a
// text that names Steve Inskeep); a fact list's field ("TARGET: …",
// "SPECIAL COVERAGE: …") names nobody and is no quote.
func TestCapsFactLabels(t *testing.T) {
	runSpeakerCases(t, []speakerCase{
		{"a fact list", "TARGET: Two police officers wounded in a knife attack\n\nSPECIAL COVERAGE: The war on terror at home", nil, nil},
		{"an entity's surname", "Donald Trump spoke.\n\nTRUMP: We will build the wall and it will be great.",
			func(s string) []schema.Entity {
				return []schema.Entity{ent(s, "person", "Donald Trump", "Donald Trump", "TRUMP")}
			},
			[]want{{"We will build the wall and it will be great", "indirect", ":", "Donald Trump", "TRUMP"}}},
		{"a first name and surname before", "JAKE TAPPER: Welcome to the show today.\n\nTAPPER: And now to the race in Ohio.", nil,
			[]want{
				{"Welcome to the show today", "indirect", ":", "JAKE TAPPER", "JAKE TAPPER"},
				{"And now to the race in Ohio", "indirect", ":", "TAPPER", "TAPPER"},
			}},
		{"a name written in mixed case", "The host is Steve Inskeep of the radio show.\n\nINSKEEP: What are the Russians saying now?", nil,
			[]want{{"What are the Russians saying now", "indirect", ":", "INSKEEP", "INSKEEP"}}},
		{"a person's initials", "Natasha Gownaris spoke to us.\n\nNG: This study started long before I joined the lab.",
			func(s string) []schema.Entity {
				return []schema.Entity{ent(s, "person", "Natasha Gownaris", "Natasha Gownaris")}
			},
			[]want{{"This study started long before I joined the lab", "indirect", ":", "NG", "NG"}}},
		{"a mixed-case label is left alone", "Roger Stone: The vote was rigged from the start.", nil,
			[]want{{"The vote was rigged from the start", "indirect", ":", "Roger Stone", "Roger Stone"}}},
	})
}
