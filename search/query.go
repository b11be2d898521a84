package search

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
	vregexp "github.com/blevesearch/vellum/regexp"
	"github.com/newsfind/newsfind/schema"
)

// maxFuzziness is bleve's limit on edit distance (searcher.MaxFuzziness);
// checked here so "word~5" is the client's error, not a server failure.
const maxFuzziness = 2

// asciiQuotes turns the typographic double quotation marks that text
// copied from articles and word processors carries (“…”, „…“, «…», ＂…＂)
// into the ASCII '"' of the query syntax, so a pasted phrase is searched as
// a phrase instead of as words with the marks glued to them.
var asciiQuotes = strings.NewReplacer("“", `"`, "”", `"`, "„", `"`, "‟", `"`, "«", `"`, "»", `"`, "＂", `"`)

// parseQueryString parses q in bleve query-string syntax, plus the
// operators OR and AND between bare terms (booleanWords). Leaves without a
// field get defaultField ("" keeps bleve's default, _all = title+body).
// "" and "*" match everything. With allTerms, bare terms are required (AND)
// instead of optional (OR). Errors are *RequestError for param.
func parseQueryString(param, q, defaultField string, allTerms bool) (query.Query, error) {
	fields := articleQueryFields
	if defaultField == schema.FieldQuoteText {
		fields = quoteQueryFields
	}
	return parseQuery(param, q, defaultField, allTerms, fields)
}

// parseQuery is parseQueryString for a query whose field:term leaves may
// name fields.
func parseQuery(param, q, defaultField string, allTerms bool, fields map[string]bool) (query.Query, error) {
	q = strings.TrimSpace(asciiQuotes.Replace(q))
	if q == "" || q == "*" {
		return bleve.NewMatchAllQuery(), nil
	}
	if len(q) > MaxQueryLen {
		return nil, reqErr(param, "longer than %d bytes (%d)", MaxQueryLen, len(q))
	}
	toks := quoteOtherNumbers(scanQuery(q))
	if d := nesting(toks); d > MaxQueryNesting {
		return nil, reqErr(param, "nested %d parentheses deep, over the limit of %d", d, MaxQueryNesting)
	}
	return parseTokens(param, toks, defaultField, allTerms, fields)
}

// parseTokens parses a query, or the inside of a group, scanned into toks
// (trimmed of white space, not empty). Groups are parsed from their own
// tokens: the query is scanned once.
func parseTokens(param string, toks []token, defaultField string, allTerms bool, fields map[string]bool) (query.Query, error) {
	if len(toks) == 1 && toks[0].kind == tokText && toks[0].text == "*" {
		return bleve.NewMatchAllQuery(), nil
	}
	q, groups, err := splitGroups(param, toks)
	if err != nil {
		return nil, err
	}
	parsed, err := query.NewQueryStringQuery(q).Parse()
	if err != nil {
		msg := strings.TrimPrefix(oneLine(err.Error()), "parse error: ")
		if msg == "syntax error" || strings.Contains(msg, "runtime error") { // a recovered panic of bleve's parser
			return nil, reqErr(param, "invalid query syntax")
		}
		return nil, reqErr(param, "invalid query syntax: %s", msg)
	}
	if b, ok := parsed.(*query.BooleanQuery); ok {
		booleanWords(b, allTerms)
	}
	q2, err := rewriteLeaves(parsed, func(leaf query.Query) (query.Query, error) {
		if g, ok := groupOf(leaf, groups); ok {
			if err := checkField(param, leaf, "(…)", fields); err != nil {
				return nil, err
			}
			return parseGroup(param, g, leaf, defaultField, allTerms, fields)
		}
		if aq, ok, err := articleIDLeaf(param, leaf, defaultField, fields); ok || err != nil {
			return aq, err
		}
		if err := checkField(param, leaf, "", fields); err != nil {
			return nil, err
		}
		if err := checkLeaf(param, leaf); err != nil {
			return nil, err
		}
		foldTerm(leaf)
		if f, ok := leaf.(query.FieldableQuery); ok && f.Field() == "" {
			if defaultField != "" {
				f.SetField(defaultField)
			} else {
				return overTextFields(leaf), nil
			}
		}
		// Keyword fields have no term positions, so a phrase on one
		// (speaker:"Josh Earnest") would never match: it is one exact term.
		if ph, ok := leaf.(*query.MatchPhraseQuery); ok && keywordFields[ph.FieldVal] {
			t := bleve.NewTermQuery(ph.MatchPhrase)
			t.SetField(ph.FieldVal)
			t.BoostVal = ph.BoostVal
			return t, nil
		}
		return leaf, nil
	})
	if err != nil {
		return nil, err
	}
	return lone(exactPhrases(q2)), nil
}

