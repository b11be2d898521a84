package quotes

import (
	"strings"
	"testing"
)

// TestCueSenses pins the readings of cue words that are attributions only
// in some of their uses: "continue" reports a quotation or a "that"
// clause, not an object; a noun-like cue's -s form followed by a relative
// or participle clause is a plural noun.
func TestCueSenses(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []want
	}{
		{
			name: "continue with an object is not speech",
			text: "The council will continue its review of the budget next month.",
		},
		{
			name: "continued after a quotation",
			text: "\"We are not done,\" the mayor continued. \"There is more to do.\"",
			want: []want{{"We are not done, There is more to do.", "direct", "continued", "", "the mayor"}},
		},
		{
			name: "continued with a colon",
			text: "The senator continued: \"This bill is a disgrace.\"",
			want: []want{{"This bill is a disgrace.", "direct", "continued", "", "The senator"}},
		},
		{
			name: "continued with a that clause",
			text: "She continued that the plan would cost too much.",
			want: []want{{"that the plan would cost too much", "indirect", "continued", "", "She"}},
		},
		{
			name: "a plural noun before a relative clause",
			text: "Voters in the 12 states that have held primaries favored the governor.",
		},
		{
			name: "a plural noun before a participle",
			text: "Thousands of emails released on Friday describe the plan.",
		},
		{
			name: "the -s verb with a that clause stays a cue",
			text: "The governor states that the budget is balanced.",
			want: []want{{"that the budget is balanced", "indirect", "states", "", "The governor"}},
		},
	}
	x := New()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkWant(t, tc.text, x.Extract(tc.text, nil, nil, nil), tc.want)
		})
	}
}

// TestRelativeAttribution pins attributions inside a relative or wh-
// clause: the content is the clause from the relative word, speaker and
// cue included.
func TestRelativeAttribution(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []want
	}{
		{
			name: "what she said is",
			text: "The clubs have adapted to what she said is growing demand for pools and gyms.",
			want: []want{{"what she said is growing demand for pools and gyms", "indirect", "said", "", "she"}},
		},
		{
			name: "a comma-bounded which clause ends at its comma",
			text: "The tax, which critics say will hurt small businesses, passed on Tuesday.",
			want: []want{{"which critics say will hurt small businesses", "indirect", "say", "", "critics"}},
		},
		{
			name: "a that clause with a subject is reported speech as usual",
			text: "The mayor said that she would run again.",
			want: []want{{"that she would run again", "indirect", "said", "", "The mayor"}},
		},
	}
	x := New()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkWant(t, tc.text, x.Extract(tc.text, nil, nil, nil), tc.want)
		})
	}
}

// TestParentheticalBelief pins a belief verb standing inside the clause it
// reports, between commas.
func TestParentheticalBelief(t *testing.T) {
	x := New()
	for _, tc := range []struct {
		text string
		want []want
	}{
		{"The endorsement, many think, is only a matter of time.",
			[]want{{"The endorsement is only a matter of time", "indirect", "think", "", "many"}}},
		{"Later, I think, we went home.", nil},
	} {
		t.Run(tc.text, func(t *testing.T) {
			checkWant(t, tc.text, x.Extract(tc.text, nil, nil, nil), tc.want)
		})
	}
}

// TestParentheticalContinuation pins a reported clause that goes on after
// its parenthetical attribution with "because" or "and" ("…, he said,
// because …"): both halves are the content.
func TestParentheticalContinuation(t *testing.T) {
	x := New()
	for _, tc := range []struct {
		text string
		want []want
	}{
		{"He is leaning toward the governor, he said, because he prizes electability.",
			[]want{{"He is leaning toward the governor because he prizes electability", "indirect", "said", "", "he"}}},
		{"The company built the tool for emergencies, a spokeswoman said on Monday, and it has used it five times.",
			[]want{{"The company built the tool for emergencies and it has used it five times", "indirect", "said", "", "a spokeswoman"}}},
	} {
		t.Run(tc.text, func(t *testing.T) {
			checkWant(t, tc.text, x.Extract(tc.text, nil, nil, nil), tc.want)
		})
	}
}

// TestRespondTo pins "respond to X" and "reply to X": X is what the
// attribution is about, as PolNeAR annotates it.
func TestRespondTo(t *testing.T) {
	x := New()
	for _, tc := range []struct {
		text string
		want []want
	}{
		{"The senator did not respond to requests for comment.",
			[]want{{"requests for comment", "indirect", "respond", "", "The senator"}}},
		{"\"We are ready,\" she replied.",
			[]want{{"We are ready,", "direct", "replied", "", "she"}}},
	} {
		t.Run(tc.text, func(t *testing.T) {
			checkWant(t, tc.text, x.Extract(tc.text, nil, nil, nil), tc.want)
		})
	}
}

