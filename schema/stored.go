package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
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
	// Source and Published are here rather than stored fields of their
	// own (since 2026-11-27), the date as a number of Unix seconds with
	// as many decimals as it needs (storedDate): 20k articles 41.5 ->
	// 41.3 MB (41.4 with the date as an RFC 3339 string). An index
	// written before stores them as fields, which ArticleFromFields and
	// the hits read first.
	Source    string                     `json:"s,omitempty"`
	Published json.Number                `json:"p,omitempty"`
	Authors   []string                   `json:"a,omitempty"`
	Extra     map[string]json.RawMessage `json:"x,omitempty"`
	Entities  []storedEntity             `json:"e,omitempty"`
	Quotes    []storedQuote              `json:"q,omitempty"`
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

// appendJSON appends the entity's array; written by hand because
// encoding/json with []any and a Marshaler per element was the larger part
// of ArticleDoc's time.
func (e storedEntity) appendJSON(b []byte) ([]byte, error) {
	b = append(b, '[')
	b = strconv.AppendInt(b, int64(e.Type), 10)
	b = append(b, ',')
	b = appendString(b, e.Name)
	b = append(b, ',')
	b = appendInts(b, e.Mentions...)
	if e.TypeText != "" || e.Texts != nil || e.Geo != nil {
		x, err := json.Marshal(e.entityExtra)
		if err != nil {
			return nil, err
		}
		b = append(append(b, ','), x...)
	}
	return append(b, ']'), nil
}

func (q storedQuote) appendJSON(b []byte) ([]byte, error) {
	b = appendInts(b, q.Start, q.Len, q.Kind)
	b = b[:len(b)-1] // reopen the array appendInts closed: the quote goes on
	b = append(b, ',')
	b = appendString(b, q.Cue)
	b = append(b, ',')
	b = appendString(b, q.Speaker)
	b = append(b, ',')
	b = appendInts(b, q.SpeakerMention...)
	if q.quoteExtra != (quoteExtra{}) {
		x, err := json.Marshal(q.quoteExtra)
		if err != nil {
			return nil, err
		}
		b = append(append(b, ','), x...)
	}
	return append(b, ']'), nil
}

// appendInts appends a JSON array of ints.
func appendInts(b []byte, ns ...int) []byte {
	b = append(b, '[')
	for i, n := range ns {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(n), 10)
	}
	return append(b, ']')
}

// appendString appends s as a JSON string: printable ASCII without quotes
// or backslashes as is (nearly every name and cue), anything else the way
// encoding/json writes it.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always marshals
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// storedArticleIn is storedArticle as read: entities and quotes are parsed
// by parseEntities and parseQuotes (encoding/json took three passes over
// each element of a positional array, and was most of ArticleFromFields).
type storedArticleIn struct {
	Source    string                     `json:"s,omitempty"`
	Published json.RawMessage            `json:"p,omitempty"` // a number: json.Number would take a string too
	Authors   []string                   `json:"a,omitempty"`
	Extra     map[string]json.RawMessage `json:"x,omitempty"`
	Entities  json.RawMessage            `json:"e,omitempty"`
	Quotes    json.RawMessage            `json:"q,omitempty"`
}

// lexer reads the positional arrays of the stored field. Its input has
// already been checked to be valid JSON by encoding/json.
type lexer struct {
	b []byte
	i int
}

func (l *lexer) peek() byte {
	for l.i < len(l.b) && (l.b[l.i] == ' ' || l.b[l.i] == '\t' || l.b[l.i] == '\n' || l.b[l.i] == '\r') {
		l.i++
	}
	if l.i == len(l.b) {
		return 0
	}
	return l.b[l.i]
}

func (l *lexer) errorf(format string, args ...any) error {
	return fmt.Errorf("at byte %d: %s", l.i, fmt.Sprintf(format, args...))
}

func (l *lexer) eat(c byte) error {
	if l.peek() != c {
		return l.errorf("want %q", c)
	}
	l.i++
	return nil
}

// next reads the separator after an element of an array: true for ',',
// false for the closing ']'.
func (l *lexer) next() (bool, error) {
	switch l.peek() {
	case ',':
		l.i++
		return true, nil
	case ']':
		l.i++
		return false, nil
	}
	return false, l.errorf("want ',' or ']'")
}

