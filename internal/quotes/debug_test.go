package quotes

import (
	"flag"
	"fmt"
	"testing"
)

var debugText = flag.String("text", "", "print the quotes of this text (development aid)")

func TestDebugText(t *testing.T) {
	if *debugText == "" {
		t.Skip("no -text")
	}
	for _, q := range New().Extract(*debugText, nil, nil, nil) {
		fmt.Printf("%s %d-%d cue=%q spk=%q men=%v\n  %q\n", q.Kind, q.Start, q.End, q.Cue, q.Speaker, q.SpeakerMention, q.Text)
	}
}
