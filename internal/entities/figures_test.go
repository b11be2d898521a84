package entities

import "testing"

// TestFigureLabels: the row labels of a wire service's financial tables
// ("Shr", "Nine mths", "Dlrs") name no one, wherever the tagger puts a span.
func TestFigureLabels(t *testing.T) {
	runResolveCases(t, []resolveCase{
		{
			name: "share row label",
			text: "Qtr ended March 31\n    Shr 1.20 dlrs vs 1.05 dlrs\n    Net 5,000,000 vs 4,100,000\n",
			anns: []string{"ORG:Shr"},
			want: nil,
		},
		{
			name: "share loss row label",
			text: "    Shr loss 12 cts vs profit five cts\n",
			anns: []string{"ORG:Shr"},
			want: nil,
		},
		{
			name: "period header with its count",
			text: "    Nine mths\n    Shr 25 cts vs 64 cts\n",
			anns: []string{"PER:Nine mths", "ORG:Shr"},
			want: nil,
		},
		{
			name: "currency after a country leaves the country",
			text: "    Net profit 78 mln N.Z. Dlrs vs 45 mln\n",
			anns: []string{"PER:N.Z. Dlrs"},
			want: []string{"place:N.Z.=N.Z."},
		},
		{
			name: "previous week before a name",
			text: "    Prev Wk USSR 1.2 vs 1.1\n",
			anns: []string{"ORG:Prev Wk USSR"},
			want: []string{"organization:USSR=USSR"},
		},
		{
			name: "company in capitals keeps its acronym",
			text: "CTS Corp said its board met. CTS said profits rose.",
			anns: []string{"ORG:CTS Corp", "ORG:CTS#2"},
			want: []string{"organization:CTS Corp=CTS Corp", "organization:CTS=CTS"},
		},
		{
			name: "a name before a figure row stays",
			text: "    Europe 7.8 mln vs 3.4 mln\n    Chelsea 2 Arsenal 1\n",
			anns: []string{"LOC:Europe", "ORG:Chelsea", "ORG:Arsenal"},
			want: []string{"place:Europe[]=Europe", "organization:Chelsea=Chelsea", "organization:Arsenal=Arsenal"},
		},
	})
}

// TestFoundersFirm: a firm named for two founders, the second with a
// possessive ("Standard and Poor's"), is one organisation however the
// tagger splits it; two firms joined by "and" stay two.
func TestFoundersFirm(t *testing.T) {
	runResolveCases(t, []resolveCase{
		{
			name: "both words tagged apart",
			text: "The issue is rated AA by Standard and Poor's. It was sold on Monday.",
			anns: []string{"ORG:Standard", "ORG:Poor"},
			want: []string{"organization:Standard and Poor's=Standard and Poor's"},
		},
		{
			name: "a verb after the possessive",
			text: "Standard and Poor's rates it AA.",
			anns: []string{"ORG:Standard", "ORG:Poor"},
			want: []string{"organization:Standard and Poor's=Standard and Poor's"},
		},
		{
			name: "the first word untagged, the legal form tagged",
			text: "No rating came from Standard and Poor's Corp at the time.",
			anns: []string{"ORG:Poor's Corp"},
			want: []string{"organization:Standard and Poor's Corp=Standard and Poor's Corp"},
		},
		{
			name: "two firms named apart elsewhere",
			text: "Chrysler and AMC's shareholders met. Chrysler said AMC was worth more.",
			anns: []string{"ORG:Chrysler", "ORG:AMC"},
			want: []string{"organization:Chrysler=Chrysler|Chrysler", "organization:AMC=AMC|AMC"},
		},
		{
			name: "a noun after the possessive",
			text: "Facebook and Google's dominance grew.",
			anns: []string{"ORG:Facebook", "ORG:Google"},
			want: []string{"organization:Facebook=Facebook", "organization:Google=Google"},
		},
		{
			name: "one name twice",
			text: "Kodak and Kodak's unit agreed.",
			anns: []string{"ORG:Kodak"},
			want: []string{"organization:Kodak=Kodak|Kodak"},
		},
	})
}