// lone returns the only clause of a query-string boolean that has nothing
// but one optional clause (a bare word parses as such a boolean around
// its title-or-body disjunction), recursively. bleve searches it as a
// disjunction of one, which matches and scores as its clause (coordination
// 1/1) but costs a wrapper call and a score pass per hit: about a tenth of
// a keyword search's CPU, and it kept bleve from searching the counting
// passes' (unscored) words as one posting bitmap.
func lone(q query.Query) query.Query {
	b, ok := q.(*query.BooleanQuery)
	if !ok || b.Must != nil || b.MustNot != nil || b.Filter != nil || (b.BoostVal != nil && *b.BoostVal != 1) {
		return q
	}
	d, ok := b.Should.(*query.DisjunctionQuery)
	if !ok || len(d.Disjuncts) != 1 || d.Min > 1 || (d.BoostVal != nil && *d.BoostVal != 1) {
		return q
	}
	return lone(d.Disjuncts[0])
}

// groupOf returns the tokens of the group a stand-in leaf stands for.
func groupOf(leaf query.Query, groups [][]token) ([]token, bool) {
	m, ok := leaf.(*query.MatchQuery)
	if !ok || len(groups) == 0 || !strings.HasPrefix(m.Match, groupWord) || !strings.HasSuffix(m.Match, "x") {
		return nil, false
	}
	i, err := strconv.Atoi(m.Match[len(groupWord) : len(m.Match)-1])
	if err != nil || i < 0 || i >= len(groups) {
		return nil, false
	}
	return groups[i], true
}

// parseGroup parses the tokens of a group whose stand-in is leaf: a field
// before the group ("title:(a b)") is the default field of its words, a
// boost after it ("(a b)^2") boosts the group.
func parseGroup(param string, toks []token, leaf query.Query, defaultField string, allTerms bool, fields map[string]bool) (query.Query, error) {
	m := leaf.(*query.MatchQuery)
	if m.Fuzziness != 0 || m.Prefix != 0 {
		return nil, reqErr(param, "a parenthesised group cannot be fuzzy (~)")
	}
	if m.FieldVal != "" {
		defaultField = m.FieldVal
	}
	g, err := parseTokens(param, toks, defaultField, allTerms, fields)
	if err != nil {
		return nil, err
	}
	if m.BoostVal != nil {
		if b, ok := g.(query.BoostableQuery); ok {
			b.SetBoost(m.BoostVal.Value())
		}
	}
	return g, nil
}

