package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// The stored field (FieldStored) keeps what an article has beyond its title,
// body, url, source and published date, which are stored fields of their own.
// It was the largest stored value of an article — larger than the body — so
// it is written compactly:
//
//   - short keys, and small numbers for the known entity types and quote kinds;
//   - a mention or quote is its offsets, not its text: the text is rebuilt from
//     the body on read. A text is stored only when it is not the body's text at
//     its offsets (a quote joined from two pieces around an attribution, or
//     offsets outside the body), so the round trip is exact for any input;
//   - offsets are [start, length] pairs, each start relative to the previous
//     start in the same list, so most numbers are short.
//
// Decoding refuses unknown keys, so a stored field in another layout (older
// indexes wrote long keys) fails loudly instead of losing entities.
type storedArticle struct {
	Authors  []string                   `json:"a,omitempty"`
	Extra    map[string]json.RawMessage `json:"x,omitempty"`
	Entities []storedEntity             `json:"e,omitempty"`
	Quotes   []storedQuote              `json:"q,omitempty"`
}

type storedEntity struct {
	Type     int    `json:"t,omitempty"`  // code of a known type (typeCodes), else 0 and TypeText
	TypeText string `json:"ts,omitempty"` // a type without a code
	Name     string `json:"n"`
	// Mentions are [start delta, length] pairs (see encodeSpans).
	Mentions []int `json:"m,omitempty"`
	// Texts of the mentions that are not the body's text at their offsets,
	// by mention index.
	Texts map[string]string `json:"mt,omitempty"`
	Geo   *storedGeo        `json:"g,omitempty"`
}

type storedGeo struct {
	CountryCode string  `json:"c,omitempty"`
	Lat         float64 `json:"a"`
	Lon         float64 `json:"o"`
	GeonameID   int     `json:"i,omitempty"`
}

type storedQuote struct {
	Span     [2]int  `json:"s"`            // [start delta from the previous quote's start, length]
	Text     *string `json:"t,omitempty"`  // only when not the body's text at Span
	Kind     int     `json:"k,omitempty"`  // code of a known kind (kindCodes), else 0 and KindText
	KindText string  `json:"ks,omitempty"` // a kind without a code
	Cue      string  `json:"c,omitempty"`
	Speaker  string  `json:"p,omitempty"`
	// SpeakerMention is [start, length] (absolute), with its text only
	// when that is not the body's text there.
	SpeakerMention     []int   `json:"m,omitempty"`
	SpeakerMentionText *string `json:"mt,omitempty"`
}

// Codes of the known entity types and quote kinds; 0 means "spelled out".
var (
	typeCodes = []string{1: TypePerson, 2: TypePlace, 3: TypeOrganization, 4: TypeMisc}
	kindCodes = []string{1: KindDirect, 2: KindIndirect}
)

func code(codes []string, s string) int {
	for i, c := range codes {
		if i > 0 && c == s {
			return i
		}
	}
	return 0
}

func decode(codes []string, n int, text string) (string, error) {
	if n == 0 {
		return text, nil
	}
	if n < 0 || n >= len(codes) {
		return "", fmt.Errorf("unknown code %d", n)
	}
	return codes[n], nil
}

// bodyText slices a text by code-point offsets. Bodies are mostly ASCII,
// where code points are bytes; others are indexed once.
type bodyText struct {
	s     string
	ascii bool
	at    []int // byte offset of each code point, then len(s)
}

func newBodyText(s string) *bodyText {
	b := &bodyText{s: s, ascii: true}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			b.ascii = false
			break
		}
	}
	if !b.ascii {
		b.at = make([]int, 0, len(s)+1)
		for i := range s {
			b.at = append(b.at, i)
		}
		b.at = append(b.at, len(s))
	}
	return b
}

// slice returns the text at code points [start, end), ok false when the
// offsets are not inside the text.
func (b *bodyText) slice(start, end int) (string, bool) {
	n := len(b.s)
	if !b.ascii {
		n = len(b.at) - 1
	}
	if start < 0 || end < start || end > n {
		return "", false
	}
	if b.ascii {
		return b.s[start:end], true
	}
	return b.s[b.at[start]:b.at[end]], true
}

// differs returns a pointer to text when it is not the body's text at
// [start, end), nil when the body rebuilds it.
func (b *bodyText) differs(text string, start, end int) *string {
	if got, ok := b.slice(start, end); ok && got == text {
		return nil
	}
	return &text
}

