package tokenize

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func words(toks []Token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Text
	}
	return out
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // tokens joined by |
	}{
		{"empty", "", ""},
		{"spaces only", " \t\n\u00a0\u200b ", ""},
		{"simple", "Barack Obama visited Jakarta.", "Barack|Obama|visited|Jakarta|."},
		{"abbreviations", "Mr. Smith of Acme Inc. met Gen. Lee in the U.S. on Jan. 5.", "Mr.|Smith|of|Acme|Inc.|met|Gen.|Lee|in|the|U.S.|on|Jan.|5|."},
		{"initials", "J. K. Rowling and George W. Bush", "J.|K.|Rowling|and|George|W.|Bush"},
		{"dotted lower", "at 5 p.m. today, e.g. now", "at|5|p.m.|today|,|e.g.|now"},
		{"curly double quotes", "“Yes,” he said.", "“|Yes|,|”|he|said|."},
		{"curly single quotes", "‘No’ it is", "‘|No|’|it|is"},
		{"guillemets", "«Bonjour» dit-il", "«|Bonjour|»|dit-il"},
		{"straight quotes", `He said "yes" and 'no'.`, `He|said|"|yes|"|and|'|no|'|.`},
		{"possessive", "Obama's plan and Obama’s team", "Obama|'s|plan|and|Obama|’s|team"},
		{"plural possessive", "the parents' car", "the|parents|'|car"},
		{"negation", "don't can't won’t", "do|n't|ca|n't|wo|n’t"},
		{"contractions", "they're we've I'll he'd I'm", "they|'re|we|'ve|I|'ll|he|'d|I|'m"},
		{"o'neill", "O'Neill and D’Amato", "O'Neill|and|D’Amato"},
		{"decade", "the '90s boom", "the|'90s|boom"},
		{"em dash", "a hit—a big one—won", "a|hit|—|a|big|one|—|won"},
		{"en dash spaced", "Paris – Reuters", "Paris|–|Reuters"},
		{"double hyphen", "one--two -- three", "one|--|two|--|three"},
		{"numbers", "3.5 million, 1,000 units at 10:30 cost $4.25 or 5%", "3.5|million|,|1,000|units|at|10:30|cost|$|4.25|or|5|%"},
		{"trailing comma number", "won 1,000, then", "won|1,000|,|then"},
		{"url", "see http://example.com/a?b=1. Next", "see|http://example.com/a?b=1|.|Next"},
		{"url in parens", "(https://www.bbc.co.uk/news)", "(|https://www.bbc.co.uk/news|)"},
		{"www", "visit www.example.org, now", "visit|www.example.org|,|now"},
		{"email", "mail bob.smith@example.org!", "mail|bob.smith@example.org|!"},
		{"hyphenated name", "Jean-Claude Juncker, a 55-year-old", "Jean-Claude|Juncker|,|a|55-year-old"},
		{"ellipsis dots", "wait... what....", "wait|...|what|...."},
		{"ellipsis char", "wait… what", "wait|…|what"},
		{"brackets", "(AP) [sic] {x}", "(|AP|)|[|sic|]|{|x|}"},
		{"question exclam", "Really?! Yes!", "Really|?|!|Yes|!"},
		{"semicolon colon", "one; two: three", "one|;|two|:|three"},
		{"slash kept", "and/or 24/7", "and/or|24/7"},
		{"ampersand", "AT&T and S&P 500", "AT&T|and|S&P|500"},
		{"sentence final period", "It ended.", "It|ended|."},
		{"period after number", "in 1996.", "in|1996|."},
		{"leading hyphen", "-DOCSTART- -X-", "-|DOCSTART|-|-|X|-"},
		{"pound", "£5 and €10", "£|5|and|€|10"},
		{"invalid utf8", "a\xffb", "a|b"},
		{"non-latin", "Владимир Путин 習近平", "Владимир|Путин|習近平"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.Join(words(Tokenize(tt.in)), "|")
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Tokenize(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
			checkOffsets(t, tt.in, Tokenize(tt.in))
		})
	}
}

