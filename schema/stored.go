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
//   - entities and quotes are JSON arrays of positional values, not objects,
//     and the known entity types and quote kinds are small numbers;
//   - a mention or quote is its offsets, not its text: the text is rebuilt from
//     the body on read. A text is stored only when it is not the body's text at
//     its offsets (a quote joined from two pieces around an attribution, or
//     offsets outside the body), so the round trip is exact for any input;
//   - offsets are [start, length] pairs, each start relative to the previous
//     start in the same list, so most numbers are short.
//
// Decoding refuses unknown keys and malformed arrays, so a stored field in
// another layout (older indexes wrote long keys) fails loudly instead of
// losing entities. docs/mapping.md shows an example.
type storedArticle struct {
	Authors  []string                   `json:"a,omitempty"`
	Extra    map[string]json.RawMessage `json:"x,omitempty"`
	Entities []storedEntity             `json:"e,omitempty"`
	Quotes   []storedQuote              `json:"q,omitempty"`
}

// storedEntity is [type code, name, mentions] with a fourth element, an
// entityExtra object, only when one of its fields is set.
type storedEntity struct {
	Type int // code of a known type (typeCodes), else 0 and TypeText
	Name string
	// Mentions are [start delta, length] pairs.
	Mentions []int
	entityExtra
}

type entityExtra struct {
	TypeText string `json:"ts,omitempty"` // a type without a code
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

// storedQuote is [start delta from the previous quote's start, length, kind
// code, cue, speaker, speaker mention] with a seventh element, a quoteExtra
// object, only when one of its fields is set. The speaker mention is
// [start, length] (absolute) or [] when there is none.
type storedQuote struct {
	Start, Len     int
	Kind           int // code of a known kind (kindCodes), else 0 and KindText
	Cue, Speaker   string
	SpeakerMention []int
	quoteExtra
}

type quoteExtra struct {
	Text               *string `json:"t,omitempty"`  // only when not the body's text at the offsets
	SpeakerMentionText *string `json:"mt,omitempty"` // likewise
	KindText           string  `json:"ks,omitempty"` // a kind without a code
}

func (e storedEntity) MarshalJSON() ([]byte, error) {
	m := e.Mentions
	if m == nil {
		m = []int{}
	}
	v := []any{e.Type, e.Name, m}
	if e.TypeText != "" || e.Texts != nil || e.Geo != nil {
		v = append(v, e.entityExtra)
	}
	return json.Marshal(v)
}

func (e *storedEntity) UnmarshalJSON(b []byte) error {
	parts, err := positional(b, 3, 4)
	if err != nil {
		return err
	}
	if err := strict(parts[0], &e.Type); err != nil {
		return fmt.Errorf("type code: %w", err)
	}
	if err := strict(parts[1], &e.Name); err != nil {
		return fmt.Errorf("name: %w", err)
	}
	if err := strict(parts[2], &e.Mentions); err != nil {
		return fmt.Errorf("mentions: %w", err)
	}
	if len(parts) == 4 {
		if err := strict(parts[3], &e.entityExtra); err != nil {
			return fmt.Errorf("entity extras: %w", err)
		}
	}
	return nil
}

func (q storedQuote) MarshalJSON() ([]byte, error) {
	sm := q.SpeakerMention
	if sm == nil {
		sm = []int{}
	}
	v := []any{q.Start, q.Len, q.Kind, q.Cue, q.Speaker, sm}
	if q.quoteExtra != (quoteExtra{}) {
		v = append(v, q.quoteExtra)
	}
	return json.Marshal(v)
}

func (q *storedQuote) UnmarshalJSON(b []byte) error {
	parts, err := positional(b, 6, 7)
	if err != nil {
		return err
	}
	for i, dst := range []any{&q.Start, &q.Len, &q.Kind, &q.Cue, &q.Speaker, &q.SpeakerMention} {
		if err := strict(parts[i], dst); err != nil {
			return fmt.Errorf("quote element %d: %w", i, err)
		}
	}
	if len(q.SpeakerMention) == 0 {
		q.SpeakerMention = nil
	} else if len(q.SpeakerMention) != 2 {
		return fmt.Errorf("speaker mention has %d offsets, want 2", len(q.SpeakerMention))
	}
	if len(parts) == 7 {
		if err := strict(parts[6], &q.quoteExtra); err != nil {
			return fmt.Errorf("quote extras: %w", err)
		}
	}
	return nil
}

// positional splits a JSON array of min to max elements.
func positional(b []byte, min, max int) ([]json.RawMessage, error) {
	var parts []json.RawMessage
	if err := json.Unmarshal(b, &parts); err != nil {
		return nil, err
	}
	if len(parts) < min || len(parts) > max {
		return nil, fmt.Errorf("array of %d elements, want %d to %d", len(parts), min, max)
	}
	return parts, nil
}

// strict decodes one JSON value into v, refusing unknown object keys and
// trailing data.
func strict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("data after the value")
	}
	return nil
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
			Start: q.Start - prev, Len: q.End - q.Start,
			Kind: code(kindCodes, q.Kind), Cue: q.Cue, Speaker: q.Speaker,
		}
		sq.Text = body.differs(q.Text, q.Start, q.End)
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
	if err := strict([]byte(s), &st); err != nil {
		return err
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
		start += sq.Start
		q := Quote{Start: start, End: start + sq.Len, Cue: sq.Cue, Speaker: sq.Speaker}
		var err error
		if q.Kind, err = decode(kindCodes, sq.Kind, sq.KindText); err != nil {
			return fmt.Errorf("quote %d: kind: %w", i, err)
		}
		if q.Text, err = text(sq.Text, q.Start, q.End); err != nil {
			return fmt.Errorf("quote %d: %w", i, err)
		}
		if sm := sq.SpeakerMention; sm != nil {
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