// booleanWords applies the upper-case operators OR, AND and NOT to the bare
// terms and phrases of b (its Should clauses, in query order), as web
// search engines and Elasticsearch's query_string read them. bleve's syntax
// has neither: it takes them for the words "or" and "and", stop words that
// match nothing, so "sanctions OR tariffs" in an all-terms query (said=)
// found only quotes with both words, and "oil AND gas" in q found either.
// OR binds tighter than AND and than the space between terms: OR joins its
// neighbours into one group that matches when any member does; AND makes
// the groups on both sides required. NOT excludes the one term or phrase
// after it, like a -clause ("oil NOT gas" had matched "oil gas": "not" is
// a stop word). With allTerms every group is
// required; without, groups not joined by AND stay optional (they rank).
// An operator with no term on one side (first, last, or next to a +/-
// clause, whose position bleve does not keep) is ignored; a query of
// operators only is left as it is.
func booleanWords(b *query.BooleanQuery, allTerms bool) {
	d, ok := b.Should.(*query.DisjunctionQuery)
	if !ok || len(d.Disjuncts) == 0 {
		return
	}
	type group struct {
		terms    []query.Query
		required bool
	}
	var groups []*group
	var negated []query.Query
	var or, and, not bool // operators seen since the last term
	lastNegated := false  // the last term followed NOT: an OR after it has no left side
	for _, q := range d.Disjuncts {
		switch operatorWord(q) {
		case "OR":
			or = len(groups) > 0 && !lastNegated
			continue
		case "AND":
			and = len(groups) > 0
			continue
		case "NOT":
			not = true
			continue
		}
		switch {
		case not:
			negated = append(negated, q)
			if and {
				groups[len(groups)-1].required = true
			}
			or, and, not, lastNegated = false, false, false, true
			continue
		case or:
			last := groups[len(groups)-1]
			last.terms = append(last.terms, q)
			last.required = last.required || and
		case and:
			groups[len(groups)-1].required = true
			groups = append(groups, &group{terms: []query.Query{q}, required: true})
		default:
			groups = append(groups, &group{terms: []query.Query{q}})
		}
		or, and, lastNegated = false, false, false
	}
	if len(groups) == 0 && len(negated) == 0 {
		return
	}
	for _, q := range negated {
		b.AddMustNot(q)
	}
	var optional []query.Query
	for _, g := range groups {
		switch {
		case !g.required && !allTerms:
			optional = append(optional, g.terms...)
		case len(g.terms) == 1:
			b.AddMust(g.terms[0])
		default:
			b.AddMust(anyOf(g.terms))
		}
	}
	if len(optional) == 0 {
		b.Should = nil
		return
	}
	d.Disjuncts = optional
}

// operatorWord returns "OR", "AND" or "NOT" when q is that bare upper-case word
// (no field, boost, fuzziness or prefix), else "".
func operatorWord(q query.Query) string {
	m, ok := q.(*query.MatchQuery)
	if !ok || m.FieldVal != "" || m.BoostVal != nil || m.Fuzziness != 0 || m.Prefix != 0 {
		return ""
	}
	if m.Match == "OR" || m.Match == "AND" || m.Match == "NOT" {
		return m.Match
	}
	return ""
}

// textFields are what an un-fielded word of an article query searches. The
// mapping has no _all field (it would index title and body a second time):
// the word becomes a disjunction over these fields instead.
var textFields = []string{schema.FieldTitle, schema.FieldBody}

// overTextFields turns a leaf without a field into the same leaf on each
// text field, ORed. Leaves of a kind not listed search the body only.
func overTextFields(leaf query.Query) query.Query {
	copies := make([]query.Query, 0, len(textFields))
	for _, field := range textFields {
		c, ok := cloneLeaf(leaf)
		if !ok {
			if f, ok := leaf.(query.FieldableQuery); ok {
				f.SetField(schema.FieldBody)
			}
			return leaf
		}
		c.SetField(field)
		copies = append(copies, c)
	}
	return anyOf(copies)
}

// anyOf matches what any of qs matches, in query-string mode: when every
// one of qs matches nothing (stop words: "the" on title and body), so does
// anyOf, and a query-string conjunction skips it as it skips a bare stop
// word, instead of requiring a disjunction that can never match ("obama
// AND the climate" found nothing). Otherwise it searches as a disjunction.
func anyOf(qs []query.Query) query.Query {
	return query.NewBooleanQueryForQueryString(nil, qs, nil)
}

// cloneLeaf copies the fieldable leaf kinds the query-string parser makes.
func cloneLeaf(leaf query.Query) (query.FieldableQuery, bool) {
	switch q := leaf.(type) {
	case *query.MatchQuery:
		return clone(q), true
	case *query.MatchPhraseQuery:
		return clone(q), true
	case *query.TermQuery:
		return clone(q), true
	case *query.PrefixQuery:
		return clone(q), true
	case *query.FuzzyQuery:
		return clone(q), true
	case *query.RegexpQuery:
		return clone(q), true
	case *query.WildcardQuery:
		return clone(q), true
	}
	return nil, false
}