// TestTopicAttribution pins cues whose content is their topic after a
// preposition: "warned of", "complained about", "asked … about", "talked
// about", "spoke about".
func TestTopicAttribution(t *testing.T) {
	x := New()
	for _, tc := range []struct {
		text string
		want []want
	}{
		{"The governor warned of a recession next year.",
			[]want{{"a recession next year", "indirect", "warned", "", "The governor"}}},
		{"Reporters asked the senator about the emails.",
			[]want{{"the emails", "indirect", "asked", "Reporters", "Reporters"}}},
		{"The mayor spoke about the budget on Monday.",
			[]want{{"the budget on Monday", "indirect", "spoke about", "", "The mayor"}}},
		{"She talked about her childhood in Texas.",
			[]want{{"her childhood in Texas", "indirect", "talked about", "", "She"}}},
	} {
		t.Run(tc.text, func(t *testing.T) {
			checkWant(t, tc.text, x.Extract(tc.text, nil, nil, nil), tc.want)
		})
	}
}

// TestActionVerbsAreNoCues: verbs of deeds are no learned cues, whatever
// their context scores ("sentenced", "avoided" were taken for attributions
// in wire and Wikinews articles).
func TestActionVerbsAreNoCues(t *testing.T) {
	x := New()
	for _, text := range []string{
		"US District Judge Michael Urbanski sentenced Ohio man James Fields to life in prison on Friday.",
		"Driver Vinnie DeVita avoided being caught up in the accident on the third lap.",
		"The company founded the firm eTranslate in 1999 with two partners.",
		"Senator Mary Lopez launched into an attack on the budget.",
		"Governor Tom Reed provided details of the plan on Tuesday.",
		"Senator Mary Lopez took the stage after the governor.",
		"The protesters took the next exit and drove to the capitol.",
	} {
		for _, q := range x.Extract(text, nil, nil, nil) {
			if actionVerbs[strings.ToLower(q.Cue)] {
				t.Errorf("%q: quote %q with cue %q", text, q.Text, q.Cue)
			}
		}
	}
	// the idioms of stance with "take" stay cues
	for _, text := range []string{"Senator Mary Lopez took aim at the budget on Friday."} {
		qs := x.Extract(text, nil, nil, nil)
		if len(qs) != 1 || qs[0].Cue != "took" {
			t.Errorf("%q: got %+v, want one quote with cue took", text, qs)
		}
	}
}

// TestLightVerbSenses: "make" and "push" report words or stances only
// with a speech object ("made clear", "made the case", "pushed for",
// "pushed back against", "pushing the idea"); a deed ("made a surprise
// visit", "made his debut", "must not be pushed to the main page") is no
// quote.
func TestLightVerbSenses(t *testing.T) {
	x := New()
	tests := []struct {
		text string
		cue  string // "": no quote with a form of make or push
	}{
		{"Mr Blair made a surprise visit to Iraq on Tuesday.", ""},
		{"The actor made his first TV appearance in 1937.", ""},
		{"Articles such as this one must not be pushed to the main page until they are reviewed.", ""},
		{"Leaders pushed the vote back a week because of the storm.", ""},
		{"Senator Mary Lopez made clear that she would run again.", "made"},
		{"Governor Tom Reed made the case that taxes were too high.", "made"},
		{"Governor Tom Reed made blatantly untrue claims about the budget.", "made"},
		{"Senator Mary Lopez pushed for a vote on the budget bill.", "pushed"},
		{"Senator Mary Lopez pushed back against the criticism from her party.", "pushed"},
		{"Senator Mary Lopez is pushing the idea that taxes should fall.", "pushing"},
	}
	for _, tc := range tests {
		var got string
		for _, q := range x.Extract(tc.text, nil, nil, nil) {
			if l := strings.ToLower(q.Cue); makeForms[l] || pushForms[l] {
				got = l
			}
		}
		if got != tc.cue {
			t.Errorf("%q: cue %q, want %q", tc.text, got, tc.cue)
		}
	}
}

// TestDeedForms: word forms that report deeds wherever they were seen
// ("offers a service", "decide whom to appoint") are no cues, and
// "maintain" reports words only before a "that" clause or a quotation.
func TestDeedForms(t *testing.T) {
	x := New()
	tests := []struct {
		text, cue string // cue "": no quote
	}{
		{"The phone company O2 offers a free syncing service to its customers.", ""},
		{"Board members will decide whom to appoint as chairman next week.", ""},
		{"The Pentagon could not identify the sailor in the footage.", ""},
		{"Obama maintained a small but steady lead in the polls.", ""},
		{"Flynn's allies maintained that his conversations were legitimate.", "maintained"},
	}
	for _, tc := range tests {
		var got string
		for _, q := range x.Extract(tc.text, nil, nil, nil) {
			if l := strings.ToLower(q.Cue); deedForms[l] || strings.HasPrefix(l, "maintain") {
				got = l
			}
		}
		if got != tc.cue {
			t.Errorf("%q: cue %q, want %q", tc.text, got, tc.cue)
		}
	}
}
