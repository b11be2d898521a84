package quotes

import "strings"

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// determiners open a noun phrase.
var determiners = set("the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "these",
	"those", "another", "some", "many", "several", "most", "both", "one", "two", "three", "four", "five",
	"other", "each", "every", "any", "no", "few", "such", "all")

// subjectPronouns can be speakers on their own.
var subjectPronouns = set("he", "she", "they", "we", "i", "you", "it", "who", "which", "someone", "somebody", "several",
	"everyone", "nobody", "anyone", "others", "many", "some", "both", "none", "few", "most")

// relativePronouns refer back to the noun phrase before them.
var relativePronouns = set("who", "which", "that")

// objectWords are listeners after tell/ask/warn.
var objectWords = set("me", "him", "her", "us", "them", "you", "reporters", "journalists", "supporters",
	"voters", "lawmakers", "members", "viewers", "listeners", "students", "attendees", "audiences", "everyone",
	"people", "it", "interviewers", "host", "hosts", "crowd", "congress", "colleagues", "followers", "fans")

// auxAdverbs may stand between a speaker and the cue (has said, also said).
var auxAdverbs = set("has", "have", "had", "also", "then", "later", "previously", "recently", "repeatedly",
	"once", "would", "will", "could", "can", "might", "may", "should", "must", "did", "does", "do", "not",
	"never", "often", "again", "further", "reportedly", "publicly", "privately", "openly", "even", "just",
	"first", "already", "still", "only", "since", "now", "immediately", "earlier", "long", "always",
	"n't", "however", "is", "was", "were", "are", "been", "be", "had", "originally", "ultimately", "who", "simply")

// stopwords never belong to a speaker noun phrase.
var stopwords = set("and", "or", "but", "if", "when", "while", "as", "because", "that", "which", "who", "whom",
	"whose", "what", "where", "how", "why", "in", "on", "at", "to", "from", "by", "with", "about", "after",
	"before", "into", "over", "than", "then", "so", "not", "is", "was", "are", "were", "be", "been", "has",
	"have", "had", "will", "would", "can", "could", "should", "may", "might", "must", "do", "does", "did",
	"also", "there", "here", "it", "i", "he", "she", "we", "they", "you", "him", "them", "me", "us", "said",
	"says", "yet", "still", "just", "even", "only", "during", "since", "until", "though", "although", "like",
	"unlike", "whether", "for", "of", "out", "up", "down", "off", "against", "among", "between", "through",
	"without", "within", "upon", "under", "around", "very", "too", "more", "less", "much", "however", "now",
	"being", "having", "once", "where", "why", "this", "these", "those", "not", "no", "yes", "well", "all",
	"last", "next", "ago", "later", "earlier", "today", "yesterday", "tonight", "monday", "tuesday",
	"wednesday", "thursday", "friday", "saturday", "sunday", "meanwhile", "instead", "indeed", "perhaps",
	"maybe", "already", "often", "never", "always", "again", "either", "neither", "nor", "both")

// npConnectors may join the words of a name or title (Secretary of State, spokesman for).
var npConnectors = set("of", "for", "and", "de", "del", "la", "van", "von", "der", "al", "bin", "da", "du", "at", "&")

// timeWords are adjuncts after a cue before the reported clause (said Tuesday that …).
var timeWords = set("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
	"yesterday", "tonight", "morning", "afternoon", "evening", "night", "last", "this", "week", "month",
	"year", "earlier", "later", "recently", "again", "previously", "also", "repeatedly", "then", "now",
	"once", "publicly", "privately", "flatly", "on", "weekend")

// badContentStart: a cue followed by these words does not report a clause
// (said to be, told of, asked for).
var badContentStart = set("to", "by", "of", "about", "with", "for", "and", "but", "or", "so", "as", "goodbye",
	"nothing", "yes", "no", "thanks", "hello", "sorry", "amen", "up", "out", "off", "in", "on", "at", "from",
	"into", "after", "before", "during", "than", "is", "was", "are", "were")

