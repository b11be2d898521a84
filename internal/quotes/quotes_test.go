package quotes

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsfind/newsfind/schema"
)

// ent builds an entity whose mentions are every occurrence of each surface
// form in text (code-point offsets), like the entities package produces.
func ent(text, typ, name string, forms ...string) schema.Entity {
	e := schema.Entity{Type: typ, Name: name}
	for _, f := range forms {
		for off := 0; ; {
			i := strings.Index(text[off:], f)
			if i < 0 {
				break
			}
			b := off + i
			s := utf8.RuneCountInString(text[:b])
			e.Mentions = append(e.Mentions, schema.Mention{Text: f, Start: s, End: s + utf8.RuneCountInString(f)})
			off = b + len(f)
		}
	}
	return e
}

// want is one expected quote: its text, kind, cue, canonical speaker and
// speaker mention text.
type want struct {
	text, kind, cue, speaker, mention string
}

func TestExtract(t *testing.T) {
	type ents func(text string) []schema.Entity
	none := func(string) []schema.Entity { return nil }
	tests := []struct {
		name string
		text string
		ents ents
		want []want
	}{
		{
			name: "straight quotes, pronoun resolved by gender",
			text: "Mary Smith met John Doe on Monday.\n\n\"We will win this race,\" she said.",
			ents: func(s string) []schema.Entity {
				return []schema.Entity{ent(s, "person", "Mary Smith", "Mary Smith"), ent(s, "person", "John Doe", "John Doe")}
			},
			want: []want{{"We will win this race,", "direct", "said", "Mary Smith", "she"}},
		},
		{
			name: "curly quotes, inverted attribution with title",
			text: "“The budget is a disgrace,” said Sen. Ted Cruz, a Republican from Texas.",
			ents: func(s string) []schema.Entity { return []schema.Entity{ent(s, "person", "Ted Cruz", "Ted Cruz")} },
			want: []want{{"The budget is a disgrace,", "direct", "said", "Ted Cruz", "Sen. Ted Cruz"}},
		},
		{
			name: "guillemets and a colon cue",
			text: "The minister told reporters: «We have no plans to raise taxes this year.»",
			ents: none,
			want: []want{{"We have no plans to raise taxes this year.", "direct", "told", "", "The minister"}},
		},
		{
			name: "single quotes used as quotation marks",
			text: "Smith said: ‘The players deserve better than this.’",
			ents: func(s string) []schema.Entity { return []schema.Entity{ent(s, "person", "Anna Smith", "Smith")} },
			want: []want{{"The players deserve better than this.", "direct", "said", "Anna Smith", "Smith"}},
		},
		{
			name: "NYT-style '' marks",
			text: "''It is time to move on,'' Mr. Ryan said.",
			ents: func(s string) []schema.Entity { return []schema.Entity{ent(s, "person", "Paul Ryan", "Ryan")} },
			want: []want{{"It is time to move on,", "direct", "said", "Paul Ryan", "Mr. Ryan"}},
		},
		{
			name: "quote split by its attribution is one quote",
			text: "“The first,” he said, “is concern about foreign fighters.”",
			ents: none,
			want: []want{{"The first, is concern about foreign fighters.", "direct", "said", "", "he"}},
		},
		{
			name: "quote continued after the attribution sentence",
			text: "“We are ready,” Jones said. “The team has trained for months.”",
			ents: none,
			want: []want{{"We are ready, The team has trained for months.", "direct", "said", "Jones", "Jones"}},
		},
		{
			name: "multi-paragraph quotation is one quote",
			text: "The mayor said:\n\n“First, we fix the roads.\n\n“Then we fix the schools.”",
			ents: none,
			want: []want{{"First, we fix the roads.\n\n“Then we fix the schools.", "direct", "said", "", "The mayor"}},
		},
		{
			name: "quote inside a quote stays inside",
			text: "“He told me ‘never again’ and left,” Garcia said.",
			ents: none,
			want: []want{{"He told me ‘never again’ and left,", "direct", "said", "Garcia", "Garcia"}},
		},
		{
			name: "scare quotes are not speech",
			text: "The so-called “reform” passed the House, and the “experts” stayed silent on “day one.”",
			ents: none,
			want: nil,
		},
		{
			name: "reported speech with that",
			text: "Obama said that the economy was improving.",
			ents: func(s string) []schema.Entity { return []schema.Entity{ent(s, "person", "Barack Obama", "Obama")} },
			want: []want{{"that the economy was improving", "indirect", "said", "Barack Obama", "Obama"}},
		},
		{
			name: "reported speech, content first",
			text: "The plant will close next year, the company said.",
			ents: none,
			want: []want{{"The plant will close next year", "indirect", "said", "", "the company"}},
		},
		{
			name: "according to",
			text: "According to the report, turnout fell by ten percent.",
			ents: none,
			want: []want{{"turnout fell by ten percent", "indirect", "According to", "", "the report"}},
		},
		{
			name: "told with a listener",
			text: "Clinton told reporters she would not drop out.",
			ents: func(s string) []schema.Entity {
				return []schema.Entity{ent(s, "person", "Hillary Clinton", "Clinton")}
			},
			want: []want{{"she would not drop out", "indirect", "told", "Hillary Clinton", "Clinton"}},
		},
		{
			name: "possessive spokesman is the speaker",
			text: "Trump's spokesman said the rally would go ahead.",
			ents: func(s string) []schema.Entity { return []schema.Entity{ent(s, "person", "Donald Trump", "Trump")} },
			want: []want{{"the rally would go ahead", "indirect", "said", "", "Trump's spokesman"}},
		},
		{
			name: "it resolves to the last organisation outside the content",
			text: "“We will appeal,” the White House said.\nThe ruling was wrong on the law and on the facts, it said.",
			ents: func(s string) []schema.Entity {
				return []schema.Entity{ent(s, "organization", "White House", "White House")}
			},
			want: []want{
				{"We will appeal,", "direct", "said", "White House", "the White House"},
				{"The ruling was wrong on the law and on the facts", "indirect", "said", "White House", "it"},
			},
		},
		{
			name: "quote-only paragraph right after the attribution continues the quote",
			text: "“Taxes are too high,” Ms. Lee said.\n\n“Families cannot afford another increase this year.”",
			ents: func(s string) []schema.Entity { return []schema.Entity{ent(s, "person", "Karen Lee", "Lee")} },
			want: []want{
				{"Taxes are too high, Families cannot afford another increase this year.", "direct", "said", "Karen Lee", "Ms. Lee"},
			},
		},
		{
			name: "quote-only paragraph after other text inherits the speaker",
			text: "“Taxes are too high,” Ms. Lee said. The council meets on Monday.\n\n“Families cannot afford another increase this year.”",
			ents: func(s string) []schema.Entity { return []schema.Entity{ent(s, "person", "Karen Lee", "Lee")} },
			want: []want{
				{"Taxes are too high,", "direct", "said", "Karen Lee", "Ms. Lee"},
				{"Families cannot afford another increase this year.", "direct", "", "Karen Lee", "Ms. Lee"},
			},
		},
		{
			name: "mixed quote is kind direct and covers the clause",
			text: "Trump called the deal “a disaster for our country.”",
			ents: func(s string) []schema.Entity { return []schema.Entity{ent(s, "person", "Donald Trump", "Trump")} },
			want: []want{{"the deal “a disaster for our country.”", "direct", "called", "Donald Trump", "Trump"}},
		},
		{
			name: "Mrs. title gives the gender",
			text: "Mrs. Clinton met Mr. Sanders. Later she said the talks went well.",
			ents: func(s string) []schema.Entity {
				return []schema.Entity{ent(s, "person", "Hillary Clinton", "Clinton"), ent(s, "person", "Bernie Sanders", "Sanders")}
			},
			want: []want{{"the talks went well", "indirect", "said", "Hillary Clinton", "she"}},
		},
		{
			name: "participle attributes to the subject",
			text: "Sanders spoke in Vermont on Tuesday, saying Clinton would be a strong president.",
			ents: func(s string) []schema.Entity {
				return []schema.Entity{ent(s, "person", "Bernie Sanders", "Sanders"), ent(s, "person", "Hillary Clinton", "Clinton")}
			},
			want: []want{{"Clinton would be a strong president", "indirect", "saying", "Bernie Sanders", "Sanders"}},
		},
		{
			name: "relative pronoun is the mention, its antecedent the speaker",
			text: "The plan was attacked by Mitt Romney, who said that it would fail.",
			ents: func(s string) []schema.Entity { return []schema.Entity{ent(s, "person", "Mitt Romney", "Mitt Romney")} },
			want: []want{{"that it would fail", "indirect", "said", "Mitt Romney", "who"}},
		},
		{
			name: "noun cues are not verbs",
			text: "She used a private email server. His opening remarks were short. The seven states where it was asked voted.",
			ents: none,
			want: nil,
		},
		{
			name: "participle after a document noun: the clause subject speaks",
			text: "The White House issued a statement saying that the talks had failed.",
			ents: func(s string) []schema.Entity {
				return []schema.Entity{ent(s, "organization", "White House", "White House")}
			},
			// PolNeAR annotates "issued a statement" as an attribution too
			// at times, but the words are the statement's: one attribution
			want: []want{
				{"that the talks had failed", "indirect", "saying", "White House", "The White House"},
			},
		},
		{
			name: "quote first, attribution with a long adjunct",
			text: "“I love Oreos. I will never eat them again,” Trump said in August after Nabisco announced it was laying off workers.",
			ents: func(s string) []schema.Entity { return []schema.Entity{ent(s, "person", "Donald Trump", "Trump")} },
			want: []want{
				{"I love Oreos. I will never eat them again,", "direct", "said", "Donald Trump", "Trump"},
				{"it was laying off workers", "indirect", "announced", "Nabisco", "Nabisco"},
			},
		},
		{
			name: "parenthetical attribution inside the reported sentence",
			text: "Vice President Joe Biden, Rubio said, had been in the Senate for \"a thousand years.\"",
			ents: func(s string) []schema.Entity { return []schema.Entity{ent(s, "person", "Marco Rubio", "Rubio")} },
			want: []want{{"Vice President Joe Biden had been in the Senate for \"a thousand years.\"", "direct", "said", "Marco Rubio", "Rubio"}},
		},
		{
			name: "long apposition: the sentence subject speaks",
			text: "Kevin Brady, chairman of the House Ways and Means Committee, said that Republicans might delay the tax.",
			ents: func(s string) []schema.Entity { return []schema.Entity{ent(s, "person", "Kevin Brady", "Kevin Brady")} },
			want: []want{{"that Republicans might delay the tax", "indirect", "said", "Kevin Brady", "Kevin Brady"}},
		},
		{
			name: "a quotation ending in a period, then an attribution with its own clause",
			text: "“She has two chances,” said Megan Greene, an economist. “And the Fed wants out.” Greene added that the Fed is worried.",
			ents: func(s string) []schema.Entity {
				return []schema.Entity{ent(s, "person", "Megan Greene", "Megan Greene", "Greene")}
			},
			want: []want{
				{"She has two chances, And the Fed wants out.", "direct", "said", "Megan Greene", "Megan Greene"},
				{"that the Fed is worried", "indirect", "added", "Megan Greene", "Greene"},
			},
		},
		{
			name: "according to, around the reported sentence",
			text: "Since last November, according to Human Rights Watch, security forces have killed more than 400 protesters.",
			ents: none,
			want: []want{{"Since last November security forces have killed more than 400 protesters", "indirect", "according to", "Human Rights Watch", "Human Rights Watch"}},
		},
		{
			name: "according to a lowercase source",
			text: "She won more than 77 percent of the black vote, according to exit polls.",
			ents: none,
			want: []want{{"She won more than 77 percent of the black vote", "indirect", "according to", "", "exit polls"}},
		},
		{
			name: "a speaker label before a colon; section labels are not speakers",
			text: "Roger Stone: Don’t Trust the Voting Machines.\n\nNote: This story was updated on Monday.",
			ents: none,
			want: []want{{"Don’t Trust the Voting Machines", "indirect", ":", "Roger Stone", "Roger Stone"}},
		},
		{
			name: "a fronted concessive clause is not the content",
			text: "Even though skating is allowed in the park, the women say officers still hand out fines.",
			ents: none,
			want: []want{{"officers still hand out fines", "indirect", "say", "", "the women"}},
		},
		{
			name: "a reported clause ends before a coordinated attribution",
			text: "He said he had not seen the video, and when asked whether he was encouraging them, he said, \"I hope not.\"",
			ents: none,
			want: []want{
				{"he had not seen the video", "indirect", "said", "", "He"},
				{"whether he was encouraging them", "indirect", "asked", "", ""}, // the question, as PolNeAR annotates it
				{"I hope not.", "direct", "said", "", "he"},
			},
		},
		{
			name: "promise verbs report an infinitive",
			text: "Sanders vowed to \"take our fight\" to the convention.",
			ents: none,
			want: []want{{"to \"take our fight\" to the convention", "direct", "vowed", "Sanders", "Sanders"}},
		},
		{
			name: "a pronoun prefers the previous speaker to a nearer mention",
			text: "“We will win,” said John Smith, who met Barack Obama on Tuesday. “It is close,” he added.",
			ents: func(s string) []schema.Entity {
				return []schema.Entity{ent(s, "person", "John Smith", "John Smith"), ent(s, "person", "Barack Obama", "Barack Obama")}
			},
			want: []want{{"We will win,", "direct", "said", "John Smith", "John Smith"}, {"It is close,", "direct", "added", "John Smith", "he"}},
		},
		{
			name: "sentence-initial inversion",
			text: "Said Comey, \"The thought that an error on our part is connected to this is very painful.\"",
			ents: func(s string) []schema.Entity { return []schema.Entity{ent(s, "person", "James Comey", "Comey")} },
			want: []want{{"The thought that an error on our part is connected to this is very painful.", "direct", "Said", "James Comey", "Comey"}},
		},
		{
			name: "apposition with a lowercase role noun and a party tag",
			text: "\"Nothing we do now would matter,\" Rep. Elijah Cummings (D-Md.), chair of the committee, said.",
			ents: func(s string) []schema.Entity {
				return []schema.Entity{ent(s, "person", "Elijah Cummings", "Elijah Cummings")}
			},
			want: []want{{"Nothing we do now would matter,", "direct", "said", "Elijah Cummings", "Rep. Elijah Cummings"}},
		},
		{
			name: "inverted speaker after lowercase modifiers, next quotation continues",
			text: "“She’s going to be more aggressive,” said former South Carolina Gov. Jim Hodges, a Clinton backer. “And those are not issues for a guy from Vermont.”",
			ents: func(s string) []schema.Entity { return []schema.Entity{ent(s, "person", "Jim Hodges", "Jim Hodges")} },
			want: []want{{"She’s going to be more aggressive, And those are not issues for a guy from Vermont.", "direct", "said", "Jim Hodges", "former South Carolina Gov. Jim Hodges"}},
		},
		{
			name: "a coordinated cue ends the reported clause",
			text: "Hayek confirmed she had been and said, “America has a severe problem.”",
			ents: none,
			want: []want{{"she had been", "indirect", "confirmed", "Hayek", "Hayek"}, {"America has a severe problem.", "direct", "said", "Hayek", "Hayek"}},
		},
		{
			name: "a participle after the attribution keeps its own quotation",
			text: "“They are not affiliated with the campaign,” she said, adding, “Mr. Trump is grateful for their support.”",
			ents: none,
			want: []want{{"They are not affiliated with the campaign,", "direct", "said", "", "she"}, {"Mr. Trump is grateful for their support.", "direct", "adding", "", "she"}},
		},
		{
			name: "a quoted show title after a listener cue is not the content",
			text: "“We have to really increase the bombings,” the nominee told “Fox and Friends” after he was asked about the attack.",
			ents: none,
			want: []want{
				{"We have to really increase the bombings,", "direct", "told", "", "the nominee"},
				{"about the attack", "indirect", "asked", "", ""},
			},
		},
		{
			name: "lowercase modifiers between the quotation and the speaker",
			text: "\"Cruz and Rubio are moving up,\" former presidential candidate Herman Cain said. \"Carson is losing a little support.\"",
			ents: func(s string) []schema.Entity { return []schema.Entity{ent(s, "person", "Herman Cain", "Herman Cain")} },
			want: []want{{"Cruz and Rubio are moving up, Carson is losing a little support.", "direct", "said", "Herman Cain", "former presidential candidate Herman Cain"}},
		},
		{
			name: "a verb missing from the cue list after a quotation",
			text: "“This is fantastic!” beamed Donald Hartley of Alabama. “That would be a good start,” Toomey fumed on Tuesday.",
			ents: none,
			want: []want{{"This is fantastic!", "direct", "beamed", "Donald Hartley of Alabama", "Donald Hartley of Alabama"}, {"That would be a good start,", "direct", "fumed", "Toomey", "Toomey"}},
		},
		{
			name: "a participle after a preposition: the clause subject speaks",
			text: "Clinton followed that by saying, “I am not a natural politician.”",
			ents: func(s string) []schema.Entity { return []schema.Entity{ent(s, "person", "Hillary Clinton", "Clinton")} },
			want: []want{{"I am not a natural politician.", "direct", "saying", "Hillary Clinton", "Clinton"}},
		},
		{
			name: "a short fronted adjunct is not the content",
			text: "Later in the day, the FBI said it would cooperate. But, said Solovey, “I don't want to talk.”\n\nContributing: Iris Ouyang, Thomas Vogel and Grant Miller.",
			ents: none,
			want: []want{{"it would cooperate", "indirect", "said", "FBI", "the FBI"}, {"I don't want to talk.", "direct", "said", "Solovey", "Solovey"}},
		},
		{
			name: "a dateline is neither content nor speaker",
			text: "WASHINGTON (AP) — Donald Trump has invested in companies he attacks, according to his disclosure report.",
			ents: func(s string) []schema.Entity {
				return []schema.Entity{ent(s, "person", "Donald Trump", "Donald Trump")}
			},
			want: []want{{"Donald Trump has invested in companies he attacks", "indirect", "according to", "", "his disclosure report"}},
		},
		{
			name: "a cue word as a name or after of is part of the speaker",
			text: "The Islamic State said the two were its followers. It was a clip, where the secretary of state said she was here.",
			ents: none,
			want: []want{
				{"the two were its followers", "indirect", "said", "Islamic State", "The Islamic State"},
				{"she was here", "indirect", "said", "", "the secretary of state"},
			},
		},
		{
			name: "time adjuncts between the speaker and the cue",
			text: "Sean Spicer on Thursday evening said the party was not in a crisis. Voters last year said immigrants should leave.",
			ents: func(s string) []schema.Entity {
				return []schema.Entity{ent(s, "person", "Sean Spicer", "Sean Spicer")}
			},
			want: []want{
				{"the party was not in a crisis", "indirect", "said", "Sean Spicer", "Sean Spicer"},
				{"immigrants should leave", "indirect", "said", "", "Voters"},
			},
		},
		{
			name: "an apposition opened by including",
			text: "Six newspapers, including the Press, said he isn’t fit.",
			ents: none,
			want: []want{{"he isn’t fit", "indirect", "said", "", "Six newspapers"}},
		},
		{
			name: "a question put to someone, with or without the asker",
			text: "Asked whether he would encourage his voters to pick Republicans, Johnson demurred. Asked by Matt Lauer whether she had practiced her speech, she said, \"I read it once over.\"",
			ents: func(s string) []schema.Entity {
				return []schema.Entity{ent(s, "person", "Matt Lauer", "Matt Lauer")}
			},
			want: []want{
				{"whether he would encourage his voters to pick Republicans", "indirect", "Asked", "", ""},
				{"whether she had practiced her speech", "indirect", "Asked", "Matt Lauer", "Matt Lauer"},
				{"I read it once over.", "direct", "said", "", "she"},
			},
		},
		{
			name: "a verb of saying in a title-case headline",
			text: "Bush Says We Should Pay Attention To History In The Middle East\n\nThe former governor spoke on Monday.",
			ents: none,
			want: []want{{"We Should Pay Attention To History In The Middle East", "indirect", "Says", "Bush", "Bush"}},
		},
		{
			name: "a clause that starts right after the cue keeps its own that",
			text: "She insisted she hadn't discussed that with Clinton. He reiterated his belief that there will be a contested convention. Smith said Tuesday that the plan was dead.",
			ents: none,
			want: []want{
				{"she hadn't discussed that with Clinton", "indirect", "insisted", "", "She"},
				{"his belief that there will be a contested convention", "indirect", "reiterated", "", "He"},
				{"that the plan was dead", "indirect", "said", "Smith", "Smith"},
			},
		},
		{
			name: "No. before a number does not end the sentence",
			text: "Rubio said he is not interested in the No. 2 spot on a Trump ticket.",
			ents: none,
			want: []want{{"he is not interested in the No. 2 spot on a Trump ticket", "indirect", "said", "Rubio", "Rubio"}},
		},
		{
			name: "the listener of a request belongs to it; thousands separators do not cut it",
			text: "The campaign urged the department to process 15 percent of the roughly 54,000 pages of emails by July 31.",
			ents: none,
			want: []want{{"the department to process 15 percent of the roughly 54,000 pages of emails by July 31", "indirect", "urged", "", "The campaign"}},
		},
		{
			name: "a short rest after a parenthetical attribution",
			text: "Therefore any attempt to debunk a falsehood by Mr. Trump, he said, becomes hopeless.",
			ents: none,
			want: []want{{"Therefore any attempt to debunk a falsehood by Mr. Trump becomes hopeless", "indirect", "said", "", "he"}},
		},
		{
			name: "a bare plural speaker keeps its modifiers",
			text: "Support is strong among the teachers unions, teachers and union officials told POLITICO.",
			ents: none,
			want: []want{{"Support is strong among the teachers unions", "indirect", "told", "", "teachers and union officials"}},
		},
		{
			name: "a quotation inside the reported clause is not a title before its that",
			text: "Ryan told a news conference they are “planting the seeds” to accomplish that.",
			ents: none,
			want: []want{{"they are “planting the seeds” to accomplish that", "direct", "told", "Ryan", "Ryan"}},
		},
		{
			name: "an age before an apposition",
			text: "Jimmy Ghazal, 39, a Lebanese man visiting Nice with his family, told ABC News that he had been watching the fireworks.",
			ents: func(s string) []schema.Entity {
				return []schema.Entity{ent(s, "person", "Jimmy Ghazal", "Jimmy Ghazal")}
			},
			want: []want{{"that he had been watching the fireworks", "indirect", "told", "Jimmy Ghazal", "Jimmy Ghazal"}},
		},
		{
			name: "a cue coordinated by but shares the speaker",
			text: "Carson did not name his opponents, but told his supporters, “our nation is in horrible trouble.”",
			ents: func(s string) []schema.Entity {
				return []schema.Entity{ent(s, "person", "Ben Carson", "Carson")}
			},
			want: []want{{"our nation is in horrible trouble.", "direct", "told", "Ben Carson", "Carson"}},
		},
		{
			name: "quantified speakers: several, most of them, 74 percent",
			text: "Several said they would rather officials dole out funding. And until the shutdown, most of them said they had loved working there. Of the voters, 74 percent said they are set.",
			ents: none,
			want: []want{
				{"they would rather officials dole out funding", "indirect", "said", "", "Several"},
				{"they had loved working there", "indirect", "said", "", "most of them"},
				{"they are set", "indirect", "said", "", "74 percent"},
			},
		},
		{
			name: "an adverbial insertion between the speaker and the cue",
			text: "Murphy, though, said he is with Clinton. Corey Lewandowski, in a statement released by the campaign on Thursday, said he “appreciates the professionalism.”",
			ents: func(s string) []schema.Entity {
				return []schema.Entity{ent(s, "person", "Corey Lewandowski", "Corey Lewandowski")}
			},
			want: []want{
				{"he is with Clinton", "indirect", "said", "Murphy", "Murphy"},
				{"he “appreciates the professionalism.”", "direct", "said", "Corey Lewandowski", "Corey Lewandowski"},
			},
		},
		{
			name: "a long apposition with a relative clause; a clause is not an apposition",
			text: "Rich Heffley, a top GOP operative who played a major role in John McCain’s big Florida win in 2008 and is now running Bush’s efforts in the state, said the program is critical. Even if the department closed, some of its functions would be performed by other agencies, said DeSantis, who was elected in 2012.",
			ents: func(s string) []schema.Entity {
				return []schema.Entity{ent(s, "person", "Rich Heffley", "Rich Heffley"), ent(s, "person", "Ron DeSantis", "DeSantis")}
			},
			want: []want{
				{"the program is critical", "indirect", "said", "Rich Heffley", "Rich Heffley"},
				{"Even if the department closed, some of its functions would be performed by other agencies", "indirect", "said", "Ron DeSantis", "DeSantis"},
			},
		},
		{
			name: "a pronoun subject before a coordinated cue",
			text: "He called the actions lawful, and said there was no attempt to hide them.",
			ents: none,
			want: []want{
				{"the actions lawful", "indirect", "called", "", "He"}, // learned cue
				{"there was no attempt to hide them", "indirect", "said", "", "He"},
			},
		},
		{
			name: "a bare singular speaker in headline style; a capitalized modal is a name",
			text: "Her fate hinges on Obama's popularity, analyst says. “This might hasten the eclipse of Carly Fiorina,” Will wrote.",
			ents: none,
			want: []want{
				{"Her fate hinges on Obama's popularity", "indirect", "says", "", "analyst"},
				{"This might hasten the eclipse of Carly Fiorina,", "direct", "wrote", "Will", "Will"},
			},
		},
		{
			name: "according to: a long source, and a source that closes the sentence",
			text: "According to early results of the exit poll conducted by Edison Research for the Associated Press and Television Networks, Clinton led in Virginia. Clinton is ahead 46 percent to 39 percent according to a CBS poll released Monday.",
			ents: none,
			want: []want{
				{"Clinton led in Virginia", "indirect", "According to", "", "early results of the exit poll conducted by Edison Research for the Associated Press and Television Networks"},
				{"Clinton is ahead 46 percent to 39 percent", "indirect", "according to", "", "a CBS poll released Monday"},
			},
		},
		{
			name: "a concessive sentence reported by a speaker at its end",
			text: "Though Republicans boast of stronger participation, there is no correlation between turnout and victory, political scientists say.",
			ents: none,
			want: []want{
				{"Though Republicans boast of stronger participation, there is no correlation between turnout and victory", "indirect", "say", "", "political scientists"},
				// the boast is an attribution of its own: a verb of saying
				// and its topic
				{"stronger participation", "indirect", "boast", "Republicans", "Republicans"},
			},
		},
		{
			name: "speakers: a name of an institution, a contracted pronoun, a percentage, an age",
			text: "“It would seem to be a stretch,” Jeffrey Lewis of the James Martin Center for Nonproliferation Studies wrote in December. He's said he gets his ideas from a speech. On terrorism, 47% say the United States should commit troops. Mr. Sperling, then 38, said he was advised to find a deputy.",
			ents: none,
			want: []want{
				{"It would seem to be a stretch,", "direct", "wrote", "", "Jeffrey Lewis of the James Martin Center for Nonproliferation Studies"},
				// a contracted pronoun resolves as the pronoun: to nobody
				// here (no entities), never to the name "He's"
				{"he gets his ideas from a speech", "indirect", "said", "", "He's"},
				{"the United States should commit troops", "indirect", "say", "", "47%"},
				{"he was advised to find a deputy", "indirect", "said", "Sperling", "Mr. Sperling"},
			},
		},
		{
			name: "speakers: a first person, a date and a sentence opener are no names",
			text: "I'm saying that the deal is bad. “We will win,” February said. Back in May, Reuters reported that the talks had stalled.",
			ents: none,
			want: []want{
				{"that the deal is bad", "indirect", "saying", "", "I'm"},
				{"We will win,", "direct", "said", "", "February"},
				{"that the talks had stalled", "indirect", "reported", "Reuters", "Reuters"},
			},
		},
		{
			name: "questions with a time adjunct after the asker, and requests to someone",
			text: "When asked by Ingraham on Thursday about foreign workers, Cruz said: \"I don't support it.\"\n\nSanders was asked to name a specific decision.",
			ents: func(s string) []schema.Entity {
				return []schema.Entity{ent(s, "person", "Laura Ingraham", "Ingraham"), ent(s, "person", "Ted Cruz", "Cruz")}
			},
			want: []want{
				{"about foreign workers", "indirect", "asked", "Laura Ingraham", "Ingraham"},
				{"I don't support it.", "direct", "said", "Ted Cruz", "Cruz"},
				{"to name a specific decision", "indirect", "asked", "", ""},
			},
		},
		{
			name: "a passive cue after a closing quotation starts a new sentence",
			text: "Cruz said: \"I don't support it.\" Sanders was asked to name a specific decision.",
			ents: none,
			want: []want{
				{"I don't support it.", "direct", "said", "Cruz", "Cruz"},
				{"to name a specific decision", "indirect", "asked", "", ""},
			},
		},
		{
			name: "state is a cue only before a clause",
			text: "Florida is a closed-primary state, which means only registered Republicans vote. The document states that leave is paid.",
			ents: none,
			want: []want{{"that leave is paid", "indirect", "states", "", "The document"}},
		},
		{
			name: "a finding attributed to its poll",
			text: "In the latest Washington Post-ABC News poll, Clinton led Trump 47 percent to 39 percent. Carson once drew close to Trump in national polls. Voters in Ohio head to the polls on Tuesday. Kasich stood at 25 percent in the latest Fox poll, up eight points from March.",
			ents: none,
			want: []want{
				{"Clinton led Trump 47 percent to 39 percent", "indirect", "In", "", "the latest Washington Post-ABC News poll"},
				{"Carson once drew close to Trump", "indirect", "in", "", "national polls"},
				{"Kasich stood at 25 percent", "indirect", "in", "", "the latest Fox poll"},
			},
		},
		{
			name: "an inverted speaker after a participial clause is not an insertion",
			text: "That would create a summer of agony for Clinton, forcing her to fend off both Trump and Sanders, said Brad Bannon, a Democratic pollster.",
			ents: func(s string) []schema.Entity {
				return []schema.Entity{ent(s, "person", "Brad Bannon", "Brad Bannon")}
			},
			want: []want{{"That would create a summer of agony for Clinton, forcing her to fend off both Trump and Sanders", "indirect", "said", "Brad Bannon", "Brad Bannon"}},
		},
		{
			name: "a whose-apposition; six in 10; the subject after a fronted question",
			text: "Wilcox, whose education was paid for by the military because he joined the Reserve Officers’ Training Corps (ROTC) program, said he would like more students to get chances. More than six in 10 said they were tired. Asked whether he would serve, Mr. Clinton shook his head and said, \"No.\"",
			ents: none,
			want: []want{
				{"he would like more students to get chances", "indirect", "said", "Wilcox", "Wilcox"},
				{"they were tired", "indirect", "said", "", "More than six in 10"},
				{"whether he would serve", "indirect", "Asked", "", ""},
				{"No.", "direct", "said", "Clinton", "Mr. Clinton"},
			},
		},
		{
			name: "the subject of a participle after a fronted adverbial",
			text: "Shortly after the merger announcement, the families of the founders had mobilized, warning that the deal would decimate the company's culture.",
			ents: none,
			want: []want{{"that the deal would decimate the company's culture", "indirect", "warning", "", "the families of the founders"}},
		},
		{
			name: "a participial insertion between the speaker and the cue",
			text: "Florida delegate John Archer, wearing a T-shirt covered in Sanders buttons, said he is proud of the campaign.",
			ents: func(s string) []schema.Entity {
				return []schema.Entity{ent(s, "person", "John Archer", "John Archer")}
			},
			want: []want{{"he is proud of the campaign", "indirect", "said", "John Archer", "Florida delegate John Archer"}},
		},
		{
			name: "a fronted adverbial clause is not the content",
			text: "After the vote was counted, she said he had her vote.",
			ents: none,
			want: []want{{"he had her vote", "indirect", "said", "", "she"}},
		},
		{
			name: "a cue coordinated by but ends the reported clause",
			text: "Smith said it was too early to celebrate but added, \"I think you all know the result.\"",
			ents: none,
			want: []want{
				{"it was too early to celebrate", "indirect", "said", "Smith", "Smith"},
				{"I think you all know the result.", "direct", "added", "Smith", "Smith"},
			},
		},
		{
			name: "a programme title before the speaker is not the content",
			text: "Sunday on Fox News Channel’s “Meet the Voters,” Rep. Jane Roe said the budget is in trouble.",
			ents: none,
			want: []want{{"the budget is in trouble", "indirect", "said", "Jane Roe", "Rep. Jane Roe"}},
		},
		{
			name: "a programme title after the cue is an adjunct",
			text: "The race is far from over, he said on MSNBC’s “Morning Joe.”",
			ents: none,
			want: []want{{"The race is far from over", "indirect", "said", "", "he"}},
		},
		{
			name: "a show noun before a title is not a cue",
			text: "He starred in the reality show “The Apprentice.” Viewers loved the show.",
			ents: none,
			// neither "show" is a cue; the viewers' stance is an attribution,
			// as PolNeAR annotates attitudes ("loved" from its stem's counts)
			want: []want{{"the show", "indirect", "loved", "Viewers", "Viewers"}},
		},
		{
			name: "a participle cue after a comma ends the reported clause",
			text: "Smith said the plan was flawed, noting that it “cuts too deep.”",
			ents: none,
			want: []want{
				{"the plan was flawed", "indirect", "said", "Smith", "Smith"},
				{"that it “cuts too deep.”", "direct", "noting", "Smith", "Smith"},
			},
		},
		{
			name: "a statement saying is one attribution, spoken by the clause subject",
			text: "The company issued a statement Tuesday saying it “regrets the error.”",
			ents: none,
			want: []want{{"it “regrets the error.”", "direct", "saying", "", "The company"}},
		},
		{
			name: "this opens the reported clause unless a time noun follows",
			text: "Critics said this is a rough patch. Smith said this week that it will pass.",
			ents: none,
			want: []want{
				{"this is a rough patch", "indirect", "said", "", "Critics"},
				{"that it will pass", "indirect", "said", "Smith", "Smith"},
			},
		},
		{
			name: "No. before a number does not end the apposition",
			text: "John Roe, the No. 2 Republican in the Senate, said the chamber will vote on Monday.",
			ents: none,
			want: []want{{"the chamber will vote on Monday", "indirect", "said", "John Roe", "John Roe"}},
		},
		{
			name: "an abbreviation before a lowercase quotation does not end the sentence",
			text: "She said the U.S. “clearly” needed a more robust air campaign.",
			ents: none,
			want: []want{{"the U.S. “clearly” needed a more robust air campaign", "direct", "said", "", "She"}},
		},
		{
			name: "a ratio of respondents speaks",
			text: "One in five say the economy is getting worse.",
			ents: none,
			want: []want{{"the economy is getting worse", "indirect", "say", "", "One in five"}},
		},
		{
			name: "a cue introduced by went on to / began by",
			text: "Bryne went on to say, “I know this to be true.” When he returned, the judge began by saying, “I don’t think it’s necessary.”",
			ents: none,
			want: []want{
				{"I know this to be true.", "direct", "say", "Bryne", "Bryne"},
				{"I don’t think it’s necessary.", "direct", "saying", "", "the judge"},
			},
		},
		{
			name: "a clause introducing a quotation with a colon",
			text: "Senate leader Jane Roe had a blunt message for the candidate: \"It's time to quit attacking people.\" The sign had two words: \"Vote Smith.\"",
			ents: func(s string) []schema.Entity { return []schema.Entity{ent(s, "person", "Jane Roe", "Jane Roe")} },
			want: []want{{"It's time to quit attacking people.", "direct", ":", "Jane Roe", "Senate leader Jane Roe"}},
		},
		{
			name: "quantifier pronouns speak; phrasal cues; lowercase titles with of",
			text: "Another tweeted, “She thinks she is above the rules.” \"Watch out,\" tweeted another. “It was unseemly,” said one of two witnesses. \"Thanks for coming,\" said master of ceremonies Asab Tabchi. \"Jeb wants to be a tough guy,\" Trump shot back.",
			ents: none,
			want: []want{
				{"She thinks she is above the rules.", "direct", "tweeted", "", "Another"},
				{"Watch out,", "direct", "tweeted", "", "another"},
				{"It was unseemly,", "direct", "said", "", "one of two witnesses"},
				{"Thanks for coming,", "direct", "said", "Asab Tabchi", "master of ceremonies Asab Tabchi"},
				{"Jeb wants to be a tough guy,", "direct", "shot back", "Trump", "Trump"},
			},
		},
		{
			name: "an evidential clause is a source-less attribution from its subject",
			text: "Beneath the noise, Sanders seemed to be of two minds on Tuesday. So far, the senator, who appears ready to fight, trails. It seems likely they will. He appeared on Fox News on Sunday.",
			ents: none,
			want: []want{
				{"Sanders seemed to be of two minds on Tuesday", "indirect", "seemed", "", ""},
				{"who appears ready to fight", "indirect", "appears", "", ""},
				{"likely they will", "indirect", "seems", "", ""},
			},
		},
		{
			name: "party-state abbreviations; long adjuncts before a quotation; a label after a dash",
			text: "Sen. Ron Roe, R-Wis., said in an op-ed piece before a 2014 Senate hearing, “The department failed.” Pollsters agree - Carl Bialik: “Keep on contacting voters.”",
			ents: none,
			want: []want{
				{"The department failed.", "direct", "said", "Ron Roe", "Sen. Ron Roe"},
				{"Keep on contacting voters.", "direct", ":", "Carl Bialik", "Carl Bialik"},
			},
		},
		{
			name: "a coordinated catenative cue; an inverted unlisted verb with a long apposition",
			text: "Trump joked that Brooklyn was his answer, but went on to say, “There are dangerous places.” “This is fantastic!” beamed Donald Hartley, who snuck onto the floor from the guest seats.",
			ents: none,
			want: []want{
				{"that Brooklyn was his answer", "indirect", "joked", "Trump", "Trump"},
				{"There are dangerous places.", "direct", "say", "Trump", "Trump"},
				{"This is fantastic!", "direct", "beamed", "Donald Hartley", "Donald Hartley"},
			},
		},
		{
			name: "a question put to someone ends at the comma closing a title",
			text: "Asked why he had yet to endorse her during an appearance on \"This Morning,\" Sanders said he had not heard her.",
			ents: none,
			want: []want{
				{"why he had yet to endorse her during an appearance on \"This Morning,\"", "direct", "Asked", "", ""},
				{"he had not heard her", "indirect", "said", "Sanders", "Sanders"},
			},
		},
		{
			name: "a quotation that finishes the sentence its subject began",
			text: "An economic downturn, he said, “could be a good time to borrow.” Pressed on it, Smith said, “I will do it.”",
			ents: none,
			want: []want{
				{"An economic downturn could be a good time to borrow.", "direct", "said", "", "he"},
				{"I will do it.", "direct", "said", "Smith", "Smith"},
			},
		},
		{
			name: "naming participles are not cues; a title inside an apposition",
			text: "The message linked to a group called the “We The People Foundation.” It is a class called “Perception.” Hemsley, the co-author of \"Going Viral,\" said the days of \"a unifying story\" are gone.",
			ents: none,
			want: []want{{"the days of \"a unifying story\" are gone", "direct", "said", "Hemsley", "Hemsley"}},
		},
		{
			name: "one-word answers; a comma after the party; a question put to the speaker is not his content",
			text: "Asked if he was ever bullied, the candidate said no. Sen. Jack Roe (D-R.I.), said after lunch that he had not read the plan.",
			ents: none,
			want: []want{
				{"if he was ever bullied", "indirect", "Asked", "", ""},
				{"no", "indirect", "said", "", "the candidate"},
				{"that he had not read the plan", "indirect", "said", "Jack Roe", "Sen. Jack Roe"},
			},
		},
		{
			name: "a speaker before an adjunct with a noun phrase of its own",
			text: "Trump in his announcement speech called immigrants “rapists.” Officials in Ohio said the vote was fair.",
			ents: none,
			want: []want{
				{"immigrants “rapists.”", "direct", "called", "Trump", "Trump"},
				{"the vote was fair", "indirect", "said", "", "Officials"},
			},
		},
		{
			name: "a fronted adverbial with a programme title before the subject",
			text: "Speaking Sunday on ABC’s “This Week,” Carson admitted that the name was wrong.",
			ents: none,
			want: []want{{"that the name was wrong", "indirect", "admitted", "Carson", "Carson"}},
		},
		{
			name: "a quotation introduced by a colon belongs to the attribution after it",
			text: "Smith asserted that France had lost its identity: “France is no longer France,” he claimed. Ever since Roe announced his run, he has said the same thing.",
			ents: none,
			want: []want{
				{"that France had lost its identity", "indirect", "asserted", "Smith", "Smith"},
				{"France is no longer France,", "direct", "claimed", "", "he"},
				{"his run", "indirect", "announced", "Roe", "Roe"},
				{"the same thing", "indirect", "said", "", "he"},
			},
		},
		{
			name: "as X noted / as reported by X: the main clause after the comma",
			text: "But as the Global Times noted in an op-ed Thursday, the candidate \"has earned himself a few fans.\" As reported by Western Journalism, the campaign is broke.",
			ents: none,
			want: []want{
				{"the candidate \"has earned himself a few fans.\"", "direct", "noted", "Global Times", "the Global Times"},
				{"the campaign is broke", "indirect", "reported", "Western Journalism", "Western Journalism"},
			},
		},
		{
			name: "signs are read, inverted after the quotation",
			text: "“America is great!” read one. “Anybody but Trump,” read another sign.",
			ents: none,
			want: []want{
				{"America is great!", "direct", "read", "", "one"},
				{"Anybody but Trump,", "direct", "read", "", "another sign"},
			},
		},
		{
			name: "a quotation inside a mixed quote of the same speaker is not repeated; another speaker's is",
			text: "Benjamin said he believes \"there may be some generals.\" Smith said that Jones told him, “We are done.”",
			ents: none,
			want: []want{
				{"he believes \"there may be some generals.\"", "direct", "said", "Benjamin", "Benjamin"},
				{"that Jones told him, “We are done.”", "direct", "said", "Smith", "Smith"},
				{"We are done.", "direct", "told", "Jones", "Jones"},
			},
		},
	}
	x := New()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := x.Extract(tc.text, nil, nil, tc.ents(tc.text))
			var g []want
			for _, q := range got {
				w := want{q.Text, q.Kind, q.Cue, q.Speaker, ""}
				if q.SpeakerMention != nil {
					w.mention = q.SpeakerMention.Text
				}
				g = append(g, w)
			}
			if len(g) != len(tc.want) {
				t.Fatalf("got %d quotes, want %d:\n got %q\nwant %q", len(g), len(tc.want), g, tc.want)
			}
			for i := range g {
				if g[i] != tc.want[i] {
					t.Errorf("quote %d:\n got %q\nwant %q", i, g[i], tc.want[i])
				}
			}
			checkOffsets(t, tc.text, got)
		})
	}
}

