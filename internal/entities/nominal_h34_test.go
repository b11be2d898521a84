package entities

import "testing"

// TestGovernmentAdjectives: a level or branch of government capitalised
// before a noun ("Federal funds", "a Congressional hearing") names no
// body; a firm called so ("Federal and Orion") and a full name ("Federal
// Reserve") stay.
func TestGovernmentAdjectives(t *testing.T) {
	runResolveCases(t, []resolveCase{
		{name: "federal funds", text: "Federal funds were trading at 6-1/4 pct, dealers said.",
			anns: []string{"ORG:Federal"}, want: nil},
		{name: "the federal budget", text: "He said the huge Federal budget deficit is absorbing savings.",
			anns: []string{"ORG:Federal"}, want: nil},
		{name: "a congressional hearing tagged a place", text: "A former controller told a Congressional hearing that the firm erred.",
			anns: []string{"LOC:Congressional"}, want: nil},
		{name: "a firm called Federal", text: "The order would be for five years for Federal and one year for Orion.",
			anns: []string{"ORG:Federal", "ORG:Orion"},
			want: []string{"organization:Federal=Federal", "organization:Orion=Orion"}},
		{name: "a firm that says", text: "Federal said it would appeal.",
			anns: []string{"ORG:Federal"}, want: []string{"organization:Federal=Federal"}},
		{name: "the full name", text: "The Federal Reserve said rates would stay.",
			anns: []string{"ORG:Federal Reserve"}, want: []string{"organization:Federal Reserve=Federal Reserve"}},
		{name: "another adjective is no government level", text: "Continental shares rose 2 pct.",
			anns: []string{"ORG:Continental"}, want: []string{"organization:Continental=Continental"}},
	})
}

// TestPortfolioTitles: a portfolio held by a title after "and" and a
// second portfolio, before a director, or after "Minister of" names no
// organisation; the ministry itself does.
func TestPortfolioTitles(t *testing.T) {
	runResolveCases(t, []resolveCase{
		{name: "two portfolios", text: "Finance and Petroleum Minister Abdul-Aziz al-Thani said the deficit fell.",
			anns: []string{"ORG:Finance", "PER:Abdul-Aziz al-Thani"},
			want: []string{"person:Abdul-Aziz al-Thani=Abdul-Aziz al-Thani"}},
		{name: "two portfolios in lower case", text: "Finance and economy ministers of the Gulf Cooperation Council met.",
			anns: []string{"ORG:Finance", "ORG:Gulf Cooperation Council"},
			want: []string{"organization:Gulf Cooperation Council=Gulf Cooperation Council"}},
		{name: "a finance director", text: "Finance director Niall Fitzgerald added that gearing fell.",
			anns: []string{"ORG:Finance", "PER:Niall Fitzgerald"},
			want: []string{"person:Niall Fitzgerald=Niall Fitzgerald"}},
		{name: "minister of", text: "Yang Jun, Vice Minister of Finance, said the yuan was stable.",
			anns: []string{"PER:Yang Jun", "ORG:Finance"},
			want: []string{"person:Yang Jun=Yang Jun"}},
		{name: "the ministry of finance is a body", text: "The Ministry of Finance said the yuan was stable.",
			anns: []string{"ORG:Ministry of Finance"},
			want: []string{"organization:Ministry of Finance=Ministry of Finance"}},
		{name: "a ministry of two portfolios", text: "The Finance and Economy Ministry said growth would slow.",
			anns: []string{"ORG:Finance", "ORG:Economy Ministry"},
			want: []string{"organization:Finance and Economy Ministry=Finance and Economy Ministry"}},
		{name: "ministries of two portfolios", text: "The ministries of Finance and Justice said so. The Finance and Agriculture ministries agreed.",
			anns: []string{"ORG:Finance#1", "ORG:Justice", "ORG:Finance#2"},
			want: nil},
		{name: "a portfolio and a body", text: "The Finance and Justice ministers met the Treasury.",
			anns: []string{"ORG:Finance", "ORG:Treasury"},
			want: []string{"organization:Treasury=Treasury"}},
	})
}

