package entities

import (
	"strings"
	"testing"

	"github.com/newsfind/newsfind/internal/tokenize"
)

// BenchmarkResolve resolves the seed article (2,200 characters, 40 spans)
// with hand-made spans; run with -benchmem.
func BenchmarkResolve(b *testing.B) {
	text := benchArticle
	toks := tokenize.Tokenize(text)
	sents := tokenize.Sentences(text, toks)
	spans := handTag(b, text, toks, benchAnns...)
	r := resolver(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		r.Resolve(text, toks, sents, spans)
	}
}

// BenchmarkResolveLong is a 4× longer article with the same names.
func BenchmarkResolveLong(b *testing.B) {
	text := strings.Repeat(benchArticle+"\n", 4)
	toks := tokenize.Tokenize(text)
	sents := tokenize.Sentences(text, toks)
	spans := handTag(b, text, toks, benchAnns...)
	r := resolver(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		r.Resolve(text, toks, sents, spans)
	}
}

var benchAnns = []string{
	"LOC:US", "PER:Barack Obama", "ORG:Islamic State", "LOC:Indonesia", "PER:Obama",
	"ORG:National Security Council", "ORG:ISIS", "ORG:White House", "MISC:Iraqi", "LOC:Ramadi",
	"ORG:Global Coalition to Counter ISIS", "LOC:Iraq", "LOC:Syria", "LOC:United States",
	"PER:Josh Earnest", "LOC:Jakarta", "PER:Earnest", "LOC:Indonesians",
}

// benchArticle is a news article in the style of the seed article (the
// benchmark must not depend on files outside the package).
const benchArticle = `US President Barack Obama underlined the need for coordination and cooperation among a wide range of global partners to degrade and destroy the dreaded Islamic State terror group in the aftermath of terrorist attack in Indonesia and other parts of the world.
"Obama convened his National Security Council to discuss the intensification of our campaign to degrade and destroy ISIS," the White House said.
The President was briefed on recent progress by Iraqi security forces in taking back Ramadi, and on ways US and its partners in the Global Coalition to Counter ISIS or ISIS continue to accelerate and integrate the military campaign on all possible fronts in Iraq and Syria, it said.
More From This Section
"The President emphasised that degrading and destroying ISIS will continue to require coordination and cooperation among a wide range of global partners, and the United States is strongly committed to continuing to lead the shared efforts of the Global Coalition to Counter ISIS," the White House said.
Earlier in the day, White House Press Secretary Josh Earnest said the Jakarta attack shows the ability of ISIS to spread their violence, mayhem and murderous ideology.
"The first is concern about foreign fighters. These are individuals who have traveled from around the globe to Iraq and Syria to take up arms alongside ISIS. The concern obviously is that these individuals could use their foreign passports to return to their home country and organize and carry out acts of violence," he said.
"There's a substantial number of individuals from Indonesia who have traveled to Iraq and Syria to take up arms alongside ISIS. And so the threat that is posed by foreign fighters is significant, one the Indonesians are keenly aware of. This is also a concern that the President himself is keenly aware of," Earnest said.
The second source of concern, is the way in which ISIS has capitalised on social media to spread their ideology and to try to radicalise vulnerable individuals.
"So there obviously is an aggressive effort that we have mounted both here in the United States and around the world to try to combat their online radicalisation efforts," he said.`