func (l *lexer) int() (int, error) {
	l.peek()
	start, neg := l.i, false
	if l.i < len(l.b) && l.b[l.i] == '-' {
		neg = true
		l.i++
	}
	n, digits := 0, 0
	for ; l.i < len(l.b) && l.b[l.i] >= '0' && l.b[l.i] <= '9'; l.i++ {
		if digits++; digits > 15 {
			return 0, l.errorf("number too long")
		}
		n = n*10 + int(l.b[l.i]-'0')
	}
	if digits == 0 {
		l.i = start
		return 0, l.errorf("want an integer")
	}
	if neg {
		n = -n
	}
	return n, nil
}

// number reads a JSON number's text: digits, a sign, a point.
func (l *lexer) number() (string, error) {
	l.peek()
	start := l.i
	for ; l.i < len(l.b) && (l.b[l.i] >= '0' && l.b[l.i] <= '9' || l.b[l.i] == '-' || l.b[l.i] == '.'); l.i++ {
	}
	if l.i == start {
		return "", l.errorf("want a number")
	}
	return string(l.b[start:l.i]), nil
}

func (l *lexer) str() (string, error) {
	if err := l.eat('"'); err != nil {
		return "", err
	}
	start, escaped := l.i, false
	for ; l.i < len(l.b) && l.b[l.i] != '"'; l.i++ {
		if l.b[l.i] == '\\' {
			escaped = true
			l.i++
		}
	}
	if l.i >= len(l.b) {
		return "", l.errorf("unterminated string")
	}
	l.i++
	if !escaped {
		return string(l.b[start : l.i-1]), nil
	}
	var s string
	if err := json.Unmarshal(l.b[start-1:l.i], &s); err != nil {
		return "", l.errorf("string: %v", err)
	}
	return s, nil
}

func (l *lexer) ints() ([]int, error) {
	if err := l.eat('['); err != nil {
		return nil, err
	}
	ns := []int{}
	if l.peek() == ']' {
		l.i++
		return ns, nil
	}
	for more := true; more; {
		n, err := l.int()
		if err != nil {
			return nil, err
		}
		ns = append(ns, n)
		if more, err = l.next(); err != nil {
			return nil, err
		}
	}
	return ns, nil
}

// extra reads an optional last element, an object of known keys, into v,
// then the closing ']'.
func (l *lexer) extra(v any) error {
	more, err := l.next()
	if err != nil || !more {
		return err
	}
	if l.peek() != '{' {
		return l.errorf("want an object")
	}
	dec := json.NewDecoder(bytes.NewReader(l.b[l.i:]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return l.errorf("%v", err)
	}
	l.i += int(dec.InputOffset())
	return l.eat(']')
}

// array calls elem for each element of an array that is the whole input.
func (l *lexer) array(elem func() error) error {
	if err := l.elements(elem); err != nil {
		return err
	}
	if l.peek() != 0 {
		return l.errorf("data after the array")
	}
	return nil
}

func parseEntities(b []byte) ([]storedEntity, error) {
	var out []storedEntity
	l := &lexer{b: b}
	err := l.array(func() error {
		var e storedEntity
		var err error
		if err = l.eat('['); err == nil {
			e.Type, err = l.int()
		}
		if err == nil {
			err = l.eat(',')
		}
		if err == nil {
			e.Name, err = l.str()
		}
		if err == nil {
			err = l.eat(',')
		}
		if err == nil {
			e.Mentions, err = l.ints()
		}
		if err == nil {
			err = l.extra(&e.entityExtra)
		}
		if err != nil {
			return fmt.Errorf("entity %d: %w", len(out), err)
		}
		out = append(out, e)
		return nil
	})
	return out, err
}

func parseQuotes(b []byte) ([]storedQuote, error) {
	var out []storedQuote
	l := &lexer{b: b}
	err := l.array(func() error {
		var q storedQuote
		err := l.eat('[')
		for _, n := range []*int{&q.Start, &q.Len, &q.Kind} {
			if err == nil {
				*n, err = l.int()
			}
			if err == nil {
				err = l.eat(',')
			}
		}
		for _, s := range []*string{&q.Cue, &q.Speaker} {
			if err == nil {
				*s, err = l.str()
			}
			if err == nil {
				err = l.eat(',')
			}
		}
		if err == nil {
			q.SpeakerMention, err = l.ints()
		}
		if err == nil {
			switch len(q.SpeakerMention) {
			case 0:
				q.SpeakerMention = nil
			case 2:
			default:
				err = fmt.Errorf("speaker mention has %d offsets, want 2", len(q.SpeakerMention))
			}
		}
		if err == nil {
			err = l.extra(&q.quoteExtra)
		}
		if err != nil {
			return fmt.Errorf("quote %d: %w", len(out), err)
		}
		out = append(out, q)
		return nil
	})
	return out, err
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
// where code points are bytes; for others it keeps the byte offset of every
// checkpointEvery-th code point and walks from the nearest one (a full
// offset table cost more than the JSON around it).
type bodyText struct {
	s     string
	ascii bool
	n     int     // code points
	marks []int32 // byte offset of code point i*checkpointEvery
}

const checkpointEvery = 32

func newBodyText(s string) *bodyText {
	b := &bodyText{s: s, ascii: true, n: len(s)}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			b.ascii = false
			break
		}
	}
	if !b.ascii {
		b.marks = make([]int32, 0, len(s)/checkpointEvery+1)
		b.n = 0
		for i := range s { // an invalid byte is one code point, as in []rune(s)
			if b.n%checkpointEvery == 0 {
				b.marks = append(b.marks, int32(i))
			}
			b.n++
		}
	}
	return b
}