// TestNominalNames: a one-word "person" used only as a common noun's word
// (an award: "won an Oscar", "Oscar nominee", "the best actress Oscar")
// is no person; a name used as a subject, given a title or part of a full
// name stays.
func TestNominalNames(t *testing.T) {
	runResolveCases(t, []resolveCase{
		{name: "an award", text: "The film won an Oscar in 1973. Oscar nominee Alan Alda attended.",
			anns: []string{"PER:Oscar", "PER:Alan Alda"},
			want: []string{"person:Alan Alda=Alan Alda"}},
		{name: "after an article and modifiers", text: "She won the best actress Oscar in 2004 and an honorary Oscar in 2010.",
			anns: []string{"PER:Oscar"}, want: nil},
		{name: "after the and modifiers, and a", text: "She is the favourite for the best actress Oscar. She never won an Oscar.",
			anns: []string{"PER:Oscar"}, want: nil},
		{name: "after a possessive", text: "Eastwood won an Oscar nomination, but got his Oscar from Jeremy Irons.",
			anns: []string{"PER:Eastwood", "PER:Oscar", "PER:Jeremy Irons"}, want: []string{"person:Eastwood=Eastwood", "person:Jeremy Irons=Jeremy Irons"}},
		{name: "after the and modifiers only", text: "She is the favourite for the best actress Oscar at the bookmakers.",
			anns: []string{"PER:Oscar"}, want: []string{"person:Oscar=Oscar"}},
		{name: "apposition after the", text: "The ball fell to the veteran striker Ronaldo, who scored.",
			anns: []string{"PER:Ronaldo"}, want: []string{"person:Ronaldo=Ronaldo"}},
		{name: "only after the", text: "They lost the Oscar in that category.",
			anns: []string{"PER:Oscar"}, want: []string{"person:Oscar=Oscar"}},
		{name: "a subject after the and an adjective", text: "The legendary Pele said the team would win.",
			anns: []string{"PER:Pele"}, want: []string{"person:Pele=Pele"}},
		{name: "a person's name modifying a noun", text: "A Reagan administration official said the Reagan plan was ready.",
			anns: []string{"PER:Reagan"}, want: []string{"person:Reagan=Reagan|Reagan"}},
		{name: "an initial", text: "Team: A Baddeley (Harrow AC), M Farah (Windsor).",
			anns: []string{"PER:Baddeley", "PER:Farah"}, want: []string{"person:Baddeley=Baddeley", "person:Farah=Farah"}},
		{name: "a student named", text: "A university student named Wong said the protest was peaceful.",
			anns: []string{"PER:Wong"}, want: []string{"person:Wong=Wong"}},
		{name: "after a preposition", text: "The song was an invention by Rodgers and Hammerstein.",
			anns: []string{"PER:Rodgers", "PER:Hammerstein"}, want: []string{"person:Rodgers=Rodgers", "person:Hammerstein=Hammerstein"}},
		{name: "after a dash", text: "You receive a phone call - Shipman's dead.",
			anns: []string{"PER:Shipman"}, want: []string{"person:Shipman=Shipman"}},
		{name: "a prize compound", text: "Oscar nominee Alan Alda joined the Oscar-winning director.",
			anns: []string{"PER:Oscar", "PER:Alan Alda"}, want: []string{"person:Alan Alda=Alan Alda"}},
		{name: "a prize compound and a subject", text: "Oscar said he loved the Oscar-winning film.",
			anns: []string{"PER:Oscar"}, want: []string{"person:Oscar=Oscar"}},
		{name: "a name that goes on", text: "They staged an Oscar Wilde play.",
			anns: []string{"PER:Oscar"}, want: []string{"person:Oscar=Oscar"}},
		{name: "a subject", text: "Oscar said he would stay. The Oscar fans cheered.",
			anns: []string{"PER:Oscar"}, want: []string{"person:Oscar=Oscar|Oscar"}},
		{name: "a titled name", text: "Mr Ronaldo scored. A Ronaldo goal won it.",
			anns: []string{"PER:Ronaldo"}, want: []string{"person:Ronaldo=Ronaldo|Ronaldo"}},
		{name: "a word of a full name", text: "Oscar Pistorius ran. Oscar fans cheered.",
			anns: []string{"PER:Oscar Pistorius", "PER:Oscar#2"}, want: []string{"person:Oscar Pistorius=Oscar Pistorius|Oscar"}},
	})
}

// TestFirmApposition: a one-word name tagged a person right after a noun
// for a firm ("search engine firm Google") is that firm; a person after a
// role noun stays a person.
func TestFirmApposition(t *testing.T) {
	runResolveCases(t, []resolveCase{
		{name: "a firm noun", text: "Search engine firm Google has released a tool. Google said it was free.",
			anns: []string{"PER:Google"}, want: []string{"organization:Google=Google|Google"}},
		{name: "a site", text: "The books will be scanned by search site Google.",
			anns: []string{"PER:Google"}, want: []string{"organization:Google=Google"}},
		{name: "a role noun", text: "The firm's chairman Smith said profits rose.",
			anns: []string{"PER:Smith"}, want: []string{"person:Smith=Smith"}},
		{name: "firms such as", text: "Companies such as Google and Microsoft provide search. Rivals like Google have grown.",
			anns: []string{"PER:Google", "ORG:Microsoft"},
			want: []string{"organization:Google=Google|Google", "organization:Microsoft=Microsoft"}},
		{name: "people such as", text: "Players such as Henry have scored.",
			anns: []string{"PER:Henry"}, want: []string{"person:Henry=Henry"}},
		{name: "a maker may be a person", text: "Dutch film maker Theo van Gogh was killed.",
			anns: []string{"PER:Theo van Gogh"}, want: []string{"person:Theo van Gogh=Theo van Gogh"}},
		{name: "after the firm", text: "Chairman of the firm Gordon Wu said profits rose.",
			anns: []string{"PER:Gordon Wu"}, want: []string{"person:Gordon Wu=Gordon Wu"}},
		{name: "a titled name stays", text: "Mr Google said so. The firm Google runs is small.",
			anns: []string{"PER:Google"}, want: []string{"person:Google=Google|Google"}},
	})
}

