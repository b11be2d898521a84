package ner

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Span is an entity: Type is PER, LOC, ORG or MISC; Start and End are token
// indices [Start, End).
type Span struct {
	Type       string
	Start, End int
}

// Types are the entity types, in a fixed order.
var Types = []string{"LOC", "MISC", "ORG", "PER"}

// Sentence is one CoNLL sentence: words and (possibly empty) gold tags.
type Sentence struct {
	Words []string
	Tags  []string
}

// Document is a sequence of sentences between -DOCSTART- lines.
type Document struct {
	Sentences []Sentence
}

// maxLineBytes bounds one CoNLL line (tokens are short; this guards against
// binary input).
const maxLineBytes = 1 << 20

// ReadCoNLL reads CoNLL-2003 style data: one token per line, the word in the
// first column and the tag in the last column; blank lines end sentences and
// -DOCSTART- lines start documents. Lines with a single column have no tag.
func ReadCoNLL(r io.Reader) ([]Document, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxLineBytes)
	var docs []Document
	var cur Document
	var sent Sentence
	flushSent := func() {
		if len(sent.Words) > 0 {
			cur.Sentences = append(cur.Sentences, sent)
		}
		sent = Sentence{}
	}
	flushDoc := func() {
		flushSent()
		if len(cur.Sentences) > 0 {
			docs = append(docs, cur)
		}
		cur = Document{}
	}
	line := 0
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			flushSent()
			continue
		}
		if f[0] == "-DOCSTART-" {
			flushDoc()
			continue
		}
		tag := ""
		if len(f) > 1 {
			tag = f[len(f)-1]
			if !validTag(tag) {
				return nil, fmt.Errorf("ner: conll line %d: last column %q is not an IOB tag", line, tag)
			}
		}
		sent.Words = append(sent.Words, f[0])
		sent.Tags = append(sent.Tags, tag)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("ner: conll line %d: %w", line+1, err)
	}
	flushDoc()
	return docs, nil
}

func validTag(t string) bool {
	if t == "O" {
		return true
	}
	return len(t) > 2 && (t[0] == 'B' || t[0] == 'I' || t[0] == 'E' || t[0] == 'S') && t[1] == '-'
}

// SpansFromTags returns the entity spans of an IOB1, IOB2 or BIOES tag
// sequence, as conlleval counts them: a span starts at B-X (or S-X), or at an
// I-X that follows O or another type, and ends at E-X/S-X or before the next
// start.
func SpansFromTags(tags []string) []Span {
	var out []Span
	start, typ := -1, ""
	closeSpan := func(i int) {
		if typ != "" {
			out = append(out, Span{Type: typ, Start: start, End: i})
		}
		start, typ = -1, ""
	}
	for i, t := range tags {
		if t == "O" || t == "" || len(t) < 3 {
			closeSpan(i)
			continue
		}
		p, ty := t[0], t[2:]
		if p == 'B' || p == 'S' || ty != typ {
			closeSpan(i)
			start, typ = i, ty
		}
		if p == 'E' || p == 'S' {
			closeSpan(i + 1)
		}
	}
	closeSpan(len(tags))
	return out
}

// Score counts span-exact matches per entity type.
type Score struct {
	Gold, Pred, Correct map[string]int
	Tokens              int
}

// NewScore returns an empty Score.
func NewScore() *Score {
	return &Score{Gold: map[string]int{}, Pred: map[string]int{}, Correct: map[string]int{}}
}

// Add scores one sentence's gold and predicted tags.
func (s *Score) Add(gold, pred []string) {
	s.Tokens += len(gold)
	g, p := SpansFromTags(gold), SpansFromTags(pred)
	set := make(map[Span]bool, len(g))
	for _, sp := range g {
		s.Gold[sp.Type]++
		set[sp] = true
	}
	for _, sp := range p {
		s.Pred[sp.Type]++
		if set[sp] {
			s.Correct[sp.Type]++
		}
	}
}

// PRF returns precision, recall and F1 (fractions) for one type, or for all
// types when typ is "".
func (s *Score) PRF(typ string) (p, r, f float64) {
	var c, pr, g int
	if typ == "" {
		for _, v := range s.Correct {
			c += v
		}
		for _, v := range s.Pred {
			pr += v
		}
		for _, v := range s.Gold {
			g += v
		}
	} else {
		c, pr, g = s.Correct[typ], s.Pred[typ], s.Gold[typ]
	}
	if pr > 0 {
		p = float64(c) / float64(pr)
	}
	if g > 0 {
		r = float64(c) / float64(g)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}
