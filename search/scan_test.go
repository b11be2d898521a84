package search

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// splitQuery is what parseQuery does to a query's text before bleve parses
// it: typographic quotes to '"', regexp anchors dropped, outermost groups
// replaced by stand-ins. The group texts are returned as their regexps
// will be written.
func splitQuery(q string) (string, []string, error) {
	text, groups, err := splitGroups("q", scanQuery(asciiQuotes.Replace(q)))
	var texts []string
	for _, g := range groups {
		var b strings.Builder
		for _, t := range g {
			writeToken(&b, t)
		}
		texts = append(texts, b.String())
	}
	return text, texts, err
}

// TestSplitGroupsAndAnchors pins the scanning of a query's syntax: phrases
// ("…", also typographic), backslash escapes, /regexps/ (only where a word
// starts, outside phrases) and parenthesised groups.
func TestSplitGroupsAndAnchors(t *testing.T) {
	tests := []struct {
		q      string
		text   string
		groups []string
		err    string
	}{
		{q: `oil`, text: `oil`},
		{q: `(oil)`, text: `nfgroupq0x`, groups: []string{`oil`}},
		{q: `a(b)c`, text: `a nfgroupq0x c`, groups: []string{`b`}},
		{q: `+(a b) -(c)^2 title:(d)`, text: `+nfgroupq0x -nfgroupq1x^2 title:nfgroupq2x`, groups: []string{`a b`, `c`, `d`}},
		{q: `((a) b) (c (d (e)))`, text: `nfgroupq0x nfgroupq1x`, groups: []string{`(a) b`, `c (d (e))`}},
		{q: `x:(a) "p" (b)c`, text: `x:nfgroupq0x "p" nfgroupq1x c`, groups: []string{`a`, `b`}},
		// Phrases: parentheses and slashes inside are text.
		{q: `"(not a group"`, text: `"(not a group"`},
		{q: `(a "b)" c)`, text: `nfgroupq0x`, groups: []string{`a "b)" c`}},
		{q: `"a/b" (c)`, text: `"a/b" nfgroupq0x`, groups: []string{`c`}},
		{q: `"/^a$/"`, text: `"/^a$/"`},
		{q: `"/^a$/" (/^b$/)`, text: `"/^a$/" nfgroupq0x`, groups: []string{`/b/`}},
		// An unterminated phrase runs to the end: what follows is text.
		{q: `"unterminated (a)`, text: `"unterminated (a)`},
		{q: `(a) "b (c`, text: `nfgroupq0x "b (c`, groups: []string{`a`}},
		// Escapes, also of quotes inside a phrase and of a slash.
		{q: `a \(b\) c`, text: `a \(b\) c`},
		{q: `"a \" (b" (c)`, text: `"a \" (b" nfgroupq0x`, groups: []string{`c`}},
		{q: `\"(a)\"`, text: `\" nfgroupq0x \"`, groups: []string{`a`}},
		{q: `\/^a/ (b)`, text: `\/^a/ nfgroupq0x`, groups: []string{`b`}},
		{q: `(a\)`, err: `unclosed parenthesis (opened at byte 0)`},
		{q: `(a) b\`, text: `nfgroupq0x b\`, groups: []string{`a`}},
		{q: `a\`, text: `a\`},
		// Typographic quotes are phrases.
		{q: `“(a) b” (c)`, text: `"(a) b" nfgroupq0x`, groups: []string{`c`}},
		{q: `„a“ «(b)» ＂c＂`, text: `"a" "(b)" "c"`},
		// Regexps: their parentheses and quotes are regexp syntax.
		{q: `/a(b|c)d/ (e)`, text: `/a(b|c)d/ nfgroupq0x`, groups: []string{`e`}},
		{q: `/(/`, text: `/(/`},
		{q: `(/x)/ y)`, text: `nfgroupq0x`, groups: []string{`/x)/ y`}},
		{q: `/^a"b$/ (c)`, text: `/a"b/ nfgroupq0x`, groups: []string{`c`}},
		{q: `/a\/b/ (c)`, text: `/a\/b/ nfgroupq0x`, groups: []string{`c`}},
		{q: `(/^a$/)`, text: `nfgroupq0x`, groups: []string{`/a/`}},
		{q: `/^a$/ b`, text: `/a/ b`},
		{q: `/\$/ /a\$/ /a$/ /^/ /$/`, text: `/\$/ /a\$/ /a/ // //`},
		{q: `-/^a/ +/b$/ title:/^c$/`, text: `-/a/ +/b/ title:/c/`},
		{q: `/a/b/`, text: `/a/b/`},
		{q: `/a b/ (c)`, text: `/a b/ nfgroupq0x`, groups: []string{`c`}},
		{q: `/^a`, text: `/^a`},
		// Every anchor goes, once (before, one of each went, and again
		// inside each group around the regexp).
		{q: `/^^a$$/ (/^^b$$/)`, text: `/a/ nfgroupq0x`, groups: []string{`/b/`}},
		// A slash inside a word starts no regexp.
		{q: `9/11 (attacks)`, text: `9/11 nfgroupq0x`, groups: []string{`attacks`}},
		{q: `and/or /^x$/`, text: `and/or /x/`},
		{q: `a/(b)/`, text: `a/ nfgroupq0x /`, groups: []string{`b`}},
		// Errors.
		{q: `(a))`, err: `closing parenthesis without an opening one (at byte 3)`},
		{q: `((a)`, err: `unclosed parenthesis (opened at byte 0)`},
		{q: `a ( )`, err: `empty parentheses (at byte 2)`},
		{q: `a () (b`, err: `empty parentheses (at byte 2)`},
		// Offsets count in the query as typed (before, in the query with
		// its regexps' anchors dropped: byte 4 here).
		{q: `/^a$/ )`, err: `closing parenthesis without an opening one (at byte 6)`},
	}
	for _, tt := range tests {
		text, groups, err := splitQuery(tt.q)
		if tt.err != "" {
			var re *RequestError
			if !errors.As(err, &re) || re.Field != "q" || re.Message != tt.err {
				t.Errorf("%q: err = %v, want a q error %q", tt.q, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tt.q, err)
			continue
		}
		if text != tt.text || !cmp.Equal(groups, tt.groups) {
			t.Errorf("%q: got %q %q, want %q %q", tt.q, text, groups, tt.text, tt.groups)
		}
	}
}

// TestNesting pins how deep a query's parentheses count.
func TestNesting(t *testing.T) {
	tests := []struct {
		q    string
		want int
	}{
		{``, 0},
		{`a`, 0},
		{`(a)`, 1},
		{`((a)(b))`, 2},
		{`(a) ((b)) (((c)))`, 3},
		{`"((("`, 0},
		{`\(\(\(`, 0},
		{`a) (b)`, 1},
		{`(((`, 3},
		{`"a \" ((b" (c)`, 1},
		{`"unterminated ((a))`, 0},
		{`9/11 ((a))`, 2},
		// A regexp's parentheses and quotes are its own syntax (before the
		// scanner was shared, nesting counted them: 3 and 0).
		{`/(((/`, 0},
		{`/"/ ((a))`, 2},
	}
	for _, tt := range tests {
		if got := nesting(scanQuery(tt.q)); got != tt.want {
			t.Errorf("nesting(%q) = %d, want %d", tt.q, got, tt.want)
		}
	}
}

// parseQueries are queries whose parsed form TestParseQueryGolden pins:
// the scanning cases above, through the whole of parseQueryString.
var parseQueries = []string{
	`(oil)`,
	`+(a b) -(c)^2 title:(d)`,
	`((a AND b) OR (c AND d))`,
	`"(not a group"`,
	`"a/b" (c)`,
	`"/^a$/" (/^b$/)`,
	`"unterminated (a)`,
	`a \(b\) c`,
	`"a \" (b" (c)`,
	`“(a) b” (c)`,
	`„a“ «(b)» ＂c＂`,
	`/a(b|c)d/ (e)`,
	`(/x)/ y)`,
	`/^a"b$/ (c)`,
	`(/^a$/)`,
	`/\$/ /a\$/`,
	`-/^a/ +/b$/ title:/^c$/`,
	`9/11 (attacks)`,
	`and/or /^x$/`,
	`(a ())`,
	`(a (b c) ( ))`,
	`  ( * )  `,
	`(a) ^2`,
	`title:((a) b)^3`,
	`(a)~1`,
}

// TestParseQueryGolden pins the query (as JSON) or the error that
// parseQueryString makes of each of parseQueries.
// Rewrite with: go test ./search -run TestParseQueryGolden -update
func TestParseQueryGolden(t *testing.T) {
	type result struct {
		Q     string          `json:"q"`
		Query json.RawMessage `json:"query,omitempty"`
		Error string          `json:"error,omitempty"`
	}
	var got []result
	for _, q := range parseQueries {
		r := result{Q: q}
		parsed, err := parseQueryString("q", q, "", false)
		if err != nil {
			r.Error = err.Error()
		} else {
			b, err := json.Marshal(parsed)
			if err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			r.Query = b
		}
		got = append(got, r)
	}
	checkGolden(t, "parse_queries", got)
}

// TestNestingBehindRegexpQuote: a '"' inside a regexp opens no phrase, so
// the parentheses after it count (they had gone uncounted at the top
// level, letting MaxQueryNesting+1 levels through).
func TestNestingBehindRegexpQuote(t *testing.T) {
	deep := `/"/ ` + strings.Repeat("(", MaxQueryNesting+1) + "x" + strings.Repeat(")", MaxQueryNesting+1)
	_, err := parseQueryString("q", deep, "", false)
	var re *RequestError
	if !errors.As(err, &re) || !strings.Contains(re.Message, "parentheses deep") {
		t.Fatalf("deep query behind a regexp with a quote: %v", err)
	}
}

// FuzzScanQuery: scanning never panics and loses nothing (the tokens make
// up the text again, at their offsets); structural tokens are what they
// say; trimming is strings.TrimSpace; nesting, splitGroups and the whole
// parse never panic, and a parse error is a RequestError.
func FuzzScanQuery(f *testing.F) {
	for _, q := range parseQueries {
		f.Add(q)
	}
	for _, q := range []string{`"a \" (b" (c)`, `\`, `a\`, `/a\/b/`, `(/x)/ y)`, `\“(a)”`, "\\\u00a0(b)", "a\\\xc2(b)"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		toks := scanQuery(q)
		var b strings.Builder
		inPhrase := false
		for _, tok := range toks {
			if tok.pos != b.Len() || tok.text == "" || q[tok.pos:tok.pos+len(tok.text)] != tok.text {
				t.Fatalf("%q: token %+v out of place", q, tok)
			}
			b.WriteString(tok.text)
			switch tok.kind {
			case tokQuote:
				inPhrase = !inPhrase
			case tokOpen, tokClose:
				if inPhrase || len(tok.text) != 1 {
					t.Fatalf("%q: parenthesis token %+v inside a phrase", q, tok)
				}
			case tokRegexp:
				if inPhrase || len(tok.text) < 2 || tok.text[0] != '/' || tok.text[len(tok.text)-1] != '/' || unescapedSpace(tok.text) {
					t.Fatalf("%q: bad regexp token %+v", q, tok)
				}
			case tokEscape:
				if tok.text[0] != '\\' || len(tok.text) < 2 {
					t.Fatalf("%q: bad escape token %+v", q, tok)
				}
			}
		}
		if b.String() != q {
			t.Fatalf("%q: tokens make up %q", q, b.String())
		}
		var trimmed strings.Builder
		for _, tok := range trimTokens(toks) {
			trimmed.WriteString(tok.text)
		}
		if trimmed.String() != strings.TrimSpace(q) {
			t.Fatalf("%q: trimmed to %q, want %q", q, trimmed.String(), strings.TrimSpace(q))
		}
		if d := nesting(toks); d < 0 {
			t.Fatalf("%q: nesting %d", q, d)
		}
		_, _, _ = splitGroups("q", toks)
		if _, err := parseQueryString("q", q, "", false); err != nil {
			var re *RequestError
			if !errors.As(err, &re) {
				t.Fatalf("%q: error %v is not a RequestError", q, err)
			}
		}
	})
}

// unescapedSpace says whether s has a space, tab or newline that no
// backslash escapes (a regexp ends at one; /\ / is a regexp).
func unescapedSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case ' ', '\t', '\n':
			return true
		}
	}
	return false
}