// TestDesignators: a class or series of securities ("Class A common
// shares", "Series B warrants") is no organisation; a name that starts
// with such a word stays.
func TestDesignators(t *testing.T) {
	runResolveCases(t, []resolveCase{
		{name: "class A", text: "It will offer six mln Class A common shares. Each Class B warrant allows one share.",
			anns: []string{"ORG:Class#1", "ORG:Class#2"}, want: nil},
		{name: "series 2", text: "The Series 2 notes are due in 1997.",
			anns: []string{"ORG:Series"}, want: nil},
		{name: "a name", text: "Class Act Ltd said sales rose.",
			anns: []string{"ORG:Class Act Ltd"}, want: []string{"organization:Class Act Ltd=Class Act Ltd"}},
		{name: "a word alone", text: "Series said it would appeal.",
			anns: []string{"ORG:Series"}, want: []string{"organization:Series=Series"}},
	})
}

// TestSurnamePairs: two surnames joined by "and" that the text gives only
// together, more than once, are a firm ("Wagner and Brown"); a pair given
// once, or whose names appear alone or in full, are people.
func TestSurnamePairs(t *testing.T) {
	runResolveCases(t, []resolveCase{
		{name: "a partnership", text: "AFG and Wagner and Brown offered to buy GenCorp. The offer by Wagner and Brown was raised.",
			anns: []string{"ORG:AFG", "PER:Wagner", "PER:Brown", "ORG:GenCorp"},
			want: []string{"organization:AFG=AFG", "organization:Wagner and Brown=Wagner and Brown|Wagner and Brown", "organization:GenCorp=GenCorp"}},
		{name: "once, in a list with a firm", text: "The partnership is owned by Wagner and Brown and AFG Industries Inc, it said.",
			anns: []string{"PER:Wagner", "PER:Brown", "ORG:AFG Industries Inc"},
			want: []string{"organization:Wagner and Brown=Wagner and Brown", "organization:AFG Industries Inc=AFG Industries Inc"}},
		{name: "once, in a ticker's brackets", text: "A partnership of <Wagner and Brown> bid.",
			anns: []string{"PER:Wagner", "PER:Brown"},
			want: []string{"organization:Wagner and Brown=Wagner and Brown"}},
		{name: "once, players", text: "Chelsea won with goals from Lampard and Terry.",
			anns: []string{"ORG:Chelsea", "PER:Lampard", "PER:Terry"},
			want: []string{"organization:Chelsea=Chelsea", "person:Lampard=Lampard", "person:Terry=Terry"}},
		{name: "once", text: "The song was written by Rodgers and Hammerstein.",
			anns: []string{"PER:Rodgers", "PER:Hammerstein"},
			want: []string{"person:Rodgers=Rodgers", "person:Hammerstein=Hammerstein"}},
		{name: "named in full", text: "John Smith and Mary Jones met. Later Smith and Jones spoke. Smith and Jones agreed.",
			anns: []string{"PER:John Smith", "PER:Mary Jones", "PER:Smith", "PER:Jones"},
			want: []string{"person:John Smith=John Smith|Smith|Smith", "person:Mary Jones=Mary Jones|Jones|Jones"}},
	})
}

// TestWireName: the wire's name in a headline in capitals ("REUTER MONEY
// NEWS HIGHLIGHTS"), tagged a person, is the agency, named as a survey's
// source names it ("a Reuter survey").
func TestWireName(t *testing.T) {
	runResolveCases(t, []resolveCase{
		{name: "a headline", text: "REUTER MONEY NEWS HIGHLIGHTS\n\nThe dollar rose in Tokyo.",
			anns: []string{"PER:REUTER", "LOC:Tokyo"},
			want: []string{"organization:Reuter=REUTER", "place:Tokyo[JP]=Tokyo"}},
		{name: "a survey", text: "Output fell, a Reuter survey shows.",
			anns: []string{"PER:Reuter"}, want: []string{"organization:Reuter=Reuter"}},
	})
}
