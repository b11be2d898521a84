package entities

// Word lists. Keys are lower case; a trailing period is part of the key
// where the abbreviation takes one ("sen.").

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// honorifics precede a name but are not roles a later "the X" refers to.
var honorifics = set("mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "mister", "madam", "sir", "dame",
	"lord", "lady", "dr", "dr.", "prof", "prof.", "rev", "rev.", "reverend", "hon", "hon.")

// roleHeads are nouns that name a position a person holds ("President",
// "Press Secretary", "spokesman"). A role word directly before a name, or in
// an apposition after it, ties that role to the person.
var roleHeads = set(
	"president", "president-elect", "vice-president", "minister", "secretary", "secretary-general",
	"spokesman", "spokeswoman", "spokesperson", "chancellor", "king", "queen", "prince", "princess",
	"pope", "governor", "gov.", "senator", "sen.", "mayor", "general", "gen.", "colonel", "col.",
	"lieutenant", "lt.", "major", "maj.", "captain", "capt.", "admiral", "adm.", "commander", "sergeant",
	"sgt.", "chief", "director", "chairman", "chairwoman", "chair", "ceo", "leader", "ambassador",
	"envoy", "judge", "justice", "attorney", "representative", "rep.", "congressman", "congresswoman",
	"premier", "sheikh", "emir", "sultan", "ayatollah", "coach", "manager", "commissioner",
	"prosecutor", "inspector", "superintendent", "sheriff", "detective", "bishop", "archbishop",
	"cardinal", "rabbi", "imam", "cleric", "founder", "chief executive", "head", "spokesperson",
	"lawmaker", "legislator", "dictator", "monarch", "emperor", "empress", "crown prince", "speaker",
	"deputy", "aide", "adviser", "advisor", "economist", "analyst", "official", "administrator",
	"taoiseach", "chancellor-elect", "governor-general", "first minister",
)

// personTitles are role words that, first in a span, make it a titled
// person rather than an organisation ("Taoiseach Leo Varadkar"; "General
// Motors" is not one).
var personTitles = set("president", "minister", "secretary", "senator", "sen.", "governor", "gov.",
	"mayor", "king", "queen", "prince", "princess", "pope", "chancellor", "taoiseach", "sheikh", "emir",
	"sultan", "ayatollah", "ambassador", "spokesman", "spokeswoman", "congressman", "congresswoman",
	"rep.", "judge", "archbishop", "bishop", "cardinal", "rabbi", "imam")

// roleModifiers may precede a role head inside a role phrase ("Press
// Secretary", "Foreign Minister", "Vice President", "Attorney General").
var roleModifiers = set(
	"vice", "deputy", "prime", "foreign", "defense", "defence", "interior", "finance", "home",
	"justice", "health", "press", "chief", "executive", "state", "assistant", "associate", "senior",
	"national", "security", "supreme", "top", "managing", "grand", "crown", "first", "general",
	"attorney", "trade", "economy", "economic", "energy", "education", "environment", "labour",
	"labor", "transport", "agriculture", "culture", "treasury", "information", "communications",
	"intelligence", "majority", "minority", "head", "presidential", "sports",
)

// formerRole words make a role historical: "former President Bill Clinton"
// is not who "the President" means later.
var formerRole = set("former", "ex", "ex-", "then", "late", "outgoing", "acting", "interim")

// furniturePhrases are whole lines (lower case, final colon removed) that
// news pages wrap around an article and scrapers keep.
var furniturePhrases = set(
	"more from this section", "related articles", "related stories", "related", "related content",
	"related news", "related topics", "read more", "read next", "share this", "share this article",
	"share this story", "share", "advertisement", "advertising", "sponsored", "sponsored content",
	"recommended", "recommended for you", "recommended stories", "you may also like", "you might also like",
	"most popular", "most read", "most viewed", "trending", "trending now", "top stories", "latest news",
	"latest stories", "more stories", "more news", "comments", "leave a comment", "sign up", "subscribe",
	"follow us", "click here", "see also", "also read", "continue reading", "story continues below",
	"skip to content", "newsletter", "editor's picks", "editors' picks", "don't miss", "watch",
	"more on this story", "around the web", "from around the web", "promoted stories", "print",
	"email", "tweet", "back to top", "next article", "previous article", "next story", "top",
)