func encodeStored(a *Article) ([]byte, error) {
	body := newBodyText(a.Body)
	st := storedArticle{Authors: a.Authors, Extra: a.Extra}
	for _, e := range a.Entities {
		se := storedEntity{Type: code(typeCodes, e.Type), Name: e.Name}
		if se.Type == 0 {
			se.TypeText = e.Type
		}
		prev := 0
		for i, m := range e.Mentions {
			se.Mentions = append(se.Mentions, m.Start-prev, m.End-m.Start)
			prev = m.Start
			if t := body.differs(m.Text, m.Start, m.End); t != nil {
				if se.Texts == nil {
					se.Texts = map[string]string{}
				}
				se.Texts[strconv.Itoa(i)] = *t
			}
		}
		if g := e.Geo; g != nil {
			se.Geo = &storedGeo{CountryCode: g.CountryCode, Lat: g.Lat, Lon: g.Lon, GeonameID: g.GeonameID}
		}
		st.Entities = append(st.Entities, se)
	}
	prev := 0
	for _, q := range a.Quotes {
		sq := storedQuote{
			Span: [2]int{q.Start - prev, q.End - q.Start},
			Text: body.differs(q.Text, q.Start, q.End),
			Kind: code(kindCodes, q.Kind), Cue: q.Cue, Speaker: q.Speaker,
		}
		prev = q.Start
		if sq.Kind == 0 {
			sq.KindText = q.Kind
		}
		if m := q.SpeakerMention; m != nil {
			sq.SpeakerMention = []int{m.Start, m.End - m.Start}
			sq.SpeakerMentionText = body.differs(m.Text, m.Start, m.End)
		}
		st.Quotes = append(st.Quotes, sq)
	}
	return json.Marshal(st)
}

// decodeStored sets a's authors, extra fields, entities and quotes from the
// stored field s; a.Body must already be set.
func decodeStored(a *Article, s string) error {
	var st storedArticle
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&st); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("data after the stored object")
	}
	body := newBodyText(a.Body)
	text := func(stored *string, start, end int) (string, error) {
		if stored != nil {
			return *stored, nil
		}
		t, ok := body.slice(start, end)
		if !ok {
			return "", fmt.Errorf("offsets [%d,%d) outside the body of %d code points", start, end, utf8.RuneCountInString(a.Body))
		}
		return t, nil
	}
	a.Authors, a.Extra = st.Authors, st.Extra
	a.Entities = make([]Entity, 0, len(st.Entities))
	for i, se := range st.Entities {
		typ, err := decode(typeCodes, se.Type, se.TypeText)
		if err != nil {
			return fmt.Errorf("entity %d: type: %w", i, err)
		}
		if len(se.Mentions)%2 != 0 {
			return fmt.Errorf("entity %d: odd count %d of mention offsets", i, len(se.Mentions))
		}
		e := Entity{Type: typ, Name: se.Name, Mentions: make([]Mention, 0, len(se.Mentions)/2)}
		start := 0
		for j := 0; j < len(se.Mentions); j += 2 {
			start += se.Mentions[j]
			m := Mention{Start: start, End: start + se.Mentions[j+1]}
			var stored *string
			if t, ok := se.Texts[strconv.Itoa(j/2)]; ok {
				stored = &t
			}
			if m.Text, err = text(stored, m.Start, m.End); err != nil {
				return fmt.Errorf("entity %d mention %d: %w", i, j/2, err)
			}
			e.Mentions = append(e.Mentions, m)
		}
		if g := se.Geo; g != nil {
			e.Geo = &Geo{CountryCode: g.CountryCode, Lat: g.Lat, Lon: g.Lon, GeonameID: g.GeonameID}
		}
		a.Entities = append(a.Entities, e)
	}
	a.Quotes = make([]Quote, 0, len(st.Quotes))
	start := 0
	for i, sq := range st.Quotes {
		start += sq.Span[0]
		q := Quote{Start: start, End: start + sq.Span[1], Cue: sq.Cue, Speaker: sq.Speaker}
		var err error
		if q.Kind, err = decode(kindCodes, sq.Kind, sq.KindText); err != nil {
			return fmt.Errorf("quote %d: kind: %w", i, err)
		}
		if q.Text, err = text(sq.Text, q.Start, q.End); err != nil {
			return fmt.Errorf("quote %d: %w", i, err)
		}
		if sm := sq.SpeakerMention; sm != nil {
			if len(sm) != 2 {
				return fmt.Errorf("quote %d: speaker mention has %d offsets, want 2", i, len(sm))
			}
			m := &Mention{Start: sm[0], End: sm[0] + sm[1]}
			if m.Text, err = text(sq.SpeakerMentionText, m.Start, m.End); err != nil {
				return fmt.Errorf("quote %d speaker mention: %w", i, err)
			}
			q.SpeakerMention = m
		}
		a.Quotes = append(a.Quotes, q)
	}
	return nil
}