// TestCapsCommonPlace: a place read in a headline of capitals whose word
// the text writes in lower case ("STOCK SPLIT", "a stock split") is no
// place; the place named in mixed case, a country and a word the text
// never writes in lower case stay.
func TestCapsCommonPlace(t *testing.T) {
	runResolveCases(t, []resolveCase{
		{
			name: "a common word in a headline",
			text: "ALCAN SETS STOCK SPLIT\n\nAlcan Aluminium Ltd said it would make a two-for-one stock split.",
			anns: []string{"LOC:SPLIT", "ORG:Alcan Aluminium Ltd"},
			want: []string{"organization:Alcan Aluminium Ltd=Alcan Aluminium Ltd"},
		},
		{
			name: "the place in mixed case too",
			text: "FLOODS HIT SPLIT\n\nFloods hit the Croatian port of Split, where the split in the wall grew.",
			anns: []string{"LOC:SPLIT", "LOC:Split"},
			want: []string{"place:Split[HR]=SPLIT|Split"},
		},
		{
			name: "a country in a headline and in lower case",
			text: "ECUADOR RAISES DEBT QUESTIONS\n\necuador is considering measures for its foreign debt.",
			anns: []string{"LOC:ECUADOR"},
			want: []string{"place:Ecuador[EC]=ECUADOR"},
		},
		{
			name: "a headline place the text never writes in lower case",
			text: "STRIKE IN SPLIT\n\nDockers stopped work on Monday.",
			anns: []string{"LOC:SPLIT"},
			want: []string{"place:Split[HR]=SPLIT"},
		},
	})
}

// TestPortfolios: the field before a minister's or secretary's title
// ("Finance Minister", "Commerce Secretary") names no organisation; the
// body itself ("the Finance Ministry", "the Treasury") does.
func TestPortfolios(t *testing.T) {
	runResolveCases(t, []resolveCase{
		{
			name: "finance minister",
			text: "Finance Minister Edouard Balladur said the figures would not change.",
			anns: []string{"ORG:Finance", "PER:Edouard Balladur"},
			want: []string{"person:Edouard Balladur=Edouard Balladur"},
		},
		{
			name: "commerce secretary",
			text: "He met Commerce Secretary Malcolm Baldrige.",
			anns: []string{"ORG:Commerce", "PER:Malcolm Baldrige"},
			want: []string{"person:Malcolm Baldrige=Malcolm Baldrige"},
		},
		{
			name: "the ministry is a body",
			text: "The Finance Ministry said the figures would not change.",
			anns: []string{"ORG:Finance Ministry"},
			want: []string{"organization:Finance Ministry=Finance Ministry"},
		},
		{
			name: "the Treasury is a body",
			text: "Treasury Secretary James Baker met Labour spokesman John Smith.",
			anns: []string{"ORG:Treasury", "PER:James Baker", "ORG:Labour", "PER:John Smith"},
			want: []string{"organization:Treasury=Treasury", "person:James Baker=James Baker", "organization:Labour=Labour", "person:John Smith=John Smith"},
		},
		{
			name: "a portfolio word alone",
			text: "The sale was opposed by Commerce and the Pentagon.",
			anns: []string{"ORG:Commerce", "ORG:Pentagon"},
			want: []string{"organization:Commerce=Commerce", "organization:Pentagon=Pentagon"},
		},
	})
}