// clauseStart words open a reported clause for cues that need one.
var clauseStart = set("that", "whether", "if", "how", "what", "why", "when", "where", "who", "he", "she",
	"they", "we", "i", "you", "it", "there", "this", "these", "those", "the", "his", "her", "their", "its",
	"our", "a", "an")

// roleNouns are bare plural speakers (officials said, experts say).
var roleNouns = set("officials", "experts", "critics", "analysts", "aides", "sources", "advisers", "advisors",
	"supporters", "people", "voters", "economists", "lawmakers", "democrats", "republicans", "investigators",
	"prosecutors", "police", "authorities", "researchers", "scientists", "observers", "strategists",
	"organizers", "witnesses", "residents", "leaders", "diplomats", "insiders", "activists", "polls",
	"reports", "documents", "records", "data", "studies", "surveys", "pollsters", "opponents", "allies",
	"members", "sources", "spokesmen", "spokespeople", "staffers", "delegates", "donors", "conservatives",
	"liberals", "progressives", "democrats", "americans", "fans", "users", "many", "others", "some", "percent")

func isPossessive(t tok) bool {
	l := t.lower
	return t.kind == tkWord && (strings.HasSuffix(l, "'s") || strings.HasSuffix(l, "’s")) && len(l) > 2
}

// trimPossessive returns w without a final "'s", then without a final
// "’s" ("Lawson's" -> "Lawson").
func trimPossessive(w string) string {
	return strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
}

// isAdverb is a crude test for manner adverbs (quickly, flatly).
func isAdverb(l string) bool {
	return len(l) > 4 && strings.HasSuffix(l, "ly") && !strings.HasSuffix(l, "ply") && l != "family" && l != "italy" && l != "rally" && l != "ally" && l != "early"
}

// beForms make a following participle passive (was asked, were told).
var beForms = set("is", "was", "were", "are", "been", "be", "being")

// nounCues are cue lemmas whose base and -s forms are also nouns (a
// private email, his opening remarks, the seven states).
var nounCues = set("email", "e-mail", "text", "blog", "post", "tweet", "report", "remark", "show", "answer",
	"call", "chant", "state", "claim", "promise", "fear", "hope", "doubt", "estimate", "signal", "guess",
	"charge", "counter", "joke", "quip", "note", "notice", "pledge", "vow", "figure", "find", "demand",
	"label", "brand", "term", "blast", "slam", "mock", "praise", "read", "worry", "reply", "recall",
	"caution", "stress", "muse", "wonder", "scream", "shout", "yell", "whisper", "boast", "brag", "retort",
	"respond", "plead", "insinuate", "dub", "comment", "warn", "tout", "lament", "concern", "question")

// speakerNouns are singular common nouns that can be the subject of a
// cue (the senator notes, the report states); besides these, agent
// suffixes (-er, -or, -ist, -man) mark a speaker noun.
var speakerNouns = set("official", "aide", "source", "spokesperson", "candidate", "nominee", "president",
	"senator", "governor", "mayor", "secretary", "minister", "chairman", "chairwoman", "spokesman",
	"spokeswoman", "report", "study", "survey", "poll", "letter", "statement", "memo", "document", "analysis",
	"release", "ad", "video", "post", "tweet", "website", "book", "article", "story", "editorial", "complaint",
	"lawsuit", "filing", "order", "ruling", "decision", "indictment", "bill", "law", "resolution", "plan",
	"proposal", "campaign", "agency", "company", "ministry", "department", "newspaper", "group",
	"organization", "organisation", "committee", "firm", "network", "paper", "office", "administration",
	"council", "party", "government", "bank", "union", "association", "foundation", "institute",
	"commission", "board", "corporation", "court", "team", "station", "magazine", "outlet", "publication",
	"service", "bureau", "club", "university", "center", "centre", "judge", "justice", "general", "pope",
	"king", "queen", "prince", "princess", "chief", "president-elect", "analyst", "expert", "critic", "adviser",
	"advisor", "economist", "lawmaker", "democrat", "republican", "candidate", "man", "woman", "friend",
	"host", "anchor", "attorney", "lawyer", "prosecutor", "police", "sheriff", "officer", "director",
	"student", "resident", "voter", "activist", "leader", "member", "rival", "opponent", "ally", "pundit",
	"columnist", "editor", "author", "nominee", "incumbent", "challenger", "veteran", "mother", "father",
	"wife", "husband", "son", "daughter", "sister", "brother", "pastor", "bishop", "cardinal", "clinic",
	"hospital", "school", "church", "military", "army", "navy", "pentagon", "spokesperson", "data", "index",
	"poll", "count", "tally", "audit", "review", "investigation", "inquiry", "probe", "panel", "jury", "media",
	"press", "public", "electorate", "country", "nation", "state", "city", "county", "town", "world", "it")