// checkOffsets verifies the invariants every quote must satisfy.
func checkOffsets(t *testing.T, text string, qs []schema.Quote) {
	t.Helper()
	rs := []rune(text)
	for i, q := range qs {
		if q.Start < 0 || q.End > len(rs) || q.Start >= q.End {
			t.Fatalf("quote %d: bad range %d-%d (text has %d code points)", i, q.Start, q.End, len(rs))
		}
		if q.Kind != schema.KindDirect && q.Kind != schema.KindIndirect {
			t.Fatalf("quote %d: kind %q", i, q.Kind)
		}
		// the text is the span, or its fragments joined by single spaces
		span := string(rs[q.Start:q.End])
		if !strings.HasPrefix(span, firstWord(q.Text)) {
			t.Fatalf("quote %d: text %q does not start the span %q", i, q.Text, span)
		}
		if m := q.SpeakerMention; m != nil {
			if m.Start < 0 || m.End > len(rs) || m.Start >= m.End || string(rs[m.Start:m.End]) != m.Text {
				t.Fatalf("quote %d: speaker mention %+v does not match the text", i, *m)
			}
		}
		if i > 0 && q.Start < qs[i-1].Start {
			t.Fatalf("quotes not in text order: %d-%d after %d-%d", q.Start, q.End, qs[i-1].Start, qs[i-1].End)
		}
	}
}

func firstWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}