// clone is a shallow copy: only the field of the copy is changed afterwards.
func clone[T any, P interface {
	*T
	query.FieldableQuery
}](q P) query.FieldableQuery {
	v := *q
	return P(&v)
}

// articleQueryFields and quoteQueryFields are the fields a field:term of
// an article query (q) and of a quote query (quote q, said=) may name: the
// indexed fields of the two mappings, but the geo cells: their terms are
// binary grid cells that near= builds.
var articleQueryFields, quoteQueryFields = indexedFields(schema.NewArticleMapping()), quoteFields()

// quoteFields are the fields of quote queries: the quote mapping's and
// article_id, which articleIDLeaf turns into articleQuotes.
func quoteFields() map[string]bool {
	f := indexedFields(schema.NewQuoteMapping())
	f[schema.FieldArticleID] = true
	return f
}

// articleQuotes matches the quote documents of an article. They have no
// article id field (schema.NewQuoteMapping): it matches their ids, which
// sit side by side in the id dictionary (articleQuotesQuery).
func articleQuotes(articleID string) query.Query {
	return &articleQuotesQuery{ArticleID: articleID, Boost: 1}
}

// articleQuotesQuery is articleQuotes: the ids found in each segment's id
// dictionary from the article's prefix (schema.QuoteDocIDsIn), searched
// as a document id query by bleve's searchers, and as posting bitmaps by
// compileDocSet. (A regexp query on the ids cost a DFA state per byte of
// the id, about 20 ms for a 4 KB id.)
type articleQuotesQuery struct {
	ArticleID string
	Boost     float64
}

func (q *articleQuotesQuery) Searcher(ctx context.Context, ir index.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	snap, ok := scorchSnapshot(ir)
	if !ok {
		return nil, errNotScorch
	}
	var ids []string
	for _, ss := range snap.Segments() {
		d, err := ss.Segment().Dictionary(schema.FieldDocID)
		if err != nil {
			return nil, fmt.Errorf("quotes of %s: %w", q.ArticleID, err)
		}
		if d == nil {
			continue
		}
		found, err := schema.QuoteDocIDsIn(d, q.ArticleID)
		if err != nil {
			return nil, err
		}
		ids = append(ids, found...)
	}
	slices.Sort(ids)
	return searcher.NewDocIDSearcher(ctx, ir, slices.Compact(ids), q.Boost, opts)
}

// articleIDLeaf turns an article_id:X leaf of a quote query (fields has
// quote_text), or a word of an article_id:(…) group, into
// articleQuotes(X) (ok true). X is one exact id: a wildcard, regexp or
// fuzzy term on it is refused.
func articleIDLeaf(param string, leaf query.Query, defaultField string, fields map[string]bool) (q query.Query, ok bool, err error) {
	f, isField := leaf.(query.FieldableQuery)
	if !isField || !fields[schema.FieldQuoteText] {
		return nil, false, nil
	}
	field := f.Field()
	if field == "" {
		field = defaultField
	}
	if field != schema.FieldArticleID {
		return nil, false, nil
	}
	var id string
	switch l := leaf.(type) {
	case *query.MatchQuery:
		if l.Fuzziness != 0 {
			return nil, true, reqErr(param, `article_id takes one exact article id, not a fuzzy term (an id with "~" goes in quotes: article_id:"a~1")`)
		}
		id = l.Match
	case *query.MatchPhraseQuery:
		id = l.MatchPhrase
	case *query.TermQuery:
		id = l.Term
	default:
		return nil, true, reqErr(param, "article_id takes one exact article id, not a wildcard, regexp or range")
	}
	if !utf8.ValidString(id) {
		return nil, true, reqErr(param, "article_id:%s is not valid UTF-8", clip(id))
	}
	aq := &articleQuotesQuery{ArticleID: id, Boost: 1}
	if b, ok := leaf.(query.BoostableQuery); ok {
		aq.Boost = b.Boost()
	}
	return aq, true, nil
}

