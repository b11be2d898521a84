// Package quotes finds who said what in English news text: direct quotes in
// any common typography ("straight", “curly”, ‘single’, «guillemets», NYT-style
// doubled apostrophes as in ‹”quote”›), quotes running over several paragraphs or split by
// their attribution, mixed quotes (a reported clause with a quoted phrase),
// and reported speech introduced by a curated list of cue verbs (said, told,
// according to, warned, …, in every tense and as participles).
//
// Each quote gets its cue, the speaker mention nearest to it (a name, a
// title, a role noun or a pronoun) and a canonical speaker resolved against
// the article's entities: pronouns by gender and recency, "it" and "the
// agency" to the last organisation, surnames to full names. Quotation-only
// paragraphs without a cue continue the previous speaker. Scare quotes
// (quoted terms with no cue) are not speech and are not returned.
//
// Offsets are code-point offsets into the text, end exclusive. A direct
// quote covers the text inside the quotation marks, from the first opening
// mark to the last closing one when an attribution clause splits it; its
// Text then joins the quoted fragments with single spaces. Indirect and mixed
// quotes cover the reported clause ("that" included, final period excluded),
// as the PolNeAR corpus annotates them. Mixed quotes have kind "direct".
//
// The rules were tuned on the PolNeAR dev split; internal/quotes/eval scores
// them the way shared/eval/score_quotes.py does.
package quotes