// byteAt is the byte offset of code point i, 0 <= i <= b.n.
func (b *bodyText) byteAt(i int) int {
	if b.ascii {
		return i
	}
	if i == b.n {
		return len(b.s)
	}
	off := int(b.marks[i/checkpointEvery])
	for k := i % checkpointEvery; k > 0; k-- {
		_, w := utf8.DecodeRuneInString(b.s[off:])
		off += w
	}
	return off
}

// slice returns the text at code points [start, end), ok false when the
// offsets are not inside the text.
func (b *bodyText) slice(start, end int) (string, bool) {
	if start < 0 || end < start || end > b.n {
		return "", false
	}
	return b.s[b.byteAt(start):b.byteAt(end)], true
}

// text is a mention's or quote's text: the stored one when the article
// kept it (it is not the body's text at its offsets), else the body's
// code points [start, end).
func (b *bodyText) text(stored *string, start, end int) (string, error) {
	if stored != nil {
		return *stored, nil
	}
	t, ok := b.slice(start, end)
	if !ok {
		return "", fmt.Errorf("offsets [%d,%d) outside the body of %d code points", start, end, utf8.RuneCountInString(b.s))
	}
	return t, nil
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
	st := storedArticle{Source: a.Source, Authors: a.Authors, Extra: a.Extra}
	if !a.Published.IsZero() {
		if a.Published.Before(MinPublished) || !a.Published.Before(MaxPublished) {
			return nil, fmt.Errorf("published %s: out of range (%d to %d)", a.Published.Format(time.RFC3339), MinPublished.Year(), MaxPublished.Year()-1)
		}
		st.Published = storedDate(a.Published)
	}
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
	return st.appendJSON()
}

func (st *storedArticle) appendJSON() ([]byte, error) {
	b := make([]byte, 0, 256+64*len(st.Entities)+64*len(st.Quotes))
	b = append(b, '{')
	field := func(key string) {
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, key...)
		b = append(b, '"', ':')
	}
	if st.Source != "" {
		field("s")
		x, err := json.Marshal(st.Source)
		if err != nil {
			return nil, err
		}
		b = append(b, x...)
	}
	if st.Published != "" {
		field("p")
		b = append(b, st.Published...)
	}
	if len(st.Authors) > 0 {
		field("a")
		x, err := json.Marshal(st.Authors)
		if err != nil {
			return nil, err
		}
		b = append(b, x...)
	}
	if len(st.Extra) > 0 {
		field("x")
		x, err := json.Marshal(st.Extra)
		if err != nil {
			return nil, fmt.Errorf("extra fields: %w", err)
		}
		b = append(b, x...)
	}
	var err error
	if len(st.Entities) > 0 {
		field("e")
		b = append(b, '[')
		for i, e := range st.Entities {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = e.appendJSON(b); err != nil {
				return nil, err
			}
		}
		b = append(b, ']')
	}
	if len(st.Quotes) > 0 {
		field("q")
		b = append(b, '[')
		for i, q := range st.Quotes {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = q.appendJSON(b); err != nil {
				return nil, err
			}
		}
		b = append(b, ']')
	}
	return append(b, '}'), nil
}

