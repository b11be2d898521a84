package entities

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/newsfind/newsfind/internal/tokenize"
)

// lowerCases are words whose lower case strings.ToLower defines: ASCII,
// Unicode capitals (some lower-case to a different byte length), invalid
// UTF-8 (each bad byte becomes U+FFFD) and words longer than the stack
// buffers.
var lowerCases = []string{
	"", "the", "The", "PRESIDENT", "Sen.", "U.S.", "McCain", "São", "ÉLYSÉE", "İstanbul",
	"Ⱥ", "KELVIN \u212a", "ǅ", "\xff", "A\xffB", "é\xc3", "Straße", "ΣΟΦΙΑ",
	strings.Repeat("Long", 20), strings.Repeat("Ⱥ", 40),
}

func TestAppendLowerIsToLower(t *testing.T) {
	for _, w := range lowerCases {
		if got, want := string(appendLower(nil, w)), strings.ToLower(w); got != want {
			t.Errorf("appendLower(%q) = %q, want %q", w, got, want)
		}
		if !lowerChanges(w) && strings.ToLower(w) != w {
			t.Errorf("lowerChanges(%q) = false, but strings.ToLower changes it", w)
		}
		set := map[string]bool{strings.ToLower(w): true}
		if !inLower(set, w) {
			t.Errorf("inLower(set{%q}, %q) = false", strings.ToLower(w), w)
		}
	}
}

func TestLowerTokens(t *testing.T) {
	text := "US President Barack Obama said São PAULO’s ÉLYSÉE \xff mayor İstanbul " + strings.Join(lowerCases, " ")
	toks := tokenize.Tokenize(text)
	low := lowerTokens(toks)
	if len(low) != len(toks) {
		t.Fatalf("%d lower-case tokens for %d tokens", len(low), len(toks))
	}
	for i, tk := range toks {
		if want := strings.ToLower(tk.Text); low[i] != want {
			t.Errorf("token %d %q: lower case %q, want %q", i, tk.Text, low[i], want)
		}
	}
}

// furnitureLineRef is isFurnitureLine as it was before it lower-cased into a
// stack buffer: the reference the fast one must agree with.
func furnitureLineRef(line string) bool {
	line = strings.TrimSpace(line)
	if line == "" || len(line) > 200 {
		return false
	}
	lower := strings.ToLower(line)
	for _, p := range furniturePrefixes {
		if strings.HasPrefix(lower, p) {
			return true
		}
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	if strings.ContainsRune(".!?\"”’'", last) {
		return false
	}
	phrase := strings.TrimRight(lower, ":|>»›-–— ")
	if furniturePhrases[phrase] {
		return true
	}
	words := strings.FieldsFunc(phrase, func(r rune) bool {
		return unicode.IsSpace(r) || r == '|' || r == '/' || r == '•' || r == '·'
	})
	if len(words) < 2 || len(words) > maxFurnitureWords {
		return false
	}
	for _, w := range words {
		if !furnitureWords[w] {
			return false
		}
	}
	return true
}

// furnitureCases are lines on both sides of every rule of isFurnitureLine.
var furnitureCases = []string{
	"More From This Section", "Read more: Obama vows", "READ MORE", "Related Articles",
	"Share this | Tweet | Email", "Share • Tweet", "Advertisement", "Advertisement.", "Obama Vows To Destroy ISIS",
	"  Related  ", "Share", "Share this/Email/Print/Tweet/More/Share/Share/Share/Share", "Image copyright Getty",
	"Ⱥ Share this", "SHARE THIS ›", "share\xffthis", "", strings.Repeat("Share this ", 19), strings.Repeat("Ⱥ", 99) + "Share",
}

func TestFurnitureLineMatchesReference(t *testing.T) {
	for _, line := range furnitureCases {
		if got, want := isFurnitureLine(line), furnitureLineRef(line); got != want {
			t.Errorf("isFurnitureLine(%q) = %v, reference %v", line, got, want)
		}
	}
}

// FuzzLower checks the allocation-free lower-casing against strings.ToLower
// and isFurnitureLine against its reference, on arbitrary bytes.
func FuzzLower(f *testing.F) {
	for _, w := range lowerCases {
		f.Add(w)
	}
	for _, l := range furnitureCases {
		f.Add(l)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendLower(nil, s)), strings.ToLower(s); got != want {
			t.Fatalf("appendLower(%q) = %q, want %q", s, got, want)
		}
		if !lowerChanges(s) && strings.ToLower(s) != s {
			t.Fatalf("lowerChanges(%q) = false, but strings.ToLower changes it", s)
		}
		for i, w := range lowerTokens(tokenize.Tokenize(s)) {
			if want := strings.ToLower(tokenize.Tokenize(s)[i].Text); w != want {
				t.Fatalf("lowerTokens(%q)[%d] = %q, want %q", s, i, w, want)
			}
		}
		if got, want := isFurnitureLine(s), furnitureLineRef(s); got != want {
			t.Fatalf("isFurnitureLine(%q) = %v, reference %v", s, got, want)
		}
	})
}

func TestLowerWord(t *testing.T) {
	for _, c := range []struct {
		w               string
		plain, hyphened bool
	}{
		{"funds", true, true}, {"état", true, true}, {"well-known", false, true}, {"-", false, false},
		{"--", false, false}, {"", false, false}, {"Funds", false, false}, {"u.s.", false, false},
		{"x2", false, false}, {"-ish", false, true},
	} {
		if got := lowerWord(c.w, false); got != c.plain {
			t.Errorf("lowerWord(%q, false) = %v, want %v", c.w, got, c.plain)
		}
		if got := lowerWord(c.w, true); got != c.hyphened {
			t.Errorf("lowerWord(%q, true) = %v, want %v", c.w, got, c.hyphened)
		}
	}
}

// TestSubjectWordsFollowNames checks that subjectWords are afterNameWords,
// as their comment says.
func TestSubjectWordsFollowNames(t *testing.T) {
	for w := range subjectWords {
		if !afterNameWords[w] {
			t.Errorf("subject word %q is not in afterNameWords", w)
		}
	}
	for _, w := range []string{"and", "or", "with", "from", "by", "as", "that", "which"} {
		if subjectWords[w] {
			t.Errorf("subjectWords has %q, which follows a noun too", w)
		}
	}
	if got, want := len(subjectWords), len(afterNameWords)-8; got != want {
		t.Errorf("%d subject words, want %d (afterNameWords less 8 connectors)", got, want)
	}
}
