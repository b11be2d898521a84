package gazetteer

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// fold maps accented Latin letters (and a few ligatures) to ASCII so that
// "São Paulo", "Sao Paulo" and "SÃO PAULO" share one lookup key.
var fold = func() map[rune]string {
	groups := []struct{ to, from string }{
		{"a", "àáâãäåāăąǎȁȃạảấầẩẫậắằẳẵặ"},
		{"c", "çćĉċč"},
		{"d", "ďđð"},
		{"e", "èéêëēĕėęěȅȇẹẻẽếềểễệ"},
		{"g", "ĝğġģ"},
		{"h", "ĥħ"},
		{"i", "ìíîïĩīĭįıǐȉȋịỉ"},
		{"j", "ĵ"},
		{"k", "ķ"},
		{"l", "ĺļľŀł"},
		{"n", "ñńņňŉ"},
		{"o", "òóôõöøōŏőǒȍȏọỏốồổỗộớờởỡợơ"},
		{"r", "ŕŗř"},
		{"s", "śŝşšș"},
		{"t", "ţťŧț"},
		{"u", "ùúûüũūŭůűųǔưụủứừửữự"},
		{"w", "ŵ"},
		{"y", "ýÿŷỳỵỷỹ"},
		{"z", "źżž"},
		{"ss", "ß"},
		{"ae", "æ"},
		{"oe", "œ"},
		{"th", "þ"},
	}
	m := make(map[rune]string, 256)
	for _, g := range groups {
		for _, r := range g.from {
			m[r] = g.to
		}
	}
	return m
}()

// Normalize returns the lookup key of a place name: lower case, accents
// folded to ASCII, periods and apostrophes removed ("U.S." -> "us",
// "St. John's" -> "st johns"), hyphens and other punctuation turned into
// spaces, runs of spaces collapsed and a leading "the " dropped
// ("the Netherlands" -> "netherlands"). It is used both when the gazetteer
// is loaded and when a mention is looked up, so the two always agree.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // drop leading spaces
	for _, r := range s {
		if r < utf8.RuneSelf {
			switch {
			case r >= 'A' && r <= 'Z':
				b.WriteByte(byte(r) + 'a' - 'A')
				space = false
				continue
			case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
				b.WriteByte(byte(r))
				space = false
				continue
			case r == '.' || r == '\'':
				continue
			}
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		if r == '’' || r == 'ʻ' || r == 'ʼ' || r == '‘' {
			continue
		}
		lr := unicode.ToLower(r)
		if f, ok := fold[lr]; ok {
			b.WriteString(f)
			space = false
			continue
		}
		if unicode.IsLetter(lr) || unicode.IsDigit(lr) {
			b.WriteRune(lr)
			space = false
			continue
		}
		if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	out := strings.TrimSuffix(b.String(), " ")
	for strings.HasPrefix(out, "the ") {
		out = out[len("the "):]
	}
	return out
}