// furniturePrefixes start a line that is a link or credit, not article text.
var furniturePrefixes = []string{
	"read more:", "read also:", "also read:", "see also:", "related:", "more:", "watch:",
	"image copyright", "image caption", "image source", "photo:", "photograph:", "picture:",
	"(photo:", "file photo", "click here", "follow us on", "sign up for", "subscribe to",
	"just watched", "must watch", "replay more videos", "copyright", "©", "(c) ", "all rights reserved",
	"hide caption", "photos:", "caption:",
}

// furnitureWords are the only words of a short title-case line that is page
// furniture by shape ("More Stories From This Section", "Top News").
var furnitureWords = set(
	"more", "from", "this", "section", "related", "articles", "article", "stories", "story", "news",
	"latest", "top", "read", "share", "also", "see", "recommended", "popular", "most", "you", "may",
	"might", "like", "comments", "comment", "sign", "up", "subscribe", "follow", "us", "click", "here",
	"continue", "reading", "advertisement", "sponsored", "content", "trending", "now", "video",
	"videos", "photos", "gallery", "watch", "next", "previous", "back", "to", "home", "page", "print",
	"email", "on", "the", "in", "for", "and", "of", "other", "our", "site", "topics", "tags", "editor's",
	"picks", "must", "newsletter", "links", "similar", "popular", "viewed", "shared", "further",
	"around", "web", "promoted", "suggested", "headlines", "updates", "with", "your", "all", "replay",
)

// institutions are buildings and places that news uses for the
// organisation in them; a LOC span with this name is an organisation.
var institutions = set("white house", "kremlin", "pentagon", "downing street", "elysee", "élysée",
	"elysee palace", "élysée palace", "capitol hill", "whitehall", "blue house", "zhongnanhai",
	"number 10", "no 10", "no. 10", "quai d'orsay", "foggy bottom", "vatican")

// orgAliases are the few organisation names whose short forms the text
// rarely links explicitly; keys are gazetteer.Normalize forms.
var orgAliases = map[string]string{
	"isis":                                 "Islamic State",
	"isil":                                 "Islamic State",
	"is":                                   "Islamic State",
	"daesh":                                "Islamic State",
	"islamic state":                        "Islamic State",
	"islamic state group":                  "Islamic State",
	"islamic state of iraq and syria":      "Islamic State",
	"islamic state of iraq and the levant": "Islamic State",
	"islamic state in iraq and syria":      "Islamic State",
	"islamic state of iraq and al sham":    "Islamic State",
	"un":                                   "United Nations",
	"united nations":                       "United Nations",
	"eu":                                   "European Union",
	"european union":                       "European Union",
	"nato":                                 "NATO",
	"north atlantic treaty organization":   "NATO",
	"north atlantic treaty organisation":   "NATO",
	"fbi":                                  "FBI",
	"federal bureau of investigation":      "FBI",
	"cia":                                  "CIA",
	"central intelligence agency":          "CIA",
	"who":                                  "World Health Organization",
	"world health organization":            "World Health Organization",
	"world health organisation":            "World Health Organization",
	"imf":                                  "International Monetary Fund",
	"international monetary fund":          "International Monetary Fund",
	"hayat tahrir al sham":                 "Hayat Tahrir al-Sham",
	"tahrir al sham":                       "Hayat Tahrir al-Sham",
	"reuter":                               "Reuter", // the agency's 1980s wire name, in capitals in headlines ("REUTER MONEY NEWS HIGHLIGHTS"), as sourceNames names it
	"al qaeda":                             "al-Qaeda",
	"al qaida":                             "al-Qaeda",
	"alqaeda":                              "al-Qaeda",
}

// functionWords are skipped when an acronym is formed from initials.
var functionWords = set("of", "the", "and", "for", "to", "in", "on", "at", "a", "an", "&", "de", "du", "des", "la", "le", "del", "der", "und")