// StoredQuotes returns an article's quotes, in order, from its body and
// its stored field (FieldStored) as bleve returns them: what quote search
// shows of a hit (quote documents index quotes but store nothing), without
// decoding the article's entities.
func StoredQuotes(body, stored string) ([]Quote, error) {
	if stored == "" {
		return nil, nil
	}
	var in storedArticleIn
	if err := json.Unmarshal([]byte(stored), &in); err != nil {
		return nil, fmt.Errorf("stored field: %w", err)
	}
	if len(in.Quotes) == 0 {
		return nil, nil
	}
	sqs, err := parseQuotes(in.Quotes)
	if err != nil {
		return nil, fmt.Errorf("stored quotes: %w", err)
	}
	return decodeQuotes(newBodyText(body), sqs)
}

// decodeStored sets a's authors, extra fields, entities and quotes from the
// stored field s; a.Body must already be set.
func decodeStored(a *Article, s string) error {
	var in storedArticleIn
	if err := strict([]byte(s), &in); err != nil {
		return err
	}
	st := storedArticle{Authors: in.Authors, Extra: in.Extra}
	if len(st.Authors) == 0 { // written only when there are some
		st.Authors = nil
	}
	if len(st.Extra) == 0 {
		st.Extra = nil
	}
	var err error
	if len(in.Entities) > 0 {
		if st.Entities, err = parseEntities(in.Entities); err != nil {
			return err
		}
	}
	if len(in.Quotes) > 0 {
		if st.Quotes, err = parseQuotes(in.Quotes); err != nil {
			return err
		}
	}
	if in.Source != "" {
		a.Source = in.Source
	}
	if len(in.Published) > 0 {
		t, err := parseStoredDate(string(in.Published))
		if err != nil {
			return err
		}
		a.Published = t
	}
	body := newBodyText(a.Body)
	text := body.text
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
	a.Quotes, err = decodeQuotes(body, st.Quotes)
	return err
}

// decodeQuotes turns stored quotes into quotes, their texts from body.
func decodeQuotes(body *bodyText, sqs []storedQuote) ([]Quote, error) {
	out := make([]Quote, 0, len(sqs))
	start := 0
	for i, sq := range sqs {
		start += sq.Start
		q := Quote{Start: start, End: start + sq.Len, Cue: sq.Cue, Speaker: sq.Speaker}
		var err error
		if q.Kind, err = decode(kindCodes, sq.Kind, sq.KindText); err != nil {
			return nil, fmt.Errorf("quote %d: kind: %w", i, err)
		}
		if q.Text, err = body.text(sq.Text, q.Start, q.End); err != nil {
			return nil, fmt.Errorf("quote %d: %w", i, err)
		}
		if sm := sq.SpeakerMention; sm != nil { // two offsets (parseQuotes)
			m := &Mention{Start: sm[0], End: sm[0] + sm[1]}
			if m.Text, err = body.text(sq.SpeakerMentionText, m.Start, m.End); err != nil {
				return nil, fmt.Errorf("quote %d speaker mention: %w", i, err)
			}
			q.SpeakerMention = m
		}
		out = append(out, q)
	}
	return out, nil
}

// HitFacets are the facet values a search hit shows of its article.
type HitFacets struct {
	Speakers, Persons, Places, Orgs []string
	// Source and Published, when the stored field has them (an index
	// written before 2026-11-27 stores them as fields of their own).
	Source    string
	Published time.Time
}

