package quotes

import (
	"strings"
	"unicode"

	"github.com/newsfind/newsfind/schema"
)

// Transcripts.
//
// Interviews are printed as transcripts: each turn is a paragraph that
// opens with its speaker's label ("((Zara Kay)) I was born in Tanzania.",
// the double parentheses of Wikinews interviews), and the words after it are
// the speaker's own, with no quotation marks and no verb of saying. A
// paragraph counts as a turn only when the article reads as a transcript:
// at least two different labels, each opening at least two paragraphs.
// Unlabelled paragraphs between two turns continue the first (a long
// answer runs over several paragraphs).
// The interviewer's labels (Q, WN, Interviewer, …) name no source: their
// turns are no quotes, and a speakerless "reported speech" in them (a
// question: "Can you tell us about yourself?") is dropped. An answer
// labelled A is a quote of the interviewee, by no name.
//
// "NAME: …" transcripts (debates) are left to the colon attribution ("X:
// …"), one per paragraph: made turns, they swallowed the attributions
// PolNeAR annotates inside them (cross-validated F1 75.04 → 74.99).

// interviewerLabels name the one who asks: the interviewer or the outlet.
var interviewerLabels = set("q", "q.", "question", "wn", "wikinews", "interviewer", "reporter", "host", "moderator")

// answerLabels name the one who answers without a name.
var answerLabels = set("a", "a.", "answer")

// minTurns is how many paragraphs a label must open to be a speaker's.
const minTurns = 2

// turn is one labelled paragraph: the label at [ls, le), the words after
// it at [s, e), in runes.
type turn struct {
	label        string
	ls, le, s, e int
}

// transcriptQuotes returns one direct quote per turn of a transcript, and
// the turns of short labels (the interviewer's), which are no quotes.
func (d *doc) transcriptQuotes() (quotes []schema.Quote, asked [][2]int) {
	var turns []turn
	count := map[string]int{}
	var unlabelled [][2]int // paragraphs after a turn, before the next label
	for ps := 0; ps < len(d.rs); {
		pe := ps
		for pe < len(d.rs) && d.rs[pe] != '\n' {
			pe++
		}
		if t, ok := d.labelAt(ps, pe); ok {
			// the paragraphs since the previous turn continue it
			for _, u := range unlabelled {
				c := turns[len(turns)-1]
				c.s, c.e = u[0], u[1]
				turns = append(turns, c)
			}
			unlabelled = unlabelled[:0]
			turns = append(turns, t)
			count[t.label]++
		} else if len(turns) > 0 {
			if s, e := d.trimSpace(ps, pe); e > s {
				unlabelled = append(unlabelled, [2]int{s, e})
			}
		}
		ps = pe + 1
	}
	// Paragraphs after the last turn are the article's again (a closing
	// note, a correction): without a later label, nothing says the
	// speaker goes on.
	speakers := 0
	for _, n := range count {
		if n >= minTurns {
			speakers++
		}
	}
	if speakers < 2 {
		return nil, nil
	}
	for _, t := range turns {
		if count[t.label] < minTurns {
			continue
		}
		low := strings.ToLower(t.label)
		if interviewerLabels[low] {
			asked = append(asked, [2]int{t.s, t.e})
			continue
		}
		speaker := d.labelSpeaker(t.label)
		if answerLabels[low] {
			speaker = "" // the interviewee, by no name
		}
		quotes = append(quotes, schema.Quote{
			Text: d.str(t.s, t.e), Start: t.s, End: t.e, Kind: schema.KindDirect,
			Speaker:        speaker,
			SpeakerMention: &schema.Mention{Text: d.str(t.ls, t.le), Start: t.ls, End: t.le},
		})
	}
	return quotes, asked
}

// labelAt reads a speaker label "((Name))" at the start of the paragraph
// [ps, pe), with a name of one to four capitalised words, then the turn's
// words.
func (d *doc) labelAt(ps, pe int) (turn, bool) {
	rs := d.rs
	i, pe := d.trimSpace(ps, pe)
	var t turn
	if i+2 >= pe || rs[i] != '(' || rs[i+1] != '(' {
		return t, false
	}
	j := i + 2
	for j+1 < pe && !(rs[j] == ')' && rs[j+1] == ')') {
		j++
	}
	if j+1 >= pe {
		return t, false
	}
	t.ls, t.le = i+2, j
	t.label = strings.TrimSpace(string(rs[t.ls:t.le]))
	if !isLabelName(t.label) {
		return t, false
	}
	t.s, t.e = d.trimSpace(j+2, pe)
	return t, t.e > t.s
}

// isLabelName: one to four words, each starting with a capital letter
// (letters, dots, hyphens and apostrophes only), as a name is printed.
func isLabelName(s string) bool {
	ws := strings.Fields(s)
	if len(ws) == 0 || len(ws) > 4 {
		return false
	}
	for _, w := range ws {
		rs := []rune(w)
		if !unicode.IsUpper(rs[0]) {
			return false
		}
		for _, r := range rs {
			if !unicode.IsLetter(r) && r != '.' && r != '-' && r != '\'' && r != '’' {
				return false
			}
		}
	}
	return true
}

// labelSpeaker is the entity a label names: the person whose full name it
// is or ends with (a surname label, SANDERS), else the label itself.
func (d *doc) labelSpeaker(label string) string {
	low := strings.ToLower(label)
	for _, e := range d.ents {
		if e.Type != schema.TypePerson && e.Type != schema.TypeOrganization {
			continue
		}
		name := strings.ToLower(e.Name)
		if name == low || strings.HasSuffix(name, " "+low) {
			return e.Name
		}
	}
	for _, e := range d.ents {
		for _, m := range e.Mentions {
			if strings.EqualFold(m.Text, label) {
				return e.Name
			}
		}
	}
	return label
}