// TestSourceNames: a one-word name tagged a person before a noun for a
// poll or its reporters ("a Reuter survey", "a Harris poll") is the
// organisation that polls; a person's surname, a titled name and a
// report named after a person ("the Hutton inquiry") stay persons.
func TestSourceNames(t *testing.T) {
	runResolveCases(t, []resolveCase{
		{
			name: "an agency's survey",
			text: "Output fell to 15.8 mln bpd, a Reuter survey shows. Reuter correspondents polled officials.",
			anns: []string{"PER:Reuter"},
			want: []string{"organization:Reuter=Reuter|Reuter"},
		},
		{
			name: "an agency's report after a",
			text: "Ongpin confirmed a Reuter report from New York.",
			anns: []string{"PER:Ongpin", "PER:Reuter", "LOC:New York"},
			want: []string{"person:Ongpin=Ongpin", "organization:Reuter=Reuter", "place:New York City[US]=New York"},
		},
		{
			name: "a report named after a person",
			text: "The Hutton inquiry cleared him.",
			anns: []string{"PER:Hutton"},
			want: []string{"person:Hutton=Hutton"},
		},
		{
			name: "a surname of a person named in full",
			text: "Kamala Harris spoke. Harris questions were raised later.",
			anns: []string{"PER:Kamala Harris", "PER:Harris#2"},
			want: []string{"person:Kamala Harris=Kamala Harris|Harris"},
		},
		{
			name: "a titled name",
			text: "Mr Harris said a Harris poll was wrong.",
			anns: []string{"PER:Harris"},
			want: []string{"person:Harris=Harris|Harris"},
		},
	})
}

// TestCaptionLabels: the label before a caption ("Media caption") names
// no organisation; the same word in a name does.
func TestCaptionLabels(t *testing.T) {
	runResolveCases(t, []resolveCase{
		{
			name: "media caption",
			text: "Media caption Tessa Jowell said the law was fair",
			anns: []string{"ORG:Media", "PER:Tessa Jowell"},
			want: []string{"person:Tessa Jowell=Tessa Jowell"},
		},
		{
			name: "video caption",
			text: "Video caption Jack Straw spoke later",
			anns: []string{"ORG:Video", "PER:Jack Straw"},
			want: []string{"person:Jack Straw=Jack Straw"},
		},
		{
			name: "media without a caption after it is left to the other rules",
			text: "Culture, Media and Sport Secretary Tessa Jowell spoke. Media Matters said more.",
			anns: []string{"ORG:Media#1", "PER:Tessa Jowell", "ORG:Media Matters"},
			want: []string{"organization:Media=Media", "person:Tessa Jowell=Tessa Jowell", "organization:Media Matters=Media Matters"},
		},
	})
}

// TestRelativesSurname: a lone surname means the person the article is
// about, not a relative the text introduces by a kinship noun ("their
// son Hunter Biden"), even when the relative was named last; with only
// relatives or no kinship noun, the nearest full name before it wins.
func TestRelativesSurname(t *testing.T) {
	runResolveCases(t, []resolveCase{
		{
			name: "a son named last",
			text: "Joe Biden spoke in Ohio. He mentioned his son Hunter Biden. Biden said the economy was weak.",
			anns: []string{"PER:Joe Biden", "PER:Hunter Biden", "PER:Biden#3", "LOC:Ohio"},
			want: []string{"person:Joe Biden=Joe Biden|Biden", "place:Ohio[US]=Ohio", "person:Hunter Biden=Hunter Biden"},
		},
		{
			name: "a niece after a comma",
			text: "Donald Trump attacked Trump's niece, Mary Trump. Trump said the book was false.",
			anns: []string{"PER:Donald Trump", "PER:Trump#2", "PER:Mary Trump", "PER:Trump#4"},
			want: []string{"person:Donald Trump=Donald Trump|Trump|Trump", "person:Mary Trump=Mary Trump"},
		},
		{
			name: "no kinship noun: the nearest before",
			text: "Bill Clinton and Hillary Clinton arrived. Later Clinton spoke.",
			anns: []string{"PER:Bill Clinton", "PER:Hillary Clinton", "PER:Clinton#3"},
			want: []string{"person:Bill Clinton=Bill Clinton", "person:Hillary Clinton=Hillary Clinton|Clinton"},
		},
		{
			name: "only relatives: the nearest before",
			text: "His wife Jane Roe and his son Jim Roe came. Roe said it was cold.",
			anns: []string{"PER:Jane Roe", "PER:Jim Roe", "PER:Roe#3"},
			want: []string{"person:Jane Roe=Jane Roe", "person:Jim Roe=Jim Roe|Roe"},
		},
	})
}

