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
//
// Credit lines ("(Reporting by Lucia Mutikani; Editing by Paul Simao)",
// "Additional reporting by Annie Karni") and a wire service's sign-off on
// the last line ("REUTER", "AP", "More") are furniture too: the names in
// them are the staff's, not the story's. A sign-off after the last sentence
// on its line ("a year ago. REUTER") is furniture by itself: its range is
// that word's.
func Furniture(text string) []ByteRange {
	var out []ByteRange
	// the last two non-blank lines, for the sign-off
	last, prev := ByteRange{-1, -1}, ByteRange{-1, -1}
	for start := 0; start < len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		line := text[start:end]
		if isFurnitureLine(line) || isCreditLine(line) {
			out = append(out, ByteRange{start, end})
		}
		if strings.TrimSpace(line) != "" {
			last, prev = ByteRange{start, end}, last
		}
		start = end + 1
	}
	if r, ok := signOff(text, last, prev); ok && (len(out) == 0 || out[len(out)-1] != last) {
		out = append(out, r)
	}
	return out
}

// maxSignOff bounds the bytes of a sign-off word ("REUTER", "AFP").
const maxSignOff = 12

// signOff finds a wire service's sign-off at the end of text, whose last
// two non-blank lines are last and prev (Start -1 for none): one word of
// letters (an ellipsis or a "^M" after it aside) alone on the last line, either in
// capitals ("REUTER", "AP", "MORE") or after a line that ends a sentence
// ("Reuter", "reuter", "More"); or a word in capitals after the sentence
// that ends the last line ("... a year ago. REUTER"), whose range alone it
// returns. A word that ends a sentence wrapped onto the last line ("...a
// tax loss\ncarryforward") is not one: a story's last sentence ends with
// punctuation.
func signOff(text string, last, prev ByteRange) (ByteRange, bool) {
	if last.Start < 0 {
		return ByteRange{}, false
	}
	line := strings.TrimRight(text[last.Start:last.End], " \t\r")
	line = strings.TrimSuffix(line, "^M") // a carriage return in caret notation
	if t := strings.TrimRight(line, "."); len(line)-len(t) >= 2 {
		line = t // "REUTER..."
	}
	sp := strings.LastIndexAny(line, " \t")
	word, before := line[sp+1:], strings.TrimRight(line[:max(sp, 0)], " \t")
	if len(word) > maxSignOff || utf8.RuneCountInString(word) < 2 {
		return ByteRange{}, false
	}
	upper := true
	for _, r := range word {
		if !unicode.IsLetter(r) {
			return ByteRange{}, false
		}
		upper = upper && unicode.IsUpper(r)
	}
	if before != "" { // after the last sentence, on its line
		if !upper || !endsSentence(before) {
			return ByteRange{}, false
		}
		start := last.Start + sp + 1
		return ByteRange{start, start + len(word)}, true
	}
	if prev.Start < 0 || !upper && !endsSentence(text[prev.Start:prev.End]) {
		return ByteRange{}, false
	}
	return last, true
}

// endsSentence reports whether s ends with sentence punctuation, closing
// quotes and brackets aside.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, " \t\r\"”’')]")
	end, _ := utf8.DecodeLastRuneInString(s)
	return end == '.' || end == '!' || end == '?'
}

// maxCreditLine bounds the bytes of a credit line: a long one lists a dozen
// reporters and their cities.
const maxCreditLine = 600

// creditOpeners start a credit line, in lower case, after any opening
// bracket or dash.
var creditOpeners = []string{
	"reporting by ", "additional reporting by ", "with reporting by ", "with additional reporting by ",
	"editing by ", "writing by ", "compiled by ", "reported by ",
}

// isCreditLine reports whether line names the staff who wrote or edited
// the story: "(Reporting by Lucia Mutikani; Editing by Paul Simao)",
// "Additional reporting by Saadullah Akhtar in Quetta, Pakistan." The line
// opens with a capital (after any bracket or dash) and the name after "by"
// is capitalised: "Reporting by the agency has cleared up such issues" is a
// sentence of the story.
func isCreditLine(line string) bool {
	line = strings.TrimSpace(line)
	if len(line) > maxCreditLine {
		return false
	}
	line = strings.TrimLeft(line, "([—–- ")
	if line == "" || line[0] < 'A' || line[0] > 'Z' {
		return false // a line that a wrap started mid-sentence ("...according to data\ncompiled by Aviation Daily")
	}
	for _, p := range creditOpeners {
		if len(line) > len(p) && strings.EqualFold(line[:len(p)], p) {
			r, _ := utf8.DecodeRuneInString(line[len(p):])
			return unicode.IsUpper(r)
		}
	}
	return false
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