func indexedFields(m *mapping.IndexMappingImpl) map[string]bool {
	out := map[string]bool{}
	for name, p := range m.DefaultMapping.Properties {
		if name == schema.FieldGeoCells {
			continue
		}
		for _, f := range p.Fields {
			if f.Index {
				out[name] = true
			}
		}
	}
	return out
}

// checkField refuses a leaf on a field the index does not have: bleve
// searches it and finds nothing, so "author:smith" or "covid:19" (read as
// field "covid") answered an empty page with no hint. shown replaces the
// leaf's text in the message when set.
func checkField(param string, leaf query.Query, shown string, fields map[string]bool) error {
	f, ok := leaf.(query.FieldableQuery)
	if !ok || f.Field() == "" || fields[f.Field()] {
		return nil
	}
	if shown == "" {
		shown = leafText(leaf)
	}
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	slices.Sort(names)
	return reqErr(param, "unknown field %q in %s:%s (fields: %s; a colon inside a word needs quotes: \"covid:19\")",
		clip(f.Field()), clip(f.Field()), clip(shown), strings.Join(names, ", "))
}

// leafText is the text a query-string leaf was parsed from, as far as the
// leaf keeps it.
func leafText(leaf query.Query) string {
	switch q := leaf.(type) {
	case *query.MatchQuery:
		return q.Match
	case *query.MatchPhraseQuery:
		return `"` + q.MatchPhrase + `"`
	case *query.TermQuery:
		return q.Term
	case *query.PrefixQuery:
		return q.Prefix + "*"
	case *query.WildcardQuery:
		return q.Wildcard
	case *query.RegexpQuery:
		return "/" + q.Regexp + "/"
	case *query.FuzzyQuery:
		return q.Term + "~"
	}
	return "…"
}

// keywordFields are the fields indexed as one exact term.
var keywordFields = func() map[string]bool {
	out := map[string]bool{}
	for _, m := range []*mapping.IndexMappingImpl{schema.NewArticleMapping(), schema.NewQuoteMapping()} {
		for name := range m.DefaultMapping.Properties {
			if m.AnalyzerNameForPath(name) == keyword.Name {
				out[name] = true
			}
		}
	}
	return out
}()

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// rewriteLeaves replaces every non-compound query of q by fn's result.
func rewriteLeaves(q query.Query, fn func(query.Query) (query.Query, error)) (query.Query, error) {
	var err error
	each := func(qs []query.Query) error {
		for i := range qs {
			if qs[i], err = rewriteLeaves(qs[i], fn); err != nil {
				return err
			}
		}
		return nil
	}
	switch q := q.(type) {
	case nil:
		return nil, nil
	case *query.BooleanQuery:
		for _, sub := range []*query.Query{&q.Must, &q.Should, &q.MustNot, &q.Filter} {
			if *sub, err = rewriteLeaves(*sub, fn); err != nil {
				return nil, err
			}
		}
		return q, nil
	case *query.ConjunctionQuery:
		return q, each(q.Conjuncts)
	case *query.DisjunctionQuery:
		return q, each(q.Disjuncts)
	default:
		return fn(q)
	}
}

// foldTerm lower-cases and folds the diacritics of a prefix, wildcard or
// fuzzy term on a text field with the text analyzer's own table
// (schema.FoldWord): bleve does not analyse these terms, so "Erdo*" and
// "erdoğ*" found nothing where "erdo*" finds Erdoğan. Keyword fields
// keep the term as typed (speaker:Jo* is case-sensitive, as its values are);
// regexps too, whose classes ([A-Z]) folding would change.
func foldTerm(leaf query.Query) {
	f, ok := leaf.(query.FieldableQuery)
	if !ok || keywordFields[f.Field()] {
		return
	}
	switch q := leaf.(type) {
	case *query.PrefixQuery:
		q.Prefix = schema.FoldWord(q.Prefix)
	case *query.WildcardQuery:
		q.Wildcard = schema.FoldWord(q.Wildcard)
	case *query.FuzzyQuery:
		q.Term = schema.FoldWord(q.Term)
	}
}