// nameParticles join the parts of a person's name ("Osama bin Laden",
// "Vincent van Gogh").
var nameParticles = set("bin", "ibn", "bint", "van", "von", "de", "da", "di", "del", "der", "la", "le", "du", "dos", "das")

// nameSuffixes follow a surname and are not one ("George Bush Jr.").
var nameSuffixes = set("jr", "jr.", "sr", "sr.", "ii", "iii", "iv")

// stormWords start the names of storms, which the tagger calls persons.
var stormWords = set("hurricane", "typhoon", "cyclone", "storm", "tropical", "superstorm")

// pronouns are the personal pronouns: alone they are no name, even where a
// name in the article has them ("He Lifeng ... He said").
var pronouns = set("i", "me", "my", "mine", "you", "your", "yours", "he", "him", "his", "she", "her", "hers",
	"it", "its", "we", "us", "our", "ours", "they", "them", "their", "theirs")

// notNames are closed-class words (the pronouns, determiners,
// conjunctions, question words), fillers and discourse markers: alone they
// never name an entity, though the tagger calls a capitalised one a name
// where a line starts oddly (an interview's "((WN)) That was when…", "Um
// yeah").
var notNames = func() map[string]bool {
	m := set("this", "that", "these", "those",
		"there", "here", "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "and", "but", "or",
		"nor", "if", "then", "because", "although", "though", "while", "um", "uh", "er", "erm", "ah", "oh", "hmm",
		"yeah", "yes", "no", "ok", "okay", "well", "so", "thus", "hence", "also", "however", "anyway", "maybe",
		"perhaps", "indeed", "meanwhile", "moreover", "furthermore", "greetings", "hello", "hi", "thanks")
	for w := range pronouns {
		m[w] = true
	}
	return m
}()

// leadingMarkers are discourse markers the tagger glues to the front of a
// name ("Thus Precision Policies"); not those that start names too
// ("Meanwhile Gardens", "Also Known As").
var leadingMarkers = set("thus", "hence", "however", "um", "uh", "er", "erm", "moreover", "furthermore")

// leadingJunk are link words scrapers glue to the front of a name ("Watch
// Elizabeth Warren").
var leadingJunk = set("watch", "read", "listen", "video", "photo", "photos", "see", "related")

// orgSuffixes end organisation names the tagger may call a place ("Yale
// University").
var orgSuffixes = set("university", "college", "institute", "institution", "company", "corp", "corp.",
	"inc", "inc.", "ltd", "ltd.", "plc", "party", "committee", "council", "ministry", "department",
	"agency", "bank", "association", "foundation", "commission", "airlines", "airways", "group", "fc",
	"society", "organisation", "organization", "authority", "charity", "orchestra", "trust", "fund",
	"network", "federation", "council", "league", "alliance", "coalition", "movement")

// edgeWords are lower-case words a tagger span may wrongly start or end
// with ("of Koszalin"); name particles such as "de" or "van" are not here.
var edgeWords = set("of", "the", "and", "for", "to", "in", "on", "at", "a", "an", "&", "or", "by", "with")

// naturalFeatures end place names the tagger may call a person or an
// organisation ("Java Sea", "Mekong River").
var naturalFeatures = set("sea", "ocean", "river", "lake", "mountains", "mountain", "mount", "island",
	"islands", "bay", "gulf", "strait", "straits", "peninsula", "valley", "desert", "canyon", "coast",
	"glacier", "volcano", "archipelago", "basin", "delta", "plateau", "reef", "channel", "falls")

// streetWords end street, square and district names the tagger may call a
// person ("Karl Marx Avenue", "Wayne County"; as organisations they are
// often clubs: "Notts County").
var streetWords = set("avenue", "street", "road", "boulevard", "square", "lane", "highway", "bridge",
	"prospekt", "platz", "strasse", "plaza", "park", "county", "province", "district", "prefecture",
	"oblast", "governorate", "municipality", "township", "parish", "borough")

