package entities

import (
	"bytes"
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
	if line == "" || len(line) > maxFurnitureLine {
		return false
	}
	// the line in lower case, in a buffer on the stack (a line of capitals
	// that lower-case to longer runes grows it on the heap)
	var buf [maxFurnitureLine + 8]byte
	lower := appendLower(buf[:0], line)
	for _, p := range furniturePrefixes {
		if len(lower) >= len(p) && string(lower[:len(p)]) == p {
			return true
		}
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	if strings.ContainsRune(".!?\"”’'", last) {
		return false
	}
	phrase := bytes.TrimRight(lower, ":|>»›-–— ")
	if furniturePhrases[string(phrase)] {
		return true
	}
	// 2 to maxFurnitureWords words, all furniture words
	words := 0
	for len(phrase) > 0 {
		i := bytes.IndexFunc(phrase, isFurnitureSep)
		if i < 0 {
			i = len(phrase)
		}
		if i > 0 {
			if words++; words > maxFurnitureWords || !furnitureWords[string(phrase[:i])] {
				return false
			}
		}
		if i == len(phrase) {
			break
		}
		_, n := utf8.DecodeRune(phrase[i:])
		phrase = phrase[i+n:]
	}
	return words >= 2
}

// maxFurnitureLine bounds the bytes of a furniture line.
const maxFurnitureLine = 200

func isFurnitureSep(r rune) bool {
	return unicode.IsSpace(r) || r == '|' || r == '/' || r == '•' || r == '·'
}
