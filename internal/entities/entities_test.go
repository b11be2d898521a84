package entities

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/newsfind/newsfind/schema"
)

func TestResolve(t *testing.T) {
	tests := []resolveCase{
		{
			name: "full name, surname and title merge",
			text: "US President Barack Obama spoke on Monday. Obama said it was hard. Later President Obama left.",
			anns: []string{"LOC:US", "PER:Barack Obama", "PER:Obama#2", "PER:President Obama"},
			want: []string{"place:United States[US]=US", "person:Barack Obama=Barack Obama|Obama|Obama"},
		},
		{
			name: "surname before the full name",
			text: "Earnest spoke first. Josh Earnest, a spokesman, said more.",
			anns: []string{"PER:Earnest#1", "PER:Josh Earnest"},
			want: []string{"person:Josh Earnest=Earnest|Josh Earnest"},
		},
		{
			name: "two people with one surname stay apart",
			text: "Bill Clinton and Hillary Clinton arrived. Later Clinton spoke.",
			anns: []string{"PER:Bill Clinton", "PER:Hillary Clinton", "PER:Clinton#3"},
			want: []string{"person:Bill Clinton=Bill Clinton", "person:Hillary Clinton=Hillary Clinton|Clinton"},
		},
		{
			name: "middle initial",
			text: "George W. Bush met reporters. George Bush smiled.",
			anns: []string{"PER:George W. Bush", "PER:George Bush"},
			want: []string{"person:George W. Bush=George W. Bush|George Bush"},
		},
		{
			name: "role noun ties to the titled person",
			text: "US President Barack Obama met aides. The President was briefed. He said the President himself knew.",
			anns: []string{"LOC:US", "PER:Barack Obama"},
			want: []string{"place:United States[US]=US", "person:Barack Obama=Barack Obama|The President|the President"},
		},
		{
			name: "role tagged as a name is a role mention",
			text: "President Barack Obama spoke. The President left.",
			anns: []string{"PER:Barack Obama", "PER:President#2"},
			want: []string{"person:Barack Obama=Barack Obama|The President"},
		},
		{
			name: "multi-word role and apposition",
			text: "White House Press Secretary Josh Earnest spoke. Sarah Smith, the company's chief executive, said no. The press secretary disagreed.",
			anns: []string{"ORG:White House", "PER:Josh Earnest", "PER:Sarah Smith"},
			want: []string{"organization:White House=White House", "person:Josh Earnest=Josh Earnest|The press secretary", "person:Sarah Smith=Sarah Smith"},
		},
		{
			name: "apposition role",
			text: "Josh Earnest, the White House press secretary, said no. The press secretary then left.",
			anns: []string{"PER:Josh Earnest", "ORG:White House"},
			want: []string{"person:Josh Earnest=Josh Earnest|The press secretary", "organization:White House=White House"},
		},
		{
			name: "nearest tie wins for a shared role",
			text: "French President Francois Hollande met US President Barack Obama. The President said yes.",
			anns: []string{"MISC:French", "PER:Francois Hollande", "LOC:US", "PER:Barack Obama"},
			want: []string{"person:Francois Hollande=Francois Hollande", "place:United States[US]=US", "person:Barack Obama=Barack Obama|The President"},
		},
		{
			name: "former role is not tied",
			text: "Former President Bill Clinton spoke. The President did not.",
			anns: []string{"PER:Bill Clinton"},
			want: []string{"person:Bill Clinton=Bill Clinton"},
		},
		{
			name: "role followed by of is another role",
			text: "President Barack Obama met the president of France.",
			anns: []string{"PER:Barack Obama", "LOC:France"},
			want: []string{"person:Barack Obama=Barack Obama", "place:France[FR]=France"},
		},
		{
			name: "country aliases normalise, demonyms are not places",
			text: "The U.S. and Iraqi forces met in Iraq. The United States said Indonesians were safe.",
			anns: []string{"LOC:U.S.", "LOC:Iraqi", "LOC:Iraq", "LOC:United States", "LOC:Indonesians"},
			want: []string{"place:United States[US]=U.S.|United States", "place:Iraq[IQ]=Iraq"},
		},
		{
			name: "unknown place keeps its name without geo",
			text: "They fled to Narnia Valley.",
			anns: []string{"LOC:Narnia Valley"},
			want: []string{"place:Narnia Valley=Narnia Valley"},
		},
		{
			name: "country tagged ORG is a place, building tagged LOC is an organisation",
			text: "The White House said US and its partners agreed.",
			anns: []string{"LOC:White House", "ORG:US"},
			want: []string{"organization:White House=White House", "place:United States[US]=US"},
		},
		{
			name: "place before a hyphen",
			text: "A US-led coalition struck.",
			anns: []string{"LOC:US-led"},
			want: []string{"place:United States[US]=US"},
		},
		{
			name: "context picks the US state",
			text: "Storms hit Atlanta, Georgia on Friday.",
			anns: []string{"LOC:Atlanta", "LOC:Georgia"},
			want: []string{"place:Atlanta[US]=Atlanta", "place:Georgia[US]=Georgia"},
		},
		{
			name: "a country name alone is weak context",
			text: "The US and Georgia signed a pact.",
			anns: []string{"LOC:US", "LOC:Georgia"},
			want: []string{"place:United States[US]=US", "place:Georgia[GE]=Georgia"},
		},
		{
			name: "a region of the country is strong context",
			text: "Officials in Birmingham, Alabama and Birmingham cheered.",
			anns: []string{"LOC:Birmingham", "LOC:Alabama"},
			want: []string{"place:Birmingham[US]=Birmingham|Birmingham", "place:Alabama[US]=Alabama"},
		},
		{
			name: "nationality words are context",
			text: "Flooding hit Valencia. Later Spanish officials in Valencia said the Venezuelan rain was heavier.",
			anns: []string{"LOC:Valencia", "MISC:Spanish"},
			want: []string{"place:Valencia[ES]=Valencia|Valencia"},
		},
		{
			name: "without context the bigger place wins",
			text: "Flooding hit Valencia.",
			anns: []string{"LOC:Valencia"},
			want: []string{"place:Valencia[VE]=Valencia"},
		},
		{
			name: "curated organisation alias",
			text: "The Islamic State group claimed it. ISIS fighters fled. ISIL denied it.",
			anns: []string{"ORG:Islamic State", "ORG:ISIS", "ORG:ISIL"},
			want: []string{"organization:Islamic State=Islamic State|ISIS|ISIL"},
		},
		{
			name: "parenthetical acronym",
			text: "The Committee to Protect Journalists (CPJ) said so. CPJ also said more.",
			anns: []string{"ORG:Committee to Protect Journalists", "ORG:CPJ"},
			want: []string{"organization:Committee to Protect Journalists=Committee to Protect Journalists|CPJ|CPJ"},
		},
		{
			name: "a first name the tagger left out before 'and' joins a company",
			text: "Standard and Poor's Corp cut the rating. Shares of Procter and Gamble Co fell.",
			anns: []string{"ORG:Poor's Corp", "ORG:Gamble Co"},
			want: []string{"organization:Standard and Poor's Corp=Standard and Poor's Corp", "organization:Procter and Gamble Co=Procter and Gamble Co"},
		},
		{
			name: "two names joined by 'and' stay apart",
			text: "The Conservatives and Liberal Democrats agreed. Analysts and Acme Corp officials met. The IMF and World Bank met.",
			anns: []string{"ORG:Liberal Democrats", "ORG:Acme Corp", "ORG:World Bank"},
			want: []string{"organization:Liberal Democrats=Liberal Democrats", "organization:Acme Corp=Acme Corp", "organization:World Bank=World Bank"},
		},
		{
			name: "web page parts inside a line are no names",
			text: "Gov. Bobby Jindal spoke. Hide Caption 9 of 24 Photos: the Senate met. A FILE PHOTO of the Senate.",
			anns: []string{"PER:Hide Caption", "PER:Bobby Jindal", "ORG:FILE PHOTO", "ORG:Senate"},
			want: []string{"person:Bobby Jindal=Bobby Jindal", "organization:Senate=Senate|Senate"},
		},
		{
			name: "a head noun alone joins the full name said last before it",
			text: "The European Commission and the Bank of England met. The Commission said no, and the Bank agreed. Later the Court of Auditors and the Court disagreed.",
			anns: []string{"ORG:European Commission", "ORG:Bank of England", "ORG:Commission#2", "ORG:Bank#2", "ORG:Court of Auditors", "ORG:Court#2"},
			want: []string{"organization:European Commission=European Commission|Commission", "organization:Bank of England=Bank of England|Bank", "organization:Court of Auditors=Court of Auditors|Court"},
		},
		{
			name: "a head noun alone with no full name stays",
			text: "The Commission said no. The Acme Group agreed.",
			anns: []string{"ORG:Commission", "ORG:Acme Group"},
			want: []string{"organization:Commission=Commission", "organization:Acme Group=Acme Group"},
		},
		{
			name: "acronym from initials, prefix joins the full name",
			text: "The National Security Council met. The NSC agreed with the Global Coalition to Counter ISIS and the Global Coalition thanked them.",
			anns: []string{"ORG:National Security Council", "ORG:NSC", "ORG:Global Coalition to Counter ISIS", "ORG:Global Coalition#2"},
			want: []string{"organization:National Security Council=National Security Council|NSC", "organization:Global Coalition to Counter ISIS=Global Coalition to Counter ISIS|Global Coalition"},
		},
		{
			name: "acronym inside a longer name does not merge",
			text: "ISIS fighters met the Global Coalition to Counter ISIS.",
			anns: []string{"ORG:ISIS#1", "ORG:Global Coalition to Counter ISIS"},
			want: []string{"organization:Islamic State=ISIS", "organization:Global Coalition to Counter ISIS=Global Coalition to Counter ISIS"},
		},
		{
			name: "organisation split at a connector is joined",
			text: "Partners in the Global Coalition to Counter ISIS met. ISIS fighters went to Syria.",
			anns: []string{"ORG:Global Coalition", "LOC:Counter ISIS", "ORG:ISIS#2", "LOC:Syria"},
			want: []string{"organization:Global Coalition to Counter ISIS=Global Coalition to Counter ISIS", "organization:Islamic State=ISIS", "place:Syria[SY]=Syria"},
		},
		{
			name: "connector before a place does not join",
			text: "They sent ISIS to Syria and the Bank of England agreed.",
			anns: []string{"ORG:ISIS", "LOC:Syria", "ORG:Bank", "LOC:England"},
			want: []string{"organization:Islamic State=ISIS", "place:Syria[SY]=Syria", "organization:Bank of England=Bank of England"},
		},
		{
			name: "MISC words that are a known name are found",
			text: "ISIS grew. The Islamic State group and ISIS fighters fled.",
			anns: []string{"ORG:ISIS#1", "MISC:Islamic", "MISC:ISIS#2"},
			want: []string{"organization:Islamic State=ISIS|Islamic State|ISIS"},
		},
		{
			name: "time word after a connector does not join",
			text: "TASS on Wednesday reported it.",
			anns: []string{"ORG:TASS on Wednesday"},
			want: []string{"organization:TASS on Wednesday=TASS on Wednesday"},
		},
		{
			name: "tagged time word is not joined",
			text: "TASS on Wednesday reported it.",
			anns: []string{"ORG:TASS", "MISC:Wednesday"},
			want: []string{"organization:TASS=TASS"},
		},
		{
			name: "comma lists are split, known places and organisations with commas are not",
			text: "Fighting in Iraq, Syria spread. Skadden, Arps said they flew to Washington, D.C. on Monday.",
			anns: []string{"LOC:Iraq , Syria", "ORG:Skadden , Arps", "LOC:Washington , D.C."},
			want: []string{"place:Iraq[IQ]=Iraq", "place:Syria[SY]=Syria", "organization:Skadden, Arps=Skadden, Arps", "place:Washington[US]=Washington, D.C."},
		},
		{
			name: "title tagged ORG before a person",
			text: "Senate Minority Leader Chuck Schumer objected.",
			anns: []string{"ORG:Senate Minority Leader", "PER:Chuck Schumer"},
			want: []string{"organization:Senate=Senate", "person:Chuck Schumer=Chuck Schumer"},
		},
		{
			name: "title with a comma before a person",
			text: "The Senate Minority Leader, Chuck Schumer, objected. The minority leader left.",
			anns: []string{"ORG:Senate Minority Leader", "PER:Chuck Schumer"},
			want: []string{"organization:Senate=Senate", "person:Chuck Schumer=Chuck Schumer|The minority leader"},
		},
		{
			name: "place inside a titled person span",
			text: "Mayor of Koszalin Piotr Jedlinski spoke.",
			anns: []string{"PER:Mayor of Koszalin Piotr Jedlinski"},
			want: []string{"place:Koszalin[PL]=Koszalin", "person:Piotr Jedlinski=Piotr Jedlinski"},
		},
		{
			name: "two places run together are split, known multi-word places are not",
			text: "Troops left Indonesia Aceh for New York.",
			anns: []string{"LOC:Indonesia Aceh", "LOC:New York"},
			want: []string{"place:Indonesia[ID]=Indonesia", "place:Aceh[ID]=Aceh", "place:New York City[US]=New York"},
		},
		{
			name: "place glued to a person after a preposition",
			text: "The mayor of Koszalin Piotr Jedlinski spoke with George W. Bush.",
			anns: []string{"PER:of Koszalin Piotr Jedlinski", "PER:George W. Bush"},
			want: []string{"place:Koszalin[PL]=Koszalin", "person:Piotr Jedlinski=Piotr Jedlinski", "person:George W. Bush=George W. Bush"},
		},
		{
			name: "lone person-tagged big city is the city, titled or named persons stay",
			text: "Police in Chelyabinsk said Mr. Paris and Paris Hilton left. Paris smiled.",
			anns: []string{"PER:Chelyabinsk", "PER:Paris#1", "PER:Paris Hilton", "PER:Paris#3"},
			want: []string{"place:Chelyabinsk[RU]=Chelyabinsk", "person:Paris Hilton=Paris|Paris Hilton|Paris"},
		},
		{
			name: "streets and natural features are places",
			text: "The blast hit Karl Marx Avenue near the Java Sea coast.",
			anns: []string{"PER:Karl Marx Avenue", "ORG:Java Sea"},
			want: []string{"place:Karl Marx Avenue=Karl Marx Avenue", "place:Java Sea=Java Sea"},
		},
		{
			name: "title after a qualifier and scraped link words are stripped",
			text: "Maryland Congressman John Delaney spoke. Watch Elizabeth Warren reply. Governor Steve Bullock agreed and Governor Bullock left.",
			anns: []string{"PER:Maryland Congressman John Delaney", "PER:Watch Elizabeth Warren", "PER:Steve Bullock", "ORG:Governor Bullock"},
			want: []string{"person:John Delaney=John Delaney", "person:Elizabeth Warren=Elizabeth Warren", "person:Steve Bullock=Steve Bullock|Bullock"},
		},
		{
			name: "lower-case role before a comma is not a title",
			text: "The agency's inspector general, Obama said, was right. The inspector general left.",
			anns: []string{"PER:Obama"},
			want: []string{"person:Obama=Obama"},
		},
		{
			name: "organisation suffix on a place span",
			text: "Students at Yale University and in Boston protested.",
			anns: []string{"LOC:Yale University", "LOC:Boston"},
			want: []string{"organization:Yale University=Yale University", "place:Boston[US]=Boston"},
		},
		{
			name: "type tie goes to the first occurrence",
			text: "Stormy Daniels spoke. Later Stormy Daniels left.",
			anns: []string{"PER:Stormy Daniels#1", "ORG:Stormy Daniels#2"},
			want: []string{"person:Stormy Daniels=Stormy Daniels|Stormy Daniels"},
		},
		{
			name: "inline video furniture",
			text: "JUST WATCHED IRS chief forced out Replay More Videos .\nThe IRS said no.",
			anns: []string{"ORG:IRS"},
			want: []string{"organization:IRS=IRS"},
		},
		{
			name: "sentence-initial The is not part of the canonical name",
			text: "The White House said no. Later the White House said yes.",
			anns: []string{"ORG:The White House", "ORG:White House#2"},
			want: []string{"organization:White House=The White House|White House"},
		},
		{
			name: "compass words are places without geocoding",
			text: "Talks between the North and the South failed.",
			anns: []string{"LOC:North", "LOC:South"},
			want: []string{"place:North=North", "place:South=South"},
		},
		{
			name: "all-capital surname in a headline",
			text: "PELOSI HITS BACK\nNancy Pelosi said no.",
			anns: []string{"PER:PELOSI", "PER:Nancy Pelosi"},
			want: []string{"person:Nancy Pelosi=PELOSI|Nancy Pelosi"},
		},
		{
			name: "multi-word names take their most frequent type",
			text: "Fox Nation aired it. Fox Nation is a service. Viewers of Fox Nation laughed. Wayne County agreed.",
			anns: []string{"LOC:Fox Nation#1", "ORG:Fox Nation#2", "ORG:Fox Nation#3", "PER:Wayne County"},
			want: []string{"organization:Fox Nation=Fox Nation|Fox Nation|Fox Nation", "place:Wayne County=Wayne County"},
		},
		{
			name: "curated organisation tagged as a person",
			text: "Al Qaeda claimed the attack.",
			anns: []string{"PER:Al Qaeda"},
			want: []string{"organization:al-Qaeda=Al Qaeda"},
		},
		{
			name: "a surname used alone long before a full name keeps its own referent",
			text: "Trump spoke. Trump left. Trump came back. The crowd cheered. Reporters asked. His grandfather Friedrich Trump emigrated. Trump said so.",
			anns: []string{"PER:Trump", "PER:Friedrich Trump"},
			want: []string{"person:Trump=Trump|Trump|Trump|Trump", "person:Friedrich Trump=Friedrich Trump"},
		},
		{
			name: "title and person inside an organisation span",
			text: "Federal Emergency Management Agency Administrator Brock Long spoke. General Motors Co agreed.",
			anns: []string{"ORG:Federal Emergency Management Agency Administrator Brock Long", "ORG:General Motors Co"},
			want: []string{"organization:Federal Emergency Management Agency=Federal Emergency Management Agency", "person:Brock Long=Brock Long", "organization:General Motors Co=General Motors Co"},
		},
		{
			name: "e-mail addresses and copyright lines are not names",
			text: "Write to Erin.Ailworth@wsj.com today.\nCopyright 2017 Dow Jones & Company, Inc. All Rights Reserved",
			anns: []string{"LOC:Erin.Ailworth@wsj.com", "ORG:Dow Jones & Company , Inc.", "ORG:All Rights Reserved"},
			want: nil,
		},
		{
			name: "titles and places glued to persons in ORG spans",
			text: "Taoiseach Leo Varadkar and First Minister of Scotland Nicola Sturgeon met.",
			anns: []string{"ORG:Taoiseach Leo Varadkar", "ORG:Scotland Nicola Sturgeon"},
			want: []string{"person:Leo Varadkar=Leo Varadkar", "place:Scotland[GB]=Scotland", "person:Nicola Sturgeon=Nicola Sturgeon"},
		},
		{
			name: "storms are not persons, hyphenated curated organisations are organisations",
			text: "Hurricane Humberto grew. Humberto hit Bermuda. Al-Qaeda claimed nothing.",
			anns: []string{"PER:Hurricane Humberto", "PER:Humberto", "LOC:Bermuda", "LOC:Al-Qaeda"},
			want: []string{"place:Bermuda[BM]=Bermuda", "organization:al-Qaeda=Al-Qaeda"},
		},
		{
			name: "a position tagged as an organisation is dropped",
			text: "He will name a new National Security Advisor. The National Security Council met.",
			anns: []string{"ORG:National Security Advisor", "ORG:National Security Council"},
			want: []string{"organization:National Security Council=National Security Council"},
		},
		{
			name: "curated organisations tagged MISC",
			text: "The Islamic State group lost. ISIS fighters fled and IS said so.",
			anns: []string{"MISC:Islamic", "MISC:ISIS", "MISC:IS"},
			want: []string{"organization:Islamic State=Islamic State|ISIS"},
		},
		{
			name: "name particles join split names",
			text: "Osama bin Laden hid. The al Qaeda leader died. Sen. Susan Collins (R-Maine) voted.",
			anns: []string{"LOC:Osama", "PER:Laden", "PER:Qaeda", "PER:Susan Collins", "ORG:R-Maine"},
			want: []string{"person:Osama bin Laden=Osama bin Laden", "organization:al-Qaeda=al Qaeda", "person:Susan Collins=Susan Collins"},
		},
		{
			name: "a nationality word that starts a country's name is part of it",
			text: "The Syrian Arab Republic said so. The Syrian army left. The Syrian\nArab Republic agreed.",
			anns: []string{"MISC:Syrian#1", "LOC:Arab Republic#1", "MISC:Syrian#2", "MISC:Syrian#3", "LOC:Arab Republic#2"},
			want: []string{"place:Syria[SY]=Syrian Arab Republic", "place:Arab Republic=Arab Republic"},
		},
		{
			name: "a militant group in the curated table is an organisation",
			text: "Fighters of Tahrir al-Sham left Idlib.",
			anns: []string{"PER:Tahrir al-Sham", "LOC:Idlib"},
			want: []string{"organization:Hayat Tahrir al-Sham=Tahrir al-Sham", "place:Idlib[SY]=Idlib"},
		},
		{
			name: "a name ending in a letter at a sentence end leaves the point out",
			text: "He starred in Malcolm X. Attallah Shabazz, the daughter of Malcolm X, spoke.",
			anns: []string{"PER:Malcolm X.", "PER:Attallah Shabazz", "PER:Malcolm X"},
			want: []string{"person:Malcolm X=Malcolm X|Malcolm X", "person:Attallah Shabazz=Attallah Shabazz"},
		},
		{
			name: "MISC is dropped",
			text: "The Iraqi army used Russian jets.",
			anns: []string{"MISC:Iraqi", "MISC:Russian"},
			want: nil,
		},
		{
			name: "page furniture has no entities",
			text: "Obama Vows To Destroy ISIS\nMore From This Section\nObama spoke in Jakarta.",
			anns: []string{"PER:Obama#1", "ORG:ISIS", "ORG:This Section", "PER:Obama#2", "LOC:Jakarta"},
			want: []string{"person:Obama=Obama|Obama", "organization:Islamic State=ISIS", "place:Jakarta[ID]=Jakarta"},
		},
		{
			name: "untagged repeats are found",
			text: "ISIS attacked. Officials said ISIS would lose. Josh Earnest agreed and Earnest left.",
			anns: []string{"ORG:ISIS#1", "PER:Josh Earnest"},
			want: []string{"organization:Islamic State=ISIS|ISIS", "person:Josh Earnest=Josh Earnest|Earnest"},
		},
		{
			name: "surname tagged ORG is the person",
			text: "Josh Earnest spoke. Earnest said no.",
			anns: []string{"PER:Josh Earnest", "ORG:Earnest"},
			want: []string{"person:Josh Earnest=Josh Earnest|Earnest"},
		},
		{
			name: "person possessive and lower-case determiner trimmed, names with them kept",
			text: "Obama's plan worried the Pentagon. The Hague and Lord's agreed.",
			anns: []string{"PER:Obama 's", "ORG:the Pentagon", "LOC:The Hague", "LOC:Lord 's"},
			want: []string{"person:Obama=Obama", "organization:Pentagon=Pentagon", "place:The Hague[NL]=The Hague", "place:Lord's=Lord's"},
		},
		{
			name: "pronouns, fillers and discourse markers tagged as names are dropped; all-caps acronyms stay",
			text: "((Host)) That was in May? ((Ana Ruiz)) Um yes. It was. Thus Bright Futures grew, and IT staff in the US joined WHO.",
			anns: []string{"ORG:That", "ORG:Um", "ORG:It", "ORG:Thus Bright Futures", "ORG:IT", "LOC:US", "ORG:WHO", "PER:Ana Ruiz"},
			want: []string{"person:Ana Ruiz=Ana Ruiz", "organization:Bright Futures=Bright Futures", "organization:IT=IT",
				"place:United States[US]=US", "organization:World Health Organization=WHO"},
		},
		{
			name: "a surname that is also a function word stays when the full name is there",
			text: "Seoul mayor Oh Se-hoon spoke. Oh said no. So Ji-sub acted; So smiled. It rained.",
			anns: []string{"PER:Oh Se-hoon", "PER:Oh#2", "PER:So Ji-sub", "PER:So#2", "ORG:It"},
			want: []string{"person:Oh Se-hoon=Oh Se-hoon|Oh", "person:So Ji-sub=So Ji-sub|So"},
		},
		{
			name: "a lone pronoun stays a pronoun after a name that has it (He Lifeng)",
			text: "Vice Premier He Lifeng met the delegation.\n\nHe said talks went well. He added more.",
			anns: []string{"PER:He Lifeng", "PER:He#2", "PER:He#3"},
			want: []string{"person:He Lifeng=He Lifeng"},
		},
		{
			name: "a legal form alone is no company; a name wrapped over two lines is named with one space",
			text: "Shares of Acme Widgets\nInc rose. Inc said so. Acme Widgets Inc agreed.",
			anns: []string{"ORG:Inc", "ORG:Acme Widgets Inc"},
			want: []string{"organization:Acme Widgets Inc=Acme Widgets\nInc|Acme Widgets Inc"},
		},
		{
			name: "a legal form tagged apart from the organisation it ends (a wrapped line) joins it",
			text: "Chemical Bank and Marine Midland Banks\nInc said they cut rates. Oil in Texas\nInc fell. Delta Air and\nCorp rose.",
			anns: []string{"ORG:Chemical Bank", "ORG:Marine Midland Banks", "ORG:Inc#1", "LOC:Texas", "ORG:Inc#2", "ORG:Delta Air", "ORG:Corp"},
			want: []string{"organization:Chemical Bank=Chemical Bank", "organization:Marine Midland Banks Inc=Marine Midland Banks\nInc",
				"place:Texas[US]=Texas", "organization:Delta Air=Delta Air"},
		},
		{
			name: "nothing tagged",
			text: "It rained.",
			want: nil,
		},
	}
	runResolveCases(t, tests)
}