// figureAbbrevs are the abbreviated common nouns of financial tables and
// market reports, which wire services write capitalised at the start of a
// row ("Shr 1.20 dlrs vs 1.05", "Nine mths", "Revs 43.6 mln vs 41.2 mln",
// "Prev Wk"): they name no one, and a name the tagger runs over them
// ("N.Z. Dlrs", "Prev Wk USSR") is the rest of the span. A word in capitals
// may be an acronym ("CTS Corp", "VS"), so only mixed and lower case count.
var figureAbbrevs = set("shr", "shrs", "mths", "mth", "qtr", "qtrs", "qtly", "revs", "avg", "oper",
	"dlrs", "dlr", "cts", "mln", "bln", "pct", "yr", "yrs", "wk", "wks", "prev", "vs", "vs.")

// periodWords count or order the periods of a financial table's rows
// ("Nine mths", "First qtr", "Year"): with a figure abbreviation, they are
// part of the row label.
var periodWords = set("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
	"eleven", "twelve", "first", "second", "third", "fourth", "year", "half", "full", "latest")

// portfolios are the fields of government a minister or secretary holds
// ("Finance Minister", "Commerce Secretary"). Those that also name a body
// or a party by themselves ("the Treasury", "Labour") are not here.
var portfolios = set("finance", "foreign", "defence", "defense", "interior", "justice", "health", "trade",
	"commerce", "economy", "economic", "energy", "education", "environment", "transport", "transportation",
	"agriculture", "culture", "information", "communications", "industry", "housing", "employment",
	"immigration", "tourism", "sports", "welfare", "development", "planning", "budget", "oil", "petroleum",
	"mines", "mining", "fisheries", "telecommunications", "finances")

// sourceNouns are lower-case nouns for a poll or the people who report,
// that a source's name modifies ("a Reuter survey", "a Harris
// poll", "Reuter correspondents"): see sourceNames.
var sourceNouns = set("survey", "surveys", "poll", "polls", "correspondent", "correspondents", "reporter",
	"reporters", "interview", "questions", "estimates", "calculations", "tally")

// reportNouns name one report, which may be named after a person ("the
// Hutton inquiry"): a source's name only after "a" ("a Reuter report").
var reportNouns = set("report", "inquiry", "enquiry", "study", "analysis")

// kinshipNouns introduce a person as somebody's relative ("his wife
// Hillary Clinton", "Trump's niece, Mary Trump"): see relatives.
var kinshipNouns = set("wife", "husband", "son", "sons", "daughter", "daughters", "father", "mother",
	"brother", "brothers", "sister", "sisters", "uncle", "aunt", "nephew", "niece", "cousin", "grandson",
	"granddaughter", "grandfather", "grandmother", "widow", "widower", "stepson", "stepdaughter",
	"stepfather", "stepmother", "son-in-law", "daughter-in-law", "father-in-law", "mother-in-law",
	"brother-in-law", "sister-in-law", "fiancee", "fiancée", "fiance", "fiancé", "girlfriend", "boyfriend",
	"twin", "parents", "children", "siblings", "spouse")

// employerPrepositions and employeeNouns place a name as somebody's
// employer ("Paul McCulley of E.F. Hutton", "an analyst with James
// Capel"): see firmNames.
var (
	employerPrepositions = set("of", "with", "at")
	employeeNouns        = set("analyst", "analysts", "economist", "economists", "strategist", "strategists",
		"broker", "brokers", "brokerage", "dealer", "dealers", "trader", "traders", "stockbrokers",
		"underwriters", "banker", "bankers")
)

// commonAcronyms are acronyms of common nouns (personal computer, gross
// national product, certificate of deposit, ...) that the tagger reads as
// organisations; alone they name none. Broadcasters' "TV" is left out:
// "state TV said" names a source.
var commonAcronyms = set("pc", "pcs", "dvd", "dvds", "cd", "cds", "cd-rom", "cd-roms", "gnp", "gdp", "dna",
	"psbr", "cpi", "sms", "mp3", "gps", "atm", "atms", "suv", "suvs", "ipo", "ipos", "vat", "lcd", "hdtv",
	"usb", "url", "pdf", "wi-fi", "wifi", "dvr", "pda", "pdas", "rna", "ppi")