// nounLike reports whether the lowercase word w can head a speaker noun
// phrase.
func nounLike(w string) bool {
	if speakerNouns[w] || roleNouns[w] || subjectPronouns[w] {
		return true
	}
	for _, suf := range []string{"er", "or", "ist", "man", "woman", "ian", "ee", "ent", "ant", "ive", "s"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
			return true
		}
	}
	return false
}

// documentNouns are things that carry words but do not speak in the
// subject position of a participle ("a statement saying").
var documentNouns = set("statement", "letter", "memo", "report", "reports", "email", "e-mail", "post", "tweet",
	"ad", "video", "release", "note", "sign", "signs", "banner", "banners", "message", "messages", "data",
	"documents", "records", "polls", "studies", "surveys")

// notContinuation words after ", Smith said," start an adjunct of the
// attribution, not the rest of the reported sentence.
var notContinuation = set("according", "in", "on", "at", "during", "after", "before", "while", "when", "as",
	"to", "from", "with", "without", "since", "referring", "who", "which", "where", "citing",
	"adding", "noting", "or", "then", "per", "via", "by", "of", "for", "than", "until", "told",
	"said", "says")

// verbSignal words after a noun-or-verb cue make it a verb ("the poll
// shows that", "the agency says they").
var verbSignal = set("that", "he", "she", "they", "we", "i", "you", "there", "it")

// afterInverted words may follow the speaker of an inverted attribution
// ("said Smith in a statement", "said Smith, who …").
var afterInverted = set("in", "on", "at", "during", "after", "before", "to", "of", "for", "with", "from",
	"about", "via", "when", "while", "who", "as", "according", "adding", "noting", "referring", "speaking",
	"told", "recently", "last", "this", "earlier", "later", "and", "but", "through", "outside", "inside",
	"near", "by", "over", "under", "since", "following", "upon", "among", "without", "amid", "because",
	"although", "though", "if", "where", "whose", "which", "then", "afterward", "afterwards", "again")

// clauseVerbs after a noun phrase make it the subject of a clause, not an
// inverted speaker ("…, said his boss was kind").
var clauseVerbs = set("is", "was", "are", "were", "has", "have", "had", "will", "would", "can", "could",
	"should", "may", "might", "must", "does", "did", "do", "shall", "wants", "wanted", "needs", "needed")

// coordinators open a coordinated clause after a comma.
var coordinators = set("and", "but", "while", "although", "though", "yet", "whereas")

// notSpeakerLabels open a "Label: text" line that is not speech.
var notSpeakerLabels = set("note", "update", "updated", "editor", "editors", "correction", "photo", "photos",
	"source", "sources", "related", "read", "watch", "video", "follow", "sign", "share", "q", "question",
	"caption", "credit", "image", "contact", "email", "tags", "filed", "posted", "by", "see", "also", "more",
	"click", "subscribe", "advertisement", "listen", "warning", "disclosure", "disclaimer", "location",
	"date", "time", "when", "where", "what", "who", "why", "how", "price", "cost", "tickets", "info",
	"information", "background", "context", "bottom", "result", "results", "verdict", "the", "a", "an",
	"this", "here", "there", "in", "on", "at", "for", "from", "to", "with", "but", "and", "so", "yes", "no",
	"step", "part", "chapter", "section", "figure", "table", "map", "chart", "graphic", "opinion", "analysis",
	"breaking", "exclusive", "live", "transcript", "i", "we", "it", "p.s", "ps", "contributing", "reporting",
	"writing", "additional", "editing", "produced", "copyright", "rights", "via", "h/t", "hat", "tip")

