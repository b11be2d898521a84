package entities

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxFurnitureWords bounds the lines that can be page furniture: real
// headlines and paragraphs are longer than "More From This Section".
const maxFurnitureWords = 8

// ByteRange is a half-open byte range [Start, End) of the text.
type ByteRange struct{ Start, End int }

// Furniture returns the byte ranges of the lines of text that are page
// furniture scraped with the article ("More From This Section", "Related
// Articles", "Share this", "Advertisement", "Read more: ..."), in text order.
// A line is furniture when, trimmed, it is a known furniture phrase, starts
// with a furniture prefix such as "Read more:" or "Image copyright", or is a
// short line without sentence punctuation made only of furniture words. Real
// headlines ("Obama Vows To Destroy ISIS") contain other words and stay.
func Furniture(text string) []ByteRange {
	var out []ByteRange
	for start := 0; start < len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		if isFurnitureLine(text[start:end]) {
			out = append(out, ByteRange{start, end})
		}
		start = end + 1
	}
	return out
}

func isFurnitureLine(line string) bool {
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
