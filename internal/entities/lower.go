package entities

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsfind/newsfind/internal/tokenize"
)

// Lower-case forms without an allocation per word: word lists are looked
// up with the lower-case bytes in a stack buffer (m[string(b)] does not
// allocate), and the lower-case tokens of a document share one string.
// Every function here gives exactly what strings.ToLower gives.

// appendLower appends strings.ToLower(s) to dst: ASCII capitals lowered,
// other runes through unicode.ToLower, invalid UTF-8 bytes as U+FFFD (as
// strings.Map writes them).
func appendLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
		i += n
	}
	return dst
}

// lowerWord reports whether w is a word written in lower case: lower-case
// letters only, with hyphens too when hyphens is set ("well-known"), and
// at least one letter.
func lowerWord(w string, hyphens bool) bool {
	letter := false
	for _, r := range w {
		if r == '-' && hyphens {
			continue
		}
		if !unicode.IsLower(r) {
			return false
		}
		letter = true
	}
	return letter
}

// lowerChanges reports whether strings.ToLower(s) may differ from s (a
// capital or a byte that is not valid UTF-8; false means it is s itself).
func lowerChanges(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				return true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || unicode.ToLower(r) != r {
			return true
		}
		i += n
	}
	return false
}

// maxListWord is the buffer for a word looked up in a word list; longer
// words still work (the buffer grows on the heap).
const maxListWord = 32

// inLower reports whether set has strings.ToLower(w).
func inLower(set map[string]bool, w string) bool {
	var buf [maxListWord]byte
	return set[string(appendLower(buf[:0], w))]
}

// lowerTokens returns the lower-case text of each token: the token text
// itself when lower-casing leaves it unchanged, else a slice of one string
// shared by the document.
func lowerTokens(toks []tokenize.Token) []string {
	low := make([]string, len(toks))
	n := 0
	for i, t := range toks {
		if lowerChanges(t.Text) {
			n += len(t.Text)
		} else {
			low[i] = t.Text
		}
	}
	if n == 0 {
		return low
	}
	// Substrings of b.String() stay valid as b grows: a Builder only
	// appends, and a reallocation leaves the old bytes as they were.
	var b strings.Builder
	b.Grow(n + n/8)
	for i, t := range toks {
		if low[i] != "" || t.Text == "" {
			continue
		}
		start := b.Len()
		for _, r := range t.Text { // as strings.Map: invalid bytes become U+FFFD
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			} else if r >= utf8.RuneSelf {
				r = unicode.ToLower(r)
			}
			b.WriteRune(r)
		}
		low[i] = b.String()[start:]
	}
	return low
}