// storedDate writes t as the stored field's date: a decimal number of
// Unix seconds, with the fraction of a second only when there is one
// ("561652466.75"), exact to the nanosecond. Article dates are within
// MinPublished and MaxPublished, whose nanoseconds fit an int64.
func storedDate(t time.Time) json.Number {
	n := t.UnixNano()
	var b []byte
	if n < 0 {
		b, n = append(b, '-'), -n
	}
	b = strconv.AppendInt(b, n/1e9, 10)
	if ns := n % 1e9; ns != 0 {
		frac := strconv.AppendInt(nil, 1e9+ns, 10)[1:] // nine digits
		b = append(append(b, '.'), bytes.TrimRight(frac, "0")...)
	}
	return json.Number(b)
}

// parseStoredDate reads storedDate's number, within the dates an article
// may carry.
func parseStoredDate(s string) (time.Time, error) {
	bad := func() (time.Time, error) {
		return time.Time{}, fmt.Errorf("published %q: not a number of Unix seconds from %d to %d", s, MinPublished.Year(), MaxPublished.Year()-1)
	}
	num, neg := strings.CutPrefix(s, "-")
	secs, frac, hasFrac := strings.Cut(num, ".")
	if secs == "" || len(secs) > 11 || strings.Trim(secs, "0123456789") != "" ||
		hasFrac && (frac == "" || len(frac) > 9 || strings.Trim(frac, "0123456789") != "") {
		return bad()
	}
	sec, _ := strconv.ParseInt(secs, 10, 64)
	var ns int64
	if hasFrac {
		ns, _ = strconv.ParseInt(frac+strings.Repeat("0", 9-len(frac)), 10, 64)
	}
	if !neg && sec > MaxPublished.Unix() || neg && -sec < MinPublished.Unix()-1 { // the nanoseconds below fit
		return bad()
	}
	n := sec*1e9 + ns
	if neg {
		n = -n
	}
	t := time.Unix(0, n).UTC()
	if t.Before(MinPublished) || !t.Before(MaxPublished) {
		return bad()
	}
	return t, nil
}

// StoredFacets returns the facet values of an article, as ArticleDoc
// indexes them (Speakers of its quotes, Names of its entities by type),
// from its stored field (FieldStored) alone. A search shows them on every
// hit; storing them as fields of their own as well cost 1.8 % of the index
// (the names again, and zap's metadata for each value), and decoding the
// whole field (ArticleFromFields) costs tens of microseconds: this reads
// only entity types and names and quote speakers, and skips the rest.
// (Names that differ only in invalid UTF-8 come back as one: the stored
// field has U+FFFD for such bytes. The input decoder refuses them.)
func StoredFacets(stored string) (HitFacets, error) { return storedHit(stored, true) }

// StoredSourcePublished is StoredFacets without the facets: the source
// and publication date, when the stored field has them.
func StoredSourcePublished(stored string) (HitFacets, error) { return storedHit(stored, false) }

func storedHit(stored string, facets bool) (HitFacets, error) {
	var out HitFacets
	if stored == "" {
		return out, nil
	}
	l := &lexer{b: []byte(stored)}
	if err := l.eat('{'); err != nil {
		return out, err
	}
	if l.peek() == '}' {
		return out, nil
	}
	// The lists are short (tens of names): a linear search dedupes them
	// with no map, up to a length past which a map is cheaper (an
	// article of thousands of names would make it quadratic).
	var seen [4]map[string]bool
	add := func(i int, list *[]string, name string) {
		if len(*list) < 32 {
			if !slices.Contains(*list, name) {
				*list = append(*list, name)
			}
			return
		}
		if seen[i] == nil {
			seen[i] = make(map[string]bool, 2*len(*list))
			for _, v := range *list {
				seen[i][v] = true
			}
		}
		if !seen[i][name] {
			seen[i][name] = true
			*list = append(*list, name)
		}
	}
	for more := true; more; {
		key, err := l.str()
		if err != nil {
			return out, err
		}
		if err := l.eat(':'); err != nil {
			return out, err
		}
		switch {
		case key == "s":
			out.Source, err = l.str()
		case key == "p":
			var num string
			if num, err = l.number(); err == nil {
				out.Published, err = parseStoredDate(num)
			}
		case facets && key == "e":
			err = l.elements(func() error {
				typ, name, err := l.storedEntityName()
				if err != nil {
					return err
				}
				switch typ {
				case TypePerson:
					add(0, &out.Persons, name)
				case TypePlace:
					add(1, &out.Places, name)
				case TypeOrganization:
					add(2, &out.Orgs, name)
				}
				return nil
			})
		case facets && key == "q":
			err = l.elements(func() error {
				speaker, err := l.storedQuoteSpeaker()
				if err != nil {
					return err
				}
				if speaker != "" {
					add(3, &out.Speakers, speaker)
				}
				return nil
			})
		default:
			err = l.skip()
		}
		if err != nil {
			return out, fmt.Errorf("stored field %q: %w", key, err)
		}
		switch l.peek() {
		case ',':
			l.i++
		case '}':
			l.i++
			more = false
		default:
			return out, l.errorf("want ',' or '}'")
		}
	}
	if l.peek() != 0 {
		return out, l.errorf("data after the object")
	}
	return out, nil
}

