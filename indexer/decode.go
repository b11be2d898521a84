// Package indexer reads articles from files and request bodies, runs
// extraction on them in parallel and writes them to the store in batches.
// The CLI's `index` command and the server's POST /api/bulk share it, so a
// line is judged and reported the same way whichever path it comes in by.
package indexer

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsfind/newsfind/schema"
)

// ErrInvalid marks an article the client got wrong (bad JSON, wrong field
// type, missing body, too large): the server answers 4xx for it.
var ErrInvalid = errors.New("invalid article")

// invalid wraps a validation message so errors.Is(err, ErrInvalid) holds
// while the message stays the plain description.
type invalidError struct{ msg string }

func (e *invalidError) Error() string { return e.msg }
func (e *invalidError) Unwrap() error { return ErrInvalid }

func invalidf(format string, args ...any) error {
	return &invalidError{msg: fmt.Sprintf(format, args...)}
}

// Limits on one article. Bodies past MaxArticleBytes are refused rather than
// truncated: a silently cut article would index wrong offsets.
const (
	DefaultMaxArticleBytes = 8 << 20
	MaxIDBytes             = 512
)

// knownFields are the input fields newsfind reads; all others go to Extra.
var knownFields = map[string]bool{
	"id": true, "url": true, "title": true, "body": true, "text": true, "content": true,
	"published": true, "date": true, "source": true, "authors": true,
	// Fields newsfind computes; accepted on input (round trip of GET output) but recomputed.
	"entities": true, "quotes": true,
	// Unknown fields as GET returns them; merged back into Extra.
	"extra": true,
}

// DecodeArticle parses one JSON article and validates it. Errors name the
// field and the problem and wrap ErrInvalid.
func DecodeArticle(raw []byte) (*schema.Article, error) {
	return decodeArticle(raw, DefaultMaxArticleBytes)
}

func decodeArticle(raw []byte, maxBytes int) (*schema.Article, error) {
	if len(raw) > maxBytes {
		return nil, invalidf("article is %d bytes, over the limit of %d", len(raw), maxBytes)
	}
	if !utf8.Valid(raw) {
		return nil, invalidf("invalid UTF-8 at byte %d", firstInvalidUTF8(raw))
	}
	// A byte-order mark opens files saved by some Windows editors (and
	// every file of a concatenation of them); it is no part of the JSON.
	raw = bytes.TrimSpace(bytes.TrimPrefix(bytes.TrimSpace(raw), utf8BOM))
	if len(raw) == 0 {
		return nil, invalidf("empty line")
	}
	if raw[0] != '{' {
		return nil, invalidf("expected a JSON object, got %s", describeJSON(raw))
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, invalidf("malformed JSON: %s", jsonErr(err))
	}
	a := &schema.Article{}
	var err error
	str := func(name string) (string, bool, error) {
		v, ok := fields[name]
		if !ok || string(v) == "null" {
			return "", false, nil
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return "", true, invalidf("%s: expected string, got %s", name, describeJSON(v))
		}
		if strings.IndexByte(s, 0) >= 0 {
			return "", true, invalidf("%s: contains a NUL character", name)
		}
		return s, true, nil
	}
	if a.ID, _, err = str("id"); err != nil {
		return nil, err
	}
	if len(a.ID) > MaxIDBytes {
		return nil, invalidf("id: %d bytes, over the limit of %d", len(a.ID), MaxIDBytes)
	}
	if strings.ContainsFunc(a.ID, unicode.IsControl) {
		return nil, invalidf("id: contains a control character (newline, tab, ...)")
	}
	if strings.Contains(a.ID, "#q") {
		return nil, invalidf("id: must not contain %q (reserved for quote documents)", "#q")
	}
	if a.URL, _, err = str("url"); err != nil {
		return nil, err
	}
	if a.Title, _, err = str("title"); err != nil {
		return nil, err
	}
	var bodySet bool
	for _, name := range []string{"body", "text", "content"} {
		s, ok, err := str(name)
		if err != nil {
			return nil, err
		}
		if ok && !bodySet {
			a.Body, bodySet = s, true
		}
	}
	if strings.TrimSpace(a.Body) == "" {
		if bodySet {
			return nil, invalidf("body: is empty")
		}
		return nil, invalidf("body: missing (give \"body\", \"text\" or \"content\")")
	}
	if a.Source, _, err = str("source"); err != nil {
		return nil, err
	}
	for _, name := range []string{"published", "date"} {
		s, ok, err := str(name)
		if err != nil {
			return nil, err
		}
		if ok && s != "" && a.Published.IsZero() {
			t, err := ParseDate(s)
			if err != nil {
				return nil, invalidf("%s: %v", name, err)
			}
			a.Published = t
		}
	}
	if v, ok := fields["authors"]; ok && string(v) != "null" {
		if err := json.Unmarshal(v, &a.Authors); err != nil {
			var one string
			if json.Unmarshal(v, &one) != nil {
				return nil, invalidf("authors: expected a list of strings or a string")
			}
			a.Authors = splitAuthors(one)
		}
	}
	for k, v := range fields {
		if !knownFields[k] {
			if a.Extra == nil {
				a.Extra = map[string]json.RawMessage{}
			}
			a.Extra[k] = v
		}
	}
	// "extra" is how GET returns the unknown fields: an article PUT back as
	// GET returned it keeps them where they were instead of nesting them
	// one level deeper each time. Top-level fields win over extra's.
	if v, ok := fields["extra"]; ok && string(v) != "null" {
		var ex map[string]json.RawMessage
		if json.Unmarshal(v, &ex) != nil {
			ex = map[string]json.RawMessage{"extra": v} // not an object: an ordinary unknown field
		}
		for k, raw := range ex {
			if a.Extra == nil {
				a.Extra = map[string]json.RawMessage{}
			}
			if _, dup := a.Extra[k]; !dup {
				a.Extra[k] = raw
			}
		}
	}
	if a.ID == "" {
		a.ID = DeriveID(a)
	}
	return a, nil
}

