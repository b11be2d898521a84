package indexer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/newsfind/newsfind/schema"
)

// FuzzDecodeArticle: any input either decodes to a valid article or fails
// with an ErrInvalid error (the client's fault, a 4xx), never a panic; a
// decoded article survives the round trip through its own JSON (what GET
// returns can be PUT back unchanged).
func FuzzDecodeArticle(f *testing.F) {
	for _, s := range []string{
		`{"id":"a1","title":"T","body":"Text about Berlin.","published":"2016-01-15","source":"bbc","authors":["A","B"]}`,
		`{"url":"https://example.com/x","text":"derived id","date":"26-FEB-1987 15:01:01.79"}`,
		`{"content":"c","authors":"Jane Doe, John Roe; Ann","extra_field":{"nested":[1,2]}}`,
		`{"body":"x","extra":{"kept":true},"other":1}`,
		`{"body":42}`, `[1]`, `null`, `{"body":"a\u0000b"}`, "{\"body\":\"\xff\"}", `{"id":"a#q1","body":"x"}`,
		`{"body":"x","published":"2020-13-45"}`, `{"body":"   "}`, `{"body":"x"} {}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		a, err := DecodeArticle(raw)
		if err != nil {
			if !errors.Is(err, ErrInvalid) || err.Error() == "" {
				t.Fatalf("error %q (%T) does not wrap ErrInvalid", err, err)
			}
			return
		}
		checkValidArticle(t, a)
		out, err := json.Marshal(a)
		if err != nil {
			t.Fatalf("marshal decoded article: %v", err)
		}
		b, err := DecodeArticle(out)
		if err != nil {
			t.Fatalf("decoded article does not decode again: %v\n%s", err, out)
		}
		if d := cmp.Diff(normalize(a), normalize(b)); d != "" {
			t.Fatalf("round trip changed the article (-first +second):\n%s\n%s", d, out)
		}
	})
}

// normalize makes Extra comparable (same JSON values) and empty lists nil.
func normalize(a *schema.Article) *schema.Article {
	c := *a
	if len(c.Authors) == 0 {
		c.Authors = nil
	}
	c.Extra = nil
	for k, v := range a.Extra {
		// Same JSON value, however spaced or escaped (json.Marshal escapes &<>).
		var x any
		if err := json.Unmarshal(v, &x); err == nil {
			v, _ = json.Marshal(x)
		}
		if c.Extra == nil {
			c.Extra = map[string]json.RawMessage{}
		}
		c.Extra[k] = v
	}
	return &c
}

func checkValidArticle(t *testing.T, a *schema.Article) {
	t.Helper()
	switch {
	case a.ID == "" || len(a.ID) > MaxIDBytes:
		t.Fatalf("id %q: empty or over %d bytes", a.ID, MaxIDBytes)
	case strings.Contains(a.ID, "#q") || strings.ContainsFunc(a.ID, unicode.IsControl):
		t.Fatalf("id %q: reserved #q or control character", a.ID)
	case strings.TrimSpace(a.Body) == "":
		t.Fatalf("empty body accepted")
	case !a.Published.IsZero() && (a.Published.Year() < 1 || a.Published.Year() > 9999):
		t.Fatalf("published %v out of range", a.Published)
	}
	for name, s := range map[string]string{"id": a.ID, "url": a.URL, "title": a.Title, "body": a.Body, "source": a.Source} {
		if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
			t.Fatalf("%s %q: invalid UTF-8 or NUL accepted", name, s)
		}
	}
}

// refLines is ReadLines' contract in plain code: lines split at '\n', a
// line longer than maxLine bytes (without its '\n') is an error record, a
// trailing '\r' is dropped, blank lines are skipped, lines count from 1.
func refLines(data []byte, maxLine int) []Record {
	var out []Record
	for i, l := range bytes.Split(data, []byte("\n")) {
		if len(l) > maxLine {
			out = append(out, Record{Line: i + 1, Err: errors.New("too long")})
			continue
		}
		l = bytes.TrimSuffix(l, []byte("\r"))
		if len(bytes.TrimSpace(l)) > 0 {
			out = append(out, Record{Line: i + 1, Raw: l})
		}
	}
	return out
}

func readAllLines(t *testing.T, data []byte, maxLine int) []Record {
	t.Helper()
	var got []Record
	err := ReadLines(context.Background(), "", bytes.NewReader(data), maxLine, func(r Record) bool {
		r.Raw = bytes.Clone(r.Raw)
		got = append(got, r)
		return true
	})
	if err != nil {
		t.Fatalf("ReadLines: %v", err)
	}
	return got
}

func diffRecords(t *testing.T, got, want []Record) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d records, want %d\ngot  %s\nwant %s", len(got), len(want), showRecords(got), showRecords(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Line != w.Line || (g.Err != nil) != (w.Err != nil) || !bytes.Equal(g.Raw, w.Raw) {
			t.Fatalf("record %d: got line %d raw %q err %v; want line %d raw %q err %v",
				i, g.Line, clipBytes(g.Raw), g.Err, w.Line, clipBytes(w.Raw), w.Err)
		}
		if g.Err != nil && !errors.Is(g.Err, ErrInvalid) {
			t.Fatalf("record %d: error %v does not wrap ErrInvalid", i, g.Err)
		}
	}
}

func showRecords(rs []Record) string {
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "[%d %q %v] ", r.Line, clipBytes(r.Raw), r.Err != nil)
	}
	return b.String()
}

func clipBytes(b []byte) []byte {
	if len(b) > 40 {
		return b[:40]
	}
	return b
}

// FuzzReadLines checks ReadLines against refLines for any input and any
// line limit.
func FuzzReadLines(f *testing.F) {
	f.Add([]byte("{\"a\":1}\n\n  \n{\"b\":2}\r\n{\"c\":3}"), uint16(16))
	f.Add([]byte("short\nthis line is too long\nok\n"), uint16(5))
	f.Add([]byte("exactly5\r\n12345\n123456"), uint16(5))
	f.Add([]byte("\r\n\r\n\n"), uint16(1))
	f.Add([]byte(""), uint16(0))
	f.Fuzz(func(t *testing.T, data []byte, limit uint16) {
		maxLine := 1 + int(limit)%300
		diffRecords(t, readAllLines(t, data, maxLine), refLines(data, maxLine))
	})
}

// TestReadLinesLongLines covers lines around the reader's 64 KiB buffer,
// which fuzz inputs are too short to reach.
func TestReadLinesLongLines(t *testing.T) {
	const maxLine = 100_000
	var data []byte
	for _, n := range []int{65535, 65536, 65537, 99_999, 100_000, 100_001, 131_072, 300_000, 10} {
		data = append(data, bytes.Repeat([]byte{'x'}, n)...)
		data = append(data, '\n')
	}
	data = append(data, bytes.Repeat([]byte{'y'}, maxLine)...) // last line, no newline, at the limit
	data = append(data, "\n"...)
	data = append(data, bytes.Repeat([]byte{'z'}, maxLine+1)...) // last line, no newline, over the limit
	diffRecords(t, readAllLines(t, data, maxLine), refLines(data, maxLine))
}
