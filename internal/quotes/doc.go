// Package quotes finds who said what in English news text: direct quotes in
// any common typography ("straight", “curly”, ‘single’, «guillemets», NYT-style
// doubled apostrophes as in ‹”quote”›), quotes running over several paragraphs or split by
// their attribution, mixed quotes (a reported clause with a quoted phrase),
// and reported speech introduced by a curated list of cue verbs (said, told,
// according to, warned, …, in every tense and as participles).
//
// Attributions are found in the forms news writing uses: the speaker before
// the cue ("Smith said (that) …", "Smith, a spokesman for …, said …",
// "Smith, who said …"), after it ("…,” said Smith", "Said Smith, “…”"),
// around the content ("Biden, Rubio said, had been …", "X, according to Y,
// Z"), as a label ("Roger Stone: …"; a label in capitals only when it
// names a person or organisation, "TRUMP: …", "INSKEEP: …", not a fact
// list's field, "TARGET: …"), and shared by coordinated cues ("He
// called it “careless” and said …"). Questions put to someone ("Asked
// whether …, Johnson demurred"), poll findings ("In the latest
// Post-ABC poll, Clinton led …") and the writer's evidential judgements
// ("Sanders seemed to be of two minds": no source, the clause from its
// subject) are attributions too, as PolNeAR annotates them. A quotation-only paragraph right after
// an attribution continues that quote, as PolNeAR annotates it; one after
// other text is a separate quote that inherits the speaker.
//
// Beyond the curated verbs, a learned cue model (CueModel, trained by
// Train from PolNeAR's annotations and embedded from data/models) adds the
// attributions PolNeAR counts that are not speech: beliefs, intentions,
// stances and refusals ("endorsed Clinton", "declined to comment",
// "accused him of …", "is expected to …"). It scores a word by how often
// it headed an annotated cue next to the same kinds of neighbouring
// tokens (a form too rare to have counts of its own, "acknowledges", takes
// those of its stem); the content is the rest of the clause after it, or the clause
// from its subject for words whose content the annotators began before
// them.
//
// The light verbs "make" and "push" are cues only with an object of words
// or stance ("made clear", "made the case", "pushed for", "pushing the
// idea"), not for deeds ("made a surprise visit", "must not be pushed to
// the main page").
//
// Stance nouns with a possessive holder ("the governor's attacks on the
// mayor", "the union's endorsement of her campaign") and verbs of saying
// with their topic ("warned of a recession", "did not respond to requests
// for comment") are attributions as well.
//
// The speaker of a cue is the subject of its clause, found past what may
// stand before it: a dateline ("ORLANDO, Fla. (Reuters) - …"), a fronted
// adverbial that ends with a place ("At a rally in Beaumont, Tex., …"), an
// insertion ("Schilling, through a spokeswoman, declined"), a floating
// quantifier ("who have both endorsed"), or a participial adverbial
// ("After announcing his run, Hale said …": the participle reports the
// adverbial, Hale speaks both). A name in apposition to a common noun
// names the speaker ("The head of the union, Maria Lopez, said"), and a
// capitalised modifier before a role noun is no speaker of its own: the
// name after it speaks ("Israeli industry minister Ehud Olmert was
// reported …"), or the group ("Israeli officials were …").
// Coordinated cues share the subject of the nearest clause, and a verb
// coordinated inside a reported clause with its own subject and auxiliary
// stays in it ("said he has not held dinners and never called a donor").
// A short adjunct after a cue or fronted before its speaker ("reported in
// 2014", "In court documents, the counsel asked …") is not content.
//
// Each quote gets its cue, the speaker mention nearest to it (a name, a
// title, a role noun or a pronoun) and a canonical speaker resolved against
// the article's entities: pronouns by gender, preferring the speaker of the
// previous attribution, then the nearest compatible mention; "it" likewise
// to an organisation and "the agency" to the last organisation; relative
// pronouns to the noun phrase they follow (the mention is the pronoun);
// surnames to full names. A generic group ("analysts said", "Officials
// say", "Polls show") and one unnamed member of a group ("one Republican",
// "a senior Democrat", "an American") have no canonical speaker whether a sentence start
// capitalises it or not; the quote keeps its mention. A capitalised head
// noun alone ("The Commission said", "the Bank") names the organisation
// with that word mentioned before it, else nobody; a place right after an
// organisation ends its name ("Socialist Party USA"); and a speaker that
// starts a line of text wrapped at a fixed width inside a sentence
// rejoins the name the line break cut ("The Federal National
// Mortgage\nAssociation said"). Scare quotes
// (quoted terms with no cue) are not speech and are not returned, nor are
// titles of works and programmes ("on Fox News Channel’s “Hannity,”", "the
// reality show “The Apprentice”") or names given by a naming participle
// ("a group called the “We The People Foundation”"). A reported clause
// ends before a cue that brings content of its own (", noting that …",
// "… but added, “…”").
//
// The labels of web page parts a scraper kept in the text ("Story
// highlights", "Media caption", "JUST WATCHED … Replay More Videos")
// stand apart from the article's sentences: no speaker, cue or content.
//
// A newline ends a paragraph unless it only wraps text written at a fixed
// width (wire copy: every line at most 100 code points, paragraphs opened
// by an indented line): then the sentence and its reported clause go on
// over it ("…said it may\ndowngrade its rating …").
//
// Offsets are code-point offsets into the text, end exclusive. A direct
// quote covers the text inside the quotation marks, from the first opening
// mark to the last closing one when an attribution clause splits it; its
// Text then joins the quoted fragments with single spaces. Indirect and mixed
// quotes cover the reported clause ("that" included, final period excluded),
// as the PolNeAR corpus annotates them. Mixed quotes have kind "direct".
//
// The rules were tuned and the cue model trained on the PolNeAR dev split;
// internal/quotes/eval scores them the way shared/eval/score_quotes.py
// does, and CrossValidate gives the honest, document-level k-fold figure.
package quotes