func checkOffsets(t *testing.T, text string, toks []Token) {
	t.Helper()
	runes := []rune(text)
	prevEnd, prevEndByte := 0, 0
	for i, tok := range toks {
		if tok.Text == "" {
			t.Fatalf("token %d is empty", i)
		}
		if tok.Start < prevEnd || tok.StartByte < prevEndByte || tok.End <= tok.Start || tok.EndByte <= tok.StartByte {
			t.Fatalf("token %d %q has bad offsets %+v after end %d/%d", i, tok.Text, tok, prevEnd, prevEndByte)
		}
		if tok.End > len(runes) || tok.EndByte > len(text) {
			t.Fatalf("token %d %q out of range: %+v", i, tok.Text, tok)
		}
		if got := string(runes[tok.Start:tok.End]); got != tok.Text && utf8.ValidString(text) {
			t.Fatalf("token %d: runes[%d:%d] = %q, Text = %q", i, tok.Start, tok.End, got, tok.Text)
		}
		if got := text[tok.StartByte:tok.EndByte]; got != tok.Text {
			t.Fatalf("token %d: text[%d:%d] = %q, Text = %q", i, tok.StartByte, tok.EndByte, got, tok.Text)
		}
		if strings.ContainsAny(tok.Text, " \t\n\r") {
			t.Fatalf("token %d %q contains whitespace", i, tok.Text)
		}
		if utf8.RuneCountInString(text[:tok.StartByte]) != tok.Start {
			t.Fatalf("token %d %q: Start %d does not match byte offset %d", i, tok.Text, tok.Start, tok.StartByte)
		}
		prevEnd, prevEndByte = tok.End, tok.EndByte
	}
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // sentences, tokens joined by space
	}{
		{"empty", "", nil},
		{"two", "Obama spoke. He left.", []string{"Obama spoke .", "He left ."}},
		{"title abbrev", "Mr. Smith met Gen. Lee. They talked.", []string{"Mr. Smith met Gen. Lee .", "They talked ."}},
		{"initials", "George W. Bush and J. K. Rowling met.", []string{"George W. Bush and J. K. Rowling met ."}},
		{"us mid sentence", "The U.S. President spoke.", []string{"The U.S. President spoke ."}},
		{"us end of sentence", "He lives in the U.S. The weather is fine.", []string{"He lives in the U.S.", "The weather is fine ."}},
		{"inc mid", "Acme Inc. said on Jan. 5 it grew.", []string{"Acme Inc. said on Jan. 5 it grew ."}},
		{"quote closes", "He said “Go.” Then he left.", []string{"He said “ Go . ”", "Then he left ."}},
		{"straight quote closes", `"It is over." She agreed.`, []string{`" It is over . "`, "She agreed ."}},
		{"question", "Why? Because.", []string{"Why ?", "Because ."}},
		{"a name ending in a letter", "He starred in Malcolm X. Attallah Shabazz, the daughter of Malcolm X, spoke.",
			[]string{"He starred in Malcolm X.", "Attallah Shabazz , the daughter of Malcolm X , spoke ."}},
		{"an initial written once without its point", "Donald J. Trump spoke. Donald J Trump left.",
			[]string{"Donald J. Trump spoke .", "Donald J Trump left ."}},
		{"an initial", "George W. Bush met Bill Clinton.", []string{"George W. Bush met Bill Clinton ."}},
		{"a nickname ending in a letter", "George W. Bush spoke. It ends with George W, he said. Bush laughed.",
			[]string{"George W. Bush spoke .", "It ends with George W , he said .", "Bush laughed ."}},
		{"a sentence opener after the letter", "It came from Pech-de-l'Azé I. The tools were found in Pech-de-l'Azé I and II.",
			[]string{"It came from Pech-de-l'Azé I.", "The tools were found in Pech-de-l'Azé I and II ."}},
		{"lowercase after period", "It cost 5 dollars. and more", []string{"It cost 5 dollars . and more"}},
		{"paragraph", "Heading without stop\n\nBody text here.", []string{"Heading without stop", "Body text here ."}},
		{"single newline lines", "Obama spoke to reporters on Monday about a wide range of topics\nMore From This Section\nAnother paragraph follows here.",
			[]string{"Obama spoke to reporters on Monday about a wide range of topics", "More From This Section", "Another paragraph follows here ."}},
		{"hard wrapped", "Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the drought since early\nJanuary and improving prospects for the coming season,\nalthough normal humidity levels have not been restored.\n    The dry period means the crop will be late.",
			[]string{"Showers continued throughout the week in the Bahia cocoa zone , alleviating the drought since early January and improving prospects for the coming season , although normal humidity levels have not been restored .", "The dry period means the crop will be late ."}},
		// Reuters-21578 cut the dateline off the first line of each story,
		// leaving it short: the sentence goes on when the next line is a
		// full one or opens in lower case. Each text is wrapped at a fixed
		// width (most lines 40-90 runes).
		{"wrapped short first line", "U.S. Trade Representative Clayton\nYeutter said he hoped the U.S. dollar would continue\nto decline against the yen and the mark, officials told\nreporters after the meeting of the two sides in Washington\nthat went on for most of the day on Monday.\n    He gave no figure.\n REUTER",
			[]string{"U.S. Trade Representative Clayton Yeutter said he hoped the U.S. dollar would continue to decline against the yen and the mark , officials told reporters after the meeting of the two sides in Washington that went on for most of the day on Monday .", "He gave no figure .", "REUTER"}},
		{"wrapped short line before lower case", "West German wholesale prices fell 0.4\npct in February from January to stand 6.9 pct lower than in\nFebruary 1986, the Federal Statistics Office said in a statement\nissued in Wiesbaden on Tuesday after the markets in Europe\nhad closed for the day.\n REUTER",
			[]string{"West German wholesale prices fell 0.4 pct in February from January to stand 6.9 pct lower than in February 1986 , the Federal Statistics Office said in a statement issued in Wiesbaden on Tuesday after the markets in Europe had closed for the day .", "REUTER"}},
		{"wrapped abbreviation at a short line end", "Du Pont Co said the U.S.\nDistrict Court for Delaware ruled that Phillips Petroleum Co\ninfringed its patent on a plastic used in pipes, the company\nsaid in a statement issued at its headquarters in Wilmington\nlate on Monday.\n REUTER",
			[]string{"Du Pont Co said the U.S. District Court for Delaware ruled that Phillips Petroleum Co infringed its patent on a plastic used in pipes , the company said in a statement issued at its headquarters in Wilmington late on Monday .", "REUTER"}},
		{"wrapped table rows stay apart", "Shr 42 cts vs 35 cts\n    Net 570,000 vs 476,000\nThe company said results for the quarter were in line with what\nanalysts had expected and that sales rose in every region in\nwhich it does business, led by its units in Europe.\n",
			[]string{"Shr 42 cts vs 35 cts", "Net 570,000 vs 476,000", "The company said results for the quarter were in line with what analysts had expected and that sales rose in every region in which it does business , led by its units in Europe ."}},
		{"wrapped heading in capitals stays apart", "ENGELHARD SILVER PRICES\nBase prices for silver were raised on Tuesday to 669.50 dlrs an\nounce from 660.50 dlrs an ounce, the company said in a statement\nissued at its headquarters in New Jersey today.\n",
			[]string{"ENGELHARD SILVER PRICES", "Base prices for silver were raised on Tuesday to 669.50 dlrs an ounce from 660.50 dlrs an ounce , the company said in a statement issued at its headquarters in New Jersey today ."}},
		{"wrapped short line ending a sentence", "The crop in the south was poor this year and exporters say\nthat it came from Brazil.\nreuter said the Bank of England in a statement on Tuesday night\nafter the market in London had closed for the long weekend.\n",
			[]string{"The crop in the south was poor this year and exporters say that it came from Brazil .", "reuter said the Bank of England in a statement on Tuesday night after the market in London had closed for the long weekend ."}},
		{"wrapped short line in mid paragraph", "Prices rose sharply in the week to Friday, traders said,\nbut fell back on Monday.\nOfficials said the market was calm and that no further rises were\nexpected this year, as stocks held by the big dealers were high.\n",
			[]string{"Prices rose sharply in the week to Friday , traders said , but fell back on Monday .", "Officials said the market was calm and that no further rises were expected this year , as stocks held by the big dealers were high ."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks := Tokenize(tt.in)
			var got []string
			prev := 0
			for _, s := range Sentences(tt.in, toks) {
				if s.Start != prev || s.End <= s.Start {
					t.Fatalf("sentences not contiguous: %+v after %d", s, prev)
				}
				prev = s.End
				got = append(got, strings.Join(words(toks[s.Start:s.End]), " "))
			}
			if prev != len(toks) {
				t.Fatalf("sentences cover %d of %d tokens", prev, len(toks))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Sentences(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{
		"", "Mr. J. K. Rowling said: “It’s the U.S. economy,” on Jan. 5.",
		"http://x.org/a). bob@ex.com! www.", "'''...---,,,", "a\xff\xfe'b's", "n't 's '", "$$$5%%%",
		"U.S.A.. e.g.. ‘’“”«»", "line\n\nbreak\n  indent", "......................", "x--y—z–",
		"'''''''''''''''''''''''''''''''a''''''''''''''''''''",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		toks := Tokenize(text)
		checkOffsets(t, text, toks)
		// every non-space character is covered by a token
		covered := 0
		for _, tok := range toks {
			covered += tok.EndByte - tok.StartByte
		}
		nonSpace := 0
		for i := 0; i < len(text); {
			r, sz := decode(text, i)
			if !isSpace(r) {
				nonSpace += sz
			}
			i += sz
		}
		if covered != nonSpace {
			t.Fatalf("tokens cover %d bytes, text has %d non-space bytes", covered, nonSpace)
		}
		sents := Sentences(text, toks)
		prev := 0
		for _, s := range sents {
			if s.Start != prev || s.End <= s.Start {
				t.Fatalf("bad sentence %+v after %d", s, prev)
			}
			prev = s.End
		}
		if prev != len(toks) {
			t.Fatalf("sentences cover %d of %d tokens", prev, len(toks))
		}
	})
}