// subordinators open a fronted adverbial clause ("While she says …, she …").
var subordinators = set("while", "although", "though", "even", "if", "when", "because", "since", "unless",
	"whereas", "after", "before", "as", "once", "whether")

// concessives open a fronted clause that is never the reported content of
// the cue after it ("Even though it is legal, the women say …").
var concessives = set("although", "though", "even", "whereas", "despite")

// weekdays may stand between a speaker and the cue ("Gowdy earlier
// Thursday said", "Smith on Monday said").
var weekdays = set("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
	"yesterday", "tonight")

// participlePreps before a participle cue leave its subject to the clause
// ("She followed that by saying, “…”", "while insisting that …").
var participlePreps = set("by", "while", "after", "before", "when", "without", "in")

// frontedClauses open an adverbial clause before the speaker that is not
// what the speaker says ("After he gave her an answer, she said he had
// her vote").
var frontedClauses = set("after", "before", "once", "because", "since", "unless", "until", "ever")

// quantifierPronouns stand alone as speakers ("Another tweeted, …", "…,”
// said one of the witnesses", "Some say …").
var quantifierPronouns = set("another", "one", "others", "some", "many", "several", "both", "few", "most", "each")

// groupNouns are plural common nouns for a generic group of people or
// documents ("traders", "economists", "polls") beyond roleNouns and the
// plurals of speakerNouns (isGroupNoun).
var groupNouns = set("traders", "dealers", "bankers", "brokers", "investors", "executives", "producers",
	"exporters", "importers", "farmers", "growers", "workers", "employees", "doctors", "teachers", "students",
	"parents", "protesters", "protestors", "demonstrators", "rebels", "militants", "troops", "soldiers",
	"ministers", "participants", "shareholders", "creditors", "lenders", "manufacturers", "refiners",
	"operators", "buyers", "sellers", "consumers", "retailers", "shippers", "engineers", "lawyers",
	"attorneys", "judges", "commentators", "pundits", "figures", "statistics", "estimates", "forecasts",
	"campaigners", "environmentalists", "unions", "officers", "negotiators", "planners", "regulators",
	"specialists", "chartists", "insurers", "underwriters", "managers", "industrialists", "businessmen",
	"businesspeople", "citizens", "villagers", "locals", "neighbours", "neighbors", "relatives", "families",
	"survivors", "victims", "passengers", "players", "coaches", "historians", "academics", "physicians",
	"nurses", "scholars", "commentators", "forecasters", "polls", "surveys", "studies", "reports", "sources")

// properGroups are plural group names that are capitalised wherever they
// stand (parties and nations), so they name their group as a speaker.
var properGroups = set("democrats", "republicans", "americans", "conservatives", "liberals", "progressives",
	"tories")

// isGroupNoun reports whether the lower-case word w is a plural common
// noun for a generic group ("analysts", "officials", "polls", "companies"):
// the speaker it heads has no canonical name, capitalised or not.
func isGroupNoun(w string) bool {
	if properGroups[w] {
		return false
	}
	if roleNouns[w] || groupNouns[w] {
		return true
	}
	if len(w) < 5 || w[len(w)-1] != 's' {
		return false
	}
	if strings.HasSuffix(w, "ies") && speakerNouns[w[:len(w)-3]+"y"] {
		return true // "agencies", "companies"
	}
	return speakerNouns[w[:len(w)-1]] || strings.HasSuffix(w, "es") && speakerNouns[w[:len(w)-2]]
}