// TestFirmNames: a name tagged a person that the text uses for a firm
// (before a legal form, in a firm's comma-joined name, or as an
// analyst's employer) is an organisation; a person in apposition with
// their company and two actors joined by "with" stay persons.
func TestFirmNames(t *testing.T) {
	runResolveCases(t, []resolveCase{
		{
			name: "and Co after the name",
			text: "Paul McCulley of E.F. Hutton and Co said rates would rise.",
			anns: []string{"PER:Paul McCulley", "PER:E.F. Hutton"},
			want: []string{"person:Paul McCulley=Paul McCulley", "organization:E.F. Hutton=E.F. Hutton"},
		},
		{
			name: "an analyst's employer",
			text: "Douglas Augenthaler, an analyst with E.F. Hutton, said the offer was low.",
			anns: []string{"PER:Douglas Augenthaler", "PER:E.F. Hutton"},
			want: []string{"person:Douglas Augenthaler=Douglas Augenthaler", "organization:E.F. Hutton=E.F. Hutton"},
		},
		{
			name: "a comma-joined firm name",
			text: "Underwriters Smith Barney, Harris Upham and Co Inc and Morgan Keegan Inc sold the shares.",
			anns: []string{"PER:Smith Barney", "ORG:Harris Upham and Co Inc", "ORG:Morgan Keegan Inc"},
			want: []string{"organization:Smith Barney=Smith Barney", "organization:Harris Upham and Co Inc=Harris Upham and Co Inc", "organization:Morgan Keegan Inc=Morgan Keegan Inc"},
		},
		{
			name: "a person in apposition with a company",
			text: "Toshiaki Kakimoto, Sumitomo Bank Ltd chief economist, said prices fell.",
			anns: []string{"PER:Toshiaki Kakimoto", "ORG:Sumitomo Bank Ltd"},
			want: []string{"person:Toshiaki Kakimoto=Toshiaki Kakimoto", "organization:Sumitomo Bank Ltd=Sumitomo Bank Ltd"},
		},
		{
			name: "two actors",
			text: "The sequel reunites Roberts with Matt Damon.",
			anns: []string{"PER:Roberts", "PER:Matt Damon"},
			want: []string{"person:Roberts=Roberts", "person:Matt Damon=Matt Damon"},
		},
		{
			name: "a titled name stays a person",
			text: "Mr Hutton said E.F. Hutton and Co would not merge. Hutton left.",
			anns: []string{"PER:Hutton#1", "PER:E.F. Hutton", "PER:Hutton#3"},
			want: []string{"person:Hutton=Hutton|Hutton", "organization:E.F. Hutton=E.F. Hutton"},
		},
	})
}

// TestCompassDemonyms: "West German" is the nationality of West Germany,
// no place; "West Germany" and "South Sudan" are places.
func TestCompassDemonyms(t *testing.T) {
	runResolveCases(t, []resolveCase{
		{
			name: "west german",
			text: "West German officials met in Bonn.",
			anns: []string{"LOC:West German", "LOC:Bonn"},
			want: []string{"place:Bonn[DE]=Bonn"},
		},
		{
			name: "the country and a compass country",
			text: "West Germany and South Sudan signed.",
			anns: []string{"LOC:West Germany", "LOC:South Sudan"},
			want: []string{"place:West Germany=West Germany", "place:South Sudan[SS]=South Sudan"},
		},
	})
}

// TestCommonAcronyms: the acronym of a common noun ("PC", "GNP", "DVD")
// names no organisation; an organisation's acronym does.
func TestCommonAcronyms(t *testing.T) {
	runResolveCases(t, []resolveCase{
		{
			name: "common nouns",
			text: "He ate his dinner in front of the PC. GNP rose 1.1 pct. DVD sales fell.",
			anns: []string{"ORG:PC", "ORG:GNP", "ORG:DVD"},
			want: nil,
		},
		{
			name: "an organisation's acronym",
			text: "IBM and the BBC said the TV deal was done.",
			anns: []string{"ORG:IBM", "ORG:BBC", "ORG:TV"},
			want: []string{"organization:IBM=IBM", "organization:BBC=BBC", "organization:TV=TV"},
		},
	})
}
