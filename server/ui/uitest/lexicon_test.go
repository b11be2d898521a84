package uitest

import (
	"encoding/json"
	"os"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/newsfind/newsfind/schema"
)

// lexiconExtractor is a stand-in for the real extraction pipeline: it finds
// the names listed in testdata/lexicon.json (whole words, longest first) and
// quoted passages attributed by a cue verb to a listed person in the same
// sentence. It keeps the UI tests independent of model accuracy.
type lexiconExtractor struct {
	forms []lexForm
}

type lexForm struct {
	text      []rune
	canonical string
	typ       string
}

func loadLexicon(path string) (*lexiconExtractor, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var lex map[string]map[string][]string
	if err := json.Unmarshal(b, &lex); err != nil {
		return nil, err
	}
	x := &lexiconExtractor{}
	for typ, names := range lex {
		for canon, forms := range names {
			for _, f := range forms {
				x.forms = append(x.forms, lexForm{[]rune(f), canon, typ})
			}
		}
	}
	sort.Slice(x.forms, func(i, j int) bool {
		if len(x.forms[i].text) != len(x.forms[j].text) {
			return len(x.forms[i].text) > len(x.forms[j].text)
		}
		return string(x.forms[i].text) < string(x.forms[j].text)
	})
	return x, nil
}

var cueRe = regexp.MustCompile(`\b(said|told|wrote|says)\b`)

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func (x *lexiconExtractor) Extract(text string) schema.Extraction {
	rs := []rune(text)
	taken := make([]bool, len(rs)+1)
	type ment struct {
		m     schema.Mention
		canon string
		typ   string
	}
	var ms []ment
	for _, f := range x.forms {
		n := len(f.text)
	next:
		for i := 0; i+n <= len(rs); i++ {
			if (i > 0 && isWord(rs[i-1])) || (i+n < len(rs) && isWord(rs[i+n])) {
				continue
			}
			for k := 0; k < n; k++ {
				if rs[i+k] != f.text[k] || taken[i+k] {
					continue next
				}
			}
			for k := 0; k < n; k++ {
				taken[i+k] = true
			}
			ms = append(ms, ment{schema.Mention{Text: string(f.text), Start: i, End: i + n}, f.canonical, f.typ})
		}
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].m.Start < ms[j].m.Start })
	var out schema.Extraction
	byName := map[string]int{}
	for _, m := range ms {
		k := m.typ + "\x00" + m.canon
		i, ok := byName[k]
		if !ok {
			i = len(out.Entities)
			byName[k] = i
			out.Entities = append(out.Entities, schema.Entity{Type: m.typ, Name: m.canon})
		}
		out.Entities[i].Mentions = append(out.Entities[i].Mentions, m.m)
	}
	// Quotes: text between a pair of double quotes; the speaker is a person
	// mentioned with a cue verb after the quote in the same sentence.
	isQ := func(r rune) bool { return r == '"' || r == '“' || r == '”' }
	for i := 0; i < len(rs); i++ {
		if !isQ(rs[i]) {
			continue
		}
		j := i + 1
		for j < len(rs) && !isQ(rs[j]) && rs[j] != '\n' {
			j++
		}
		if j >= len(rs) || rs[j] == '\n' {
			continue
		}
		start, end := i+1, j
		inner := strings.TrimRight(string(rs[start:end]), ",")
		end = start + len([]rune(inner))
		stop := j + 1
		for stop < len(rs) && rs[stop] != '\n' && !(rs[stop] == '.' && (stop+1 == len(rs) || rs[stop+1] == ' ' || rs[stop+1] == '\n')) {
			stop++
		}
		window := string(rs[j+1 : stop])
		q := schema.Quote{Text: inner, Start: start, End: end, Kind: schema.KindDirect}
		if c := cueRe.FindString(window); c != "" {
			q.Cue = c
			for _, m := range ms {
				if m.typ == schema.TypePerson && m.m.Start > j && m.m.End <= stop {
					q.Speaker = m.canon
					mm := m.m
					q.SpeakerMention = &mm
					break
				}
			}
		}
		out.Quotes = append(out.Quotes, q)
		i = j
	}
	if out.Entities == nil {
		out.Entities = []schema.Entity{}
	}
	if out.Quotes == nil {
		out.Quotes = []schema.Quote{}
	}
	return out
}