// storedEntityName reads an entity's array ([type code, name, mentions,
// extra?]) and returns its type and name.
func (l *lexer) storedEntityName() (typ, name string, err error) {
	if err = l.eat('['); err != nil {
		return
	}
	n, err := l.int()
	if err != nil {
		return
	}
	if err = l.eat(','); err != nil {
		return
	}
	if name, err = l.str(); err != nil {
		return
	}
	if err = l.eat(','); err != nil {
		return
	}
	if err = l.skip(); err != nil { // the mentions
		return
	}
	if err = l.skipRest(); err != nil {
		return
	}
	if n == 0 {
		// A type without a code (spelled out in the extra object) is none
		// of the facets' types, which all have codes.
		return "", name, nil
	}
	typ, err = decode(typeCodes, n, "")
	return typ, name, err
}

// storedQuoteSpeaker reads a quote's array and returns its speaker.
func (l *lexer) storedQuoteSpeaker() (string, error) {
	if err := l.eat('['); err != nil {
		return "", err
	}
	for range 4 { // start, length, kind, cue
		if err := l.skip(); err != nil {
			return "", err
		}
		if err := l.eat(','); err != nil {
			return "", err
		}
	}
	speaker, err := l.str()
	if err != nil {
		return "", err
	}
	return speaker, l.skipRest()
}

// elements calls elem for each element of an array (elem reads it).
func (l *lexer) elements(elem func() error) error {
	if err := l.eat('['); err != nil {
		return err
	}
	if l.peek() == ']' {
		l.i++
		return nil
	}
	for more := true; more; {
		if err := elem(); err != nil {
			return err
		}
		var err error
		if more, err = l.next(); err != nil {
			return err
		}
	}
	return nil
}

// skipRest skips the remaining elements of an array and its closing ']'.
func (l *lexer) skipRest() error {
	for {
		more, err := l.next()
		if err != nil || !more {
			return err
		}
		if err := l.skip(); err != nil {
			return err
		}
	}
}

// skip skips one JSON value. Its input is the stored field, which
// encoding/json or appendJSON wrote, so it checks only what it must to
// stop: strings end, brackets match.
func (l *lexer) skip() error {
	switch c := l.peek(); c {
	case '"':
		l.i++
		for ; l.i < len(l.b) && l.b[l.i] != '"'; l.i++ {
			if l.b[l.i] == '\\' {
				l.i++
			}
		}
		if l.i >= len(l.b) {
			return l.errorf("unterminated string")
		}
		l.i++
		return nil
	case '[', '{':
		closing := byte(']')
		if c == '{' {
			closing = '}'
		}
		l.i++
		if l.peek() == closing {
			l.i++
			return nil
		}
		for {
			if c == '{' {
				if err := l.skip(); err != nil { // the key
					return err
				}
				if err := l.eat(':'); err != nil {
					return err
				}
			}
			if err := l.skip(); err != nil {
				return err
			}
			switch l.peek() {
			case ',':
				l.i++
			case closing:
				l.i++
				return nil
			default:
				return l.errorf("want ',' or %q", closing)
			}
		}
	case 0:
		return l.errorf("want a value")
	default: // a number, true, false or null
		start := l.i
	scan:
		for ; l.i < len(l.b); l.i++ {
			switch l.b[l.i] {
			case ',', ']', '}', ' ', '\t', '\n', '\r':
				break scan
			}
		}
		if l.i == start {
			return l.errorf("want a value")
		}
		return nil
	}
}