// resolveCase is a case of the Resolve tests: a text, the tagger's spans in
// it (see analyze) and the summary lines of the entities wanted.
type resolveCase struct {
	name string
	text string
	anns []string
	want []string // summary lines
}

// runResolveCases runs each case as a subtest comparing the summary of the
// entities found with the one wanted.
func runResolveCases(t *testing.T, tests []resolveCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := analyze(t, tt.text, tt.anns...)
			if diff := cmp.Diff(tt.want, summary(res.Entities)); diff != "" {
				t.Errorf("entities (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPlaceGeo(t *testing.T) {
	res := analyze(t, "Talks in Jakarta and the U.S. and Narnia.", "LOC:Jakarta", "LOC:U.S.", "LOC:Narnia")
	got := map[string]*schema.Geo{}
	for _, e := range res.Entities {
		got[e.Name] = e.Geo
	}
	if g := got["Jakarta"]; g == nil || g.CountryCode != "ID" || g.GeonameID != 1642911 || g.Lat > -6 || g.Lat < -7 || g.Lon < 106 || g.Lon > 107 {
		t.Errorf("Jakarta geo = %+v", g)
	}
	if g := got["United States"]; g == nil || g.CountryCode != "US" || g.GeonameID == 0 {
		t.Errorf("United States geo = %+v", g)
	}
	if g, ok := got["Narnia"]; !ok || g != nil {
		t.Errorf("Narnia: present %v, geo %+v; want present without geo", ok, g)
	}
}

func TestRoles(t *testing.T) {
	res := analyze(t, "Josh Earnest, the White House press secretary, spoke. US President Barack Obama and Secretary of State John Kerry met. President Obama left.",
		"LOC:US", "PER:Barack Obama", "PER:John Kerry", "PER:Josh Earnest", "ORG:White House", "PER:Obama#2")
	var got []string
	for _, r := range res.Roles {
		got = append(got, r.Phrase+"="+r.Person)
	}
	want := []string{"press secretary=Josh Earnest", "president=Barack Obama", "secretary of state=John Kerry"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("roles (-want +got):\n%s", diff)
	}
}

func TestFurniture(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"More From This Section", true},
		{"Related Articles", true},
		{"Share this", true},
		{"Advertisement", true},
		{"Read more: Obama vows to destroy ISIS", true},
		{"Image copyright Getty Images", true},
		{"Top Stories", true},
		{"  Most Popular  ", true},
		{"Obama Vows To Destroy ISIS", false},
		{"Jakarta Attack Kills Seven", false},
		{"More troops head to Iraq.", false},
		{"The President was briefed on recent progress.", false},
		{"", false},
		{"Watch", true},
		{"Watch the video of the attack in Jakarta here", false},
	}
	for _, tt := range tests {
		got := len(Furniture(tt.line)) > 0
		if got != tt.want {
			t.Errorf("Furniture(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
	text := "Line one.\nMore From This Section\nLine three."
	got := Furniture(text)
	want := []ByteRange{{10, 32}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Furniture ranges (-want +got):\n%s", diff)
	}
	if text[got[0].Start:got[0].End] != "More From This Section" {
		t.Errorf("range covers %q", text[got[0].Start:got[0].End])
	}
}

// TestLeadSurnames: a surname alone in a headline joins the full name the
// lede gives a few lines later, with the lone surnames after it, when that
// full name is the only one with the surname; names differing only in
// accents are one person.
func TestLeadSurnames(t *testing.T) {
	captions := "\n\nSyrian Arab Republic\n\nSyrian opposition\n\nSyrian Democratic Forces\n\nTahrir al-Sham\n\n"
	tests := []resolveCase{
		{
			name: "headline surname, captions, then the full name",
			text: "Trump announces troop withdrawal" + captions + "President Donald Trump spoke. Later Trump left.",
			anns: []string{"PER:Trump#1", "PER:Donald Trump", "PER:Trump#3"},
			want: []string{"person:Donald Trump=Trump|Donald Trump|Trump"},
		},
		{
			name: "two full names with the surname: the headline surname stays apart",
			text: "Clinton wins" + captions + "Bill Clinton and Hillary Clinton spoke. Clinton left.",
			anns: []string{"PER:Clinton#1", "PER:Bill Clinton", "PER:Hillary Clinton", "PER:Clinton#4"},
			want: []string{"person:Clinton=Clinton|Clinton", "person:Bill Clinton=Bill Clinton", "person:Hillary Clinton=Hillary Clinton"},
		},
		{
			name: "many lone surnames before a relative's full name stay apart",
			text: "Trump spoke. Trump smiled. Trump left. Trump came back." + captions + "His grandfather Friedrich Trump was born there.",
			anns: []string{"PER:Trump#1", "PER:Trump#2", "PER:Trump#3", "PER:Trump#4", "PER:Friedrich Trump"},
			want: []string{"person:Trump=Trump|Trump|Trump|Trump", "person:Friedrich Trump=Friedrich Trump"},
		},
		{
			name: "accents aside",
			text: "President Recep Tayyip Erdoğan spoke. Erdogan's office said more. Recep Tayyip Erdogan left.",
			anns: []string{"PER:Recep Tayyip Erdoğan", "PER:Erdogan", "PER:Recep Tayyip Erdogan"},
			want: []string{"person:Recep Tayyip Erdoğan=Recep Tayyip Erdoğan|Erdogan|Recep Tayyip Erdogan"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := analyze(t, tt.text, tt.anns...)
			var got []string
			for _, e := range summary(res.Entities) {
				if strings.HasPrefix(e, "person:") {
					got = append(got, e)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("persons (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCapitals: a headline's words in capitals join the entity the text
// names the same way in mixed case, which gives the canonical name; only a
// full name or a word tagged a person changes type doing so.
func TestCapitals(t *testing.T) {
	tests := []resolveCase{
		{
			name: "organisation in a headline",
			text: "WORLD BANK CHIEF URGES MORE INVESTMENT\n\nThe World Bank said on Monday it would lend more.",
			anns: []string{"ORG:WORLD BANK", "ORG:World Bank"},
			want: []string{"organization:World Bank=WORLD BANK|World Bank"},
		},
		{
			name: "lone surname in capitals and in mixed case",
			text: "REAGAN VETOES BILL\n\nThe president said on Monday he would veto it. Reagan said more.",
			anns: []string{"PER:REAGAN", "PER:Reagan"},
			want: []string{"person:Reagan=REAGAN|Reagan"},
		},
		{
			name: "full name in capitals",
			text: "RONALD REAGAN SPEAKS\n\nPresident Ronald Reagan spoke on Monday. Reagan left.",
			anns: []string{"PER:RONALD REAGAN", "PER:Ronald Reagan", "PER:Reagan"},
			want: []string{"person:Ronald Reagan=RONALD REAGAN|Ronald Reagan|Reagan"},
		},
		{
			name: "a company tagged a person in capitals",
			text: "TEXACO SEEKS REHEARING\n\nTexaco said it filed a motion with the court.",
			anns: []string{"PER:TEXACO", "ORG:Texaco"},
			want: []string{"organization:Texaco=TEXACO|Texaco"},
		},
		{
			name: "a transcript's speaker label tagged a place",
			text: "STEVE INSKEEP, HOST:\n\nIt's Morning Edition. I'm Steve Inskeep.",
			anns: []string{"LOC:STEVE INSKEEP", "PER:Steve Inskeep"},
			want: []string{"person:Steve Inskeep=STEVE INSKEEP|Steve Inskeep"},
		},
		{
			name: "a team in capitals stays apart from its city",
			text: "CHICAGO 71 64\nDETROIT 48 86\n\nIt rained in Chicago on Monday.",
			anns: []string{"ORG:CHICAGO", "ORG:DETROIT", "LOC:Chicago"},
			want: []string{"organization:CHICAGO=CHICAGO", "organization:DETROIT=DETROIT", "place:Chicago[US]=Chicago"},
		},
		{
			name: "a headline word is no first name of the text's lone name",
			text: "SUBROTO SAYS OPEC WILL HOLD\n\nOil prices held. Subroto said output would stay.",
			anns: []string{"PER:SUBROTO SAYS", "ORG:OPEC", "PER:Subroto"},
			want: []string{"person:SUBROTO SAYS=SUBROTO SAYS", "organization:OPEC=OPEC", "person:Subroto=Subroto"},
		},
		{
			name: "a piece of a longer name in a headline joins it",
			text: "TEXAS INTERNATIONAL CO HAS AUDIT\n\nTexas International Inc said it received an audit opinion.",
			anns: []string{"ORG:TEXAS", "ORG:Texas International Inc"},
			want: []string{"organization:Texas International Inc=TEXAS|Texas International Inc"},
		},
		{
			name: "a common word in a headline is no name",
			text: "ECONOMIC SPOTLIGHT - DUTCH POLICY\n\nThe economic outlook is poor, bankers said.",
			anns: []string{"ORG:ECONOMIC"},
			want: nil,
		},
		{
			name: "legal forms alone in a headline are no name",
			text: "EARTHWORM TRACTOR CO INC YEAR LOSS\n\nShr loss 11 cts vs profit two cts.",
			anns: []string{"ORG:CO INC"},
			want: nil,
		},
		{
			name: "a short word the text writes in lower case may be an acronym",
			text: "HOGS UP 1.00 DLR - USDA\n\nPrices rose in active trade, usda said.",
			anns: []string{"ORG:USDA"},
			want: []string{"organization:USDA=USDA"},
		},
		{
			name: "a headline name found nowhere else stays",
			text: "MONTEDISON SETS BOND\n\nThe company said it would issue bonds.",
			anns: []string{"ORG:MONTEDISON"},
			want: []string{"organization:MONTEDISON=MONTEDISON"},
		},
		{
			name: "an acronym stays as it is",
			text: "IBM SETS DIVIDEND\n\nIBM said it would pay more.",
			anns: []string{"ORG:IBM"},
			want: []string{"organization:IBM=IBM|IBM"},
		},
	}
	runResolveCases(t, tests)
}

// TestHoverCards: a hover card kept inline after a name (the full name
// glued to a few headlines, then "MORE") names nobody; the name before it
// stays.
func TestHoverCards(t *testing.T) {
	tests := []resolveCase{
		{
			name: "full name glued to a headline",
			text: "Aides to President Trump Donald John TrumpGOP senators balk at trial Warren goes local MORE said no.",
			anns: []string{"PER:Trump Donald John TrumpGOP", "PER:Warren"},
			want: []string{"person:Trump=Trump"},
		},
		{
			name: "the card's full name joins the text's",
			text: "Aides to President Trump Donald John TrumpGOP senators balk MORE said no. Later Trump spoke.\n\nMore text.\n\nMore text.\n\nMore text.\n\nDonald J. Trump left.",
			anns: []string{"PER:Trump Donald John TrumpGOP", "PER:Trump#2", "PER:Donald J. Trump"},
			want: []string{"person:Donald J. Trump=Trump|Trump|Donald J. Trump"},
		},
		{
			name: "glued to MORE",
			text: "Chief of staff John Kelly John Francis KellyMORE left on Friday.",
			anns: []string{"PER:John Kelly John Francis KellyMORE"},
			want: []string{"person:John Kelly=John Kelly"},
		},
		{
			name: "a surname with a capital inside",
			text: "Sen. John McCain John Sidney McCainDemocrats see opening MORE spoke.",
			anns: []string{"PER:John McCain John Sidney McCainDemocrats"},
			want: []string{"person:John McCain=John McCain"},
		},
		{
			name: "no MORE on the line: no card",
			text: "Shares of NumbersUSA rose.\nMORE",
			anns: []string{"ORG:NumbersUSA"},
			want: []string{"organization:NumbersUSA=NumbersUSA"},
		},
		{
			name: "a glued word that repeats no name: no card",
			text: "The new McDonaldLand park opened MORE or less on time.",
			anns: []string{"ORG:McDonaldLand"},
			want: []string{"organization:McDonaldLand=McDonaldLand"},
		},
	}
	runResolveCases(t, tests)
}

// TestSignOffAndCredits: a wire service's sign-off alone on the last line
// and a credit line naming reporters and editors are furniture; words that
// only look like them stay.
func TestSignOffAndCredits(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string // the furniture lines
	}{
		{"sign-off in capitals", "Prices rose 5 pct, the ministry said.\n REUTER", []string{" REUTER"}},
		{"agency initials", "Prices rose.\nAP\n", []string{"AP"}},
		{"sign-off in lower case after a sentence", "Prices rose, traders said.\n reuter", []string{" reuter"}},
		{"continuation sign-off", "Net 1.2 mln vs 1.0 mln.\nMore", []string{"More"}},
		{"after a table row", "Shr 12 cts vs 10 cts\n    Net 1.2 mln vs 1.0 mln\n REUTER", []string{" REUTER"}},
		{"a wrapped last word is no sign-off", "It had a tax loss\ncarryforward", nil},
		{"a wrapped name is no sign-off", "The shares were bought by Acme\nHoldings", nil},
		{"one line alone is no sign-off", "REUTER", nil},
		{"a sign-off inside the text is prose", "REUTER\nPrices rose, traders said.", nil},
		{"a sentence last is no sign-off", "Prices rose.\nThe ministry said so.", nil},
		{"an ellipsis after the sign-off", "Prices rose.\nREUTER...", []string{"REUTER..."}},
		{"a carriage return in caret notation", "Prices rose.\n   \nREUTER...^M", []string{"REUTER...^M"}},
		{"after the last sentence on its line", "Deposits rose to 34.9 billion from 33.8 billion a\nyear ago. REUTER", []string{"REUTER"}},
		{"a capitalised word after the last sentence is prose", "Deposits rose, said Acme. Reuter", nil},
		{"capitals ending a sentence are prose", "Deposits rose, said the chief of the\nIMF.", nil},
		{"credit in brackets", "Prices rose.\n(Reporting by Lucia Mutikani; Editing by Paul Simao)\nMore text here.",
			[]string{"(Reporting by Lucia Mutikani; Editing by Paul Simao)"}},
		{"additional reporting", "Prices rose.\n\nAdditional reporting by Saadullah Akhtar in Quetta, Pakistan.",
			[]string{"Additional reporting by Saadullah Akhtar in Quetta, Pakistan."}},
		{"with reporting after a dash", "Prices rose.\n\n—With reporting by Zeke J. Miller/New York",
			[]string{"—With reporting by Zeke J. Miller/New York"}},
		{"reporting as a subject is prose", "Reporting by the agency has cleared up such issues.\nPrices rose.", nil},
		{"reporting inside a sentence is prose", "New reporting by Reuters showed more.\nPrices rose.", nil},
		{"a wrapped line inside a sentence is prose", "Its rank will not change, according to data\ncompiled by Aviation Daily, a trade magazine.\nPrices rose.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, r := range Furniture(tt.text) {
				got = append(got, tt.text[r.Start:r.End])
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Furniture(%q) (-want +got):\n%s", tt.text, diff)
			}
		})
	}
	// and the names in them are no entities
	text := "Texaco Inc said profits rose, Chief Executive James Kinnear said.\n(Reporting by Lucia Mutikani)\n REUTER"
	got := summary(analyze(t, text, "ORG:Texaco Inc", "PER:James Kinnear", "PER:Lucia Mutikani", "PER:REUTER").Entities)
	want := []string{"organization:Texaco Inc=Texaco Inc", "person:James Kinnear=James Kinnear"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entities (-want +got):\n%s", diff)
	}
}

// Entities come out in order of first mention, each mention in text order,
// and the offsets are code points even after non-ASCII text.
func TestOrderAndOffsets(t *testing.T) {
	text := "“Ça va,” said Zoë Müller in São Paulo. Müller met Obama."
	res := analyze(t, text, "PER:Zoë Müller", "LOC:São Paulo", "PER:Müller#2", "PER:Obama")
	want := []string{"person:Zoë Müller=Zoë Müller|Müller", "place:São Paulo[BR]=São Paulo", "person:Obama=Obama"}
	if diff := cmp.Diff(want, summary(res.Entities)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if m := res.Entities[0].Mentions[0]; m.Start != 14 || m.End != 24 {
		t.Errorf("first mention offsets = %d..%d, want 14..24", m.Start, m.End)
	}
}

// Bad spans from a caller never panic.
func TestBadSpans(t *testing.T) {
	text := "Obama spoke."
	res := analyze(t, text, "PER:Obama")
	_ = res
	r := resolver(t)
	toks := tokenizeText(text)
	for _, sp := range [][3]int{{-1, 1, 0}, {0, 99, 0}, {1, 1, 0}, {2, 1, 0}} {
		got := r.Resolve(text, toks, nil, spansOf("PER", sp[0], sp[1]))
		if len(got) != 0 {
			t.Errorf("span %v: got %v", sp, summary(got))
		}
	}
	if got := r.Resolve("", nil, nil, nil); len(got) != 0 {
		t.Errorf("empty text: %v", got)
	}
	if !strings.Contains(strings.Join(summary(r.Resolve(text, toks, nil, spansOf("PER", 0, 1))), ""), "Obama") {
		t.Errorf("nil sentences: Obama not found")
	}
}

func TestMentionAt(t *testing.T) {
	text := "US President Barack Obama spoke. The President said Earnest agreed."
	res := analyze(t, text, "LOC:US", "PER:Barack Obama", "PER:Earnest")
	tests := []struct {
		phrase string
		want   string
	}{
		{"The President said", "Barack Obama"},
		{"Earnest agreed", "Earnest"},
		{"US President Barack", "Barack Obama"}, // the mention that ends last wins
		{"US President", "United States"},
		{"spoke", ""},
	}
	for _, tt := range tests {
		s := strings.Index(text, tt.phrase)
		start := len([]rune(text[:s]))
		i, m := MentionAt(res.Entities, start, start+len([]rune(tt.phrase)))
		got := ""
		if i >= 0 {
			got = res.Entities[i].Name
			if m.End <= start || m.Start >= start+len([]rune(tt.phrase)) {
				t.Errorf("%q: mention %+v does not overlap", tt.phrase, m)
			}
		}
		if got != tt.want {
			t.Errorf("MentionAt(%q) = %q, want %q", tt.phrase, got, tt.want)
		}
	}
}