// DeriveID gives an article without an id a stable one: from its url when it
// has one (so re-fetching the same page replaces it), else from title+body.
func DeriveID(a *schema.Article) string {
	h := sha1.New()
	if a.URL != "" {
		h.Write([]byte("url\x00" + a.URL))
	} else {
		h.Write([]byte("text\x00" + a.Title + "\x00" + a.Body))
	}
	return hex.EncodeToString(h.Sum(nil))[:20]
}

func splitAuthors(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// dateLayouts are the formats ParseDate accepts, most common first. Go's
// parser takes fractional seconds after any seconds field, of any length
// ("7-APR-1987 16:22:00.0").
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04:05Z07:00",
	time.RFC1123Z,
	time.RFC1123,
	"2-Jan-2006 15:04:05", // Reuters-21578: 26-FEB-1987 15:01:01.79
	"2-Jan-2006",
	"January 2, 2006",
	"Jan 2, 2006",
	"2006-01", // a month or a year alone: its first day
	"2006",
}

// dayLayouts are the layouts of a day without a time of day, tried on the
// first word of a date whose time is unreadable.
var dayLayouts = []string{"2006-01-02", "2-Jan-2006"}

// ParseDate parses a published date: RFC 3339 or YYYY-MM-DD, and a few
// other layouts seen in news dumps (a month or a year alone stands for its
// first day). The result is UTC, within schema.MinPublished and
// schema.MaxPublished; Go's zero time (0001-01-01T00:00:00Z), which
// programs write for "no date", is returned as the zero time.
//
// News dumps append debris to dates ("27-MAR-1987 00:03:35.68&#5;&#5;F",
// "9-APR-1987 00:00:00.00  # added by hand") or garble the time of day
// ("31-MAR-1987 605:12:19.12"): a date followed by characters no date
// contains is read without them, and a day whose time does not parse
// keeps the day. Rejecting such a date would reject its whole article.
func ParseDate(s string) (time.Time, error) {
	s = strings.Join(strings.Fields(s), " ")
	t, ok := parseLayouts(s, dateLayouts)
	if !ok {
		if i := strings.IndexFunc(s, notInDate); i > 0 {
			t, ok = parseLayouts(strings.TrimRight(s[:i], " "), dateLayouts)
		}
	}
	if !ok {
		if day, _, cut := strings.Cut(s, " "); cut {
			t, ok = parseLayouts(day, dayLayouts)
		}
	}
	if !ok {
		return time.Time{}, fmt.Errorf("cannot parse %q as a date (use RFC 3339 or YYYY-MM-DD)", truncate(s, 64))
	}
	t = t.UTC()
	if t.IsZero() {
		return time.Time{}, nil
	}
	if t.Before(schema.MinPublished) || !t.Before(schema.MaxPublished) {
		return time.Time{}, fmt.Errorf("%q is outside the supported dates, years %d to %d", truncate(s, 64),
			schema.MinPublished.Year(), schema.MaxPublished.Year()-1)
	}
	return t, nil
}

func parseLayouts(s string, layouts []string) (time.Time, bool) {
	for _, l := range layouts {
		in := s
		if strings.Contains(l, "Jan") && !strings.Contains(l, "January") {
			in = titleMonth(s)
		}
		if t, err := time.Parse(l, in); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// notInDate reports whether r cannot be part of a date in any layout above.
func notInDate(r rune) bool {
	switch {
	case r >= '0' && r <= '9', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		return false
	}
	return !strings.ContainsRune(" :+-,./", r)
}

// titleMonth turns "26-FEB-1987" into "26-Feb-1987" for time.Parse.
func titleMonth(s string) string {
	b := []byte(s)
	for i := 0; i+3 <= len(b); i++ {
		if isUpper(b[i]) && i+2 < len(b) && isUpper(b[i+1]) && isUpper(b[i+2]) {
			b[i+1] += 'a' - 'A'
			b[i+2] += 'a' - 'A'
			break
		}
	}
	return string(b)
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// utf8BOM is the UTF-8 encoding of U+FEFF, the byte-order mark.
var utf8BOM = []byte("\ufeff")

// describeJSON names the kind of JSON value b starts with, or quotes the
// start of b when it is no JSON value ("not json" is not null).
func describeJSON(b []byte) string {
	b = bytes.TrimSpace(b)
	word := func(w string) bool {
		return bytes.HasPrefix(b, []byte(w)) && (len(b) == len(w) || !isWordByte(b[len(w)]))
	}
	switch {
	case len(b) == 0:
		return "nothing"
	case b[0] == '{':
		return "an object"
	case b[0] == '[':
		return "an array"
	case b[0] == '"':
		return "a string"
	case word("true"), word("false"):
		return "a boolean"
	case word("null"):
		return "null"
	case b[0] == '-' || (b[0] >= '0' && b[0] <= '9'):
		return "a number"
	}
	return fmt.Sprintf("invalid JSON (it starts %q)", truncate(string(b), 20))
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

func jsonErr(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("%v (at byte %d)", se, se.Offset)
	}
	return err.Error()
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}
