package quotes

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/newsfind/newsfind/schema"
)

// TestTranscriptTurns: the paragraphs of an interview or debate transcript
// are direct quotes of their labelled speakers; the interviewer's short
// label is no speaker, and nothing that merely looks like a label (a
// dateline, a one-off "Update:") makes an article a transcript.
func TestTranscriptTurns(t *testing.T) {
	tests := []struct {
		name string
		text string
		ents []schema.Entity
		// every quote (text, kind, cue, speaker, mention), or only the
		// turns (direct quotes without a cue) when turnsOnly
		want      []want
		turnsOnly bool
	}{
		{
			name: "interview with ((labels)): answers over two paragraphs, the interviewer's question reports nobody, the closing paragraph is the article's",
			text: "Wikinews spoke to Ana Ruiz, who runs a shelter.\n\n((WN)) So, how are you doing?\n\n((Ana Ruiz)) I am good, thanks.\n\n((WN)) I'm doing well. Can you tell us something about yourself?\n\n((Ana Ruiz)) I grew up in Quito. I moved here at twenty.\n\nThe city was cold, and work was hard to find.\n\n((WN)) Why a shelter?\n\n((Ana Ruiz)) Because nobody else would open one.\n\nThe shelter opens on Monday, the city council said.",
			want: []want{
				{"I am good, thanks.", "direct", "", "Ana Ruiz", "Ana Ruiz"},
				{"I grew up in Quito. I moved here at twenty.", "direct", "", "Ana Ruiz", "Ana Ruiz"},
				// an answer's next paragraph is still the answer
				{"The city was cold, and work was hard to find.", "direct", "", "Ana Ruiz", "Ana Ruiz"},
				{"Because nobody else would open one.", "direct", "", "Ana Ruiz", "Ana Ruiz"},
				// after the last turn the article speaks again
				{"The shelter opens on Monday", "indirect", "said", "", "the city council"},
			},
		},
		{
			name: "a short name is a speaker; the outlet's name is the interviewer; A is the interviewee",
			text: "((Wikinews)) Where were you born?\n\n((Ali)) In Basra.\n\n((Wikinews)) And now?\n\n((Ali)) In Leeds, since 2010.\n\n((Q)) Any regrets?\n\n((A)) None at all.\n\n((Q)) Really?\n\n((A)) Really.",
			want: []want{
				{"In Basra.", "direct", "", "Ali", "Ali"},
				{"In Leeds, since 2010.", "direct", "", "Ali", "Ali"},
				{"None at all.", "direct", "", "", "A"},
				{"Really.", "direct", "", "", "A"},
			},
		},
		{
			name: "the label names the person it ends: a surname label resolves to the full name",
			text: "Bernie Sanders spoke to Wikinews.\n\n((WN)) Why run?\n\n((Sanders)) We need a political revolution.\n\n((WN)) And Wall Street?\n\n((Sanders)) Not with their money.",
			ents: []schema.Entity{{Type: schema.TypePerson, Name: "Bernie Sanders"}},
			want: []want{
				{"We need a political revolution.", "direct", "", "Bernie Sanders", "Sanders"},
				{"Not with their money.", "direct", "", "Bernie Sanders", "Sanders"},
			},
		},
		{
			name:      "labels that open one paragraph each are no dialogue",
			text:      "((WASHINGTON)) The Senate passed the bill on Monday.\n\n((Update)) The House will vote on Friday.\n\n((Washington)) More to follow.",
			turnsOnly: true,
		},
		{
			name:      "one label, however often, is no dialogue",
			text:      "((Note)) The figures are provisional.\n\n((Note)) The survey had 1,000 respondents.",
			turnsOnly: true,
		},
	}
	x := New()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []want
			for _, q := range x.Extract(tc.text, nil, nil, tc.ents) {
				if tc.turnsOnly && (q.Cue != "" || q.Kind != schema.KindDirect) {
					continue
				}
				w := want{q.Text, q.Kind, q.Cue, q.Speaker, ""}
				if q.SpeakerMention != nil {
					w.mention = q.SpeakerMention.Text
				}
				got = append(got, w)
			}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(want{})); diff != "" {
				t.Errorf("quotes (-want +got):\n%s", diff)
			}
		})
	}
}