// checkLeaf rejects what bleve would only reject while searching (and
// then as an anonymous server error): bad regexps, too much fuzziness,
// inverted ranges.
func checkLeaf(param string, q query.Query) error {
	switch q := q.(type) {
	case *query.RegexpQuery:
		if _, err := vregexp.New(strings.TrimPrefix(q.Regexp, "^")); err != nil { // as bleve's RegexpQuery
			return reqErr(param, "regular expression /%s/: %v", q.Regexp, err)
		}
	case *query.WildcardQuery:
		if _, err := vregexp.New(wildcardRegexp(q.Wildcard)); err != nil {
			return reqErr(param, "wildcard %q: %v", q.Wildcard, err)
		}
	case *query.MatchQuery:
		if q.Fuzziness < 0 || q.Fuzziness > maxFuzziness {
			return reqErr(param, "fuzziness of %q must be between 0 and %d, got %d", q.Match, maxFuzziness, q.Fuzziness)
		}
	case *query.FuzzyQuery:
		if q.Fuzziness < 0 || q.Fuzziness > maxFuzziness {
			return reqErr(param, "fuzziness of %q must be between 0 and %d, got %d", q.Term, maxFuzziness, q.Fuzziness)
		}
	}
	if b, ok := q.(query.BoostableQuery); ok {
		// bleve scores NaN with a boost of 0 or one whose square
		// overflows (^1e308), and JSON cannot carry NaN: the answer was a
		// server error. Elasticsearch refuses negative boosts too.
		if boost := b.Boost(); !(boost > 0 && boost <= maxBoost) {
			return reqErr(param, "boost ^%v: must be more than 0 and at most %v", boost, maxBoost)
		}
	}
	if v, ok := q.(query.ValidatableQuery); ok {
		if err := v.Validate(); err != nil {
			return reqErr(param, "%s", oneLine(err.Error()))
		}
	}
	return nil
}

// maxBoost bounds a query term's boost (word^2): far beyond any use, and
// far from where bleve's scores overflow.
const maxBoost = 1e6

// wildcardRegexp mirrors bleve's wildcard-to-regexp translation.
func wildcardRegexp(w string) string {
	var b strings.Builder
	for _, r := range w {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		case '.', '+', '(', ')', '|', '[', ']', '{', '}', '^', '$', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// termsFilter is field = v1 OR v2 OR ... on a keyword field (exact values).
func termsFilter(field string, values []string) query.Query {
	if len(values) == 1 {
		q := bleve.NewTermQuery(values[0])
		q.SetField(field)
		return q
	}
	ds := make([]query.Query, len(values))
	for i, v := range values {
		t := bleve.NewTermQuery(v)
		t.SetField(field)
		ds[i] = t
	}
	return bleve.NewDisjunctionQuery(ds...)
}

// dateFilter is from <= published <= to; a zero bound is open. Published
// dates are indexed as fixed-width strings (schema.PublishedKey), so this
// is a term range.
func dateFilter(from, to time.Time) query.Query {
	var lo, hi string
	if !from.IsZero() {
		lo = schema.PublishedKey(from)
	}
	if !to.IsZero() {
		hi = schema.PublishedKey(to)
	}
	incl := true
	q := bleve.NewTermRangeInclusiveQuery(lo, hi, &incl, &incl)
	q.SetField(schema.FieldPublished)
	return q
}

// The dates a request may name: the dates an article may carry.
var (
	minDate = schema.MinPublished
	maxDate = schema.MaxPublished
)

// and conjoins the non-nil queries.
func and(qs ...query.Query) query.Query {
	var keep []query.Query
	for _, q := range qs {
		if q != nil {
			keep = append(keep, q)
		}
	}
	switch len(keep) {
	case 0:
		return bleve.NewMatchAllQuery()
	case 1:
		return keep[0]
	}
	return bleve.NewConjunctionQuery(keep...)
}
