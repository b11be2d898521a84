package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/newsfind/newsfind/schema"
	"github.com/newsfind/newsfind/search"
)

func init() {
	register(command{name: "search", summary: "keyword search with speaker/place/person/org/source/date filters", run: runSearch})
	register(command{name: "quotes", summary: "search quotes one at a time, with their speakers", run: runQuotes})
}

// searchFlags are the flags article and quote search share.
type searchFlags struct {
	dir                    *string
	speakers, places, srcs multiFlag
	from, to, cursor       *string
	facets, sort           *string
	size                   *int
	asJSON                 *bool
	fromTime, toTime       time.Time
}

func addSearchFlags(fs *flag.FlagSet, what string) *searchFlags {
	f := &searchFlags{dir: indexFlag(fs)}
	fs.Var(&f.speakers, "speaker", "speaker filter (repeat for OR)")
	fs.Var(&f.places, "place", "place filter (repeat for OR)")
	fs.Var(&f.srcs, "source", "source filter (repeat for OR)")
	f.from = fs.String("from", "", "published on or after (YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339)")
	f.to = fs.String("to", "", "published on or before (YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339)")
	f.size = fs.Int("size", search.DefaultSize, what+" to show")
	f.sort = fs.String("sort", search.SortRelevance, "relevance or date (newest first)")
	f.cursor = fs.String("cursor", "", "next_cursor of a previous page")
	f.asJSON = fs.Bool("json", false, "print the HTTP API's JSON")
	f.facets = fs.String("facets", "", "counts to show, comma-separated ("+facetsDoc[what]+"), or none; default all")
	return f
}

// facetsDoc names the counts each command can show, by its addSearchFlags what.
var facetsDoc = map[string]string{"hits": facetNamesDoc(search.ArticleFacets()), "quotes": facetNamesDoc(search.QuoteFacets())}

// facetNamesDoc lists facet names for --facets' help.
func facetNamesDoc(names []string) string {
	for i, n := range names {
		if n == search.FacetHistogram {
			names[i] += " (printed with --json)"
		}
	}
	return strings.Join(names, ", ")
}

// facetList is --facets as a request's Facets (nil: all).
func (f *searchFlags) facetList() []string {
	if *f.facets == "" {
		return nil
	}
	return []string{*f.facets}
}

// parse reads flags that may follow the query words and checks the dates.
func (f *searchFlags) parse(fs *flag.FlagSet, args []string) error {
	if err := parseInterspersed(fs, args); err != nil {
		return err
	}
	if err := atLeastOne(intFlag{"size", int64(*f.size)}); err != nil {
		return err
	}
	var err error
	if f.fromTime, err = parseDateFlag("from", *f.from, false); err != nil {
		return err
	}
	f.toTime, err = parseDateFlag("to", *f.to, true)
	return err
}

func runSearch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("search", stderr)
	f := addSearchFlags(fs, "hits")
	var persons, orgs multiFlag
	fs.Var(&persons, "person", "person filter (repeat for OR)")
	fs.Var(&orgs, "org", "organization filter (repeat for OR)")
	said := fs.String("said", "", "words the --speaker said inside a quote (all required; a OR b for alternatives)")
	facetSize := fs.Int("facet-size", 5, "facet values to show per facet")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: newsfind search [flags] [QUERY]\n\nQUERY uses bleve query-string syntax: words, \"phrases\", +must -mustnot, field:term, a OR b, a AND b, a NOT b, (groups). Empty = all.\nFlags may follow the query; after -- everything is query (newsfind search -- oil -gas).")
		fs.PrintDefaults()
	}
	if err := f.parse(fs, args); err != nil {
		return err
	}
	if err := atLeastOne(intFlag{"facet-size", int64(*facetSize)}); err != nil {
		return err
	}
	req := search.Request{Query: strings.Join(fs.Args(), " "), Speakers: f.speakers, Places: f.places, Persons: persons,
		Orgs: orgs, Sources: f.srcs, Said: *said, From: f.fromTime, To: f.toTime, Sort: *f.sort, Size: *f.size,
		Cursor: *f.cursor, FacetSize: *facetSize, Facets: f.facetList()}
	st, err := openExistingStore(*f.dir)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := search.Search(ctx, st, req)
	if err != nil {
		return err
	}
	if *f.asJSON {
		return writeJSON(stdout, res)
	}
	printHits(stdout, res, isTerminal(stdout))
	return nil
}

func runQuotes(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("quotes", stderr)
	f := addSearchFlags(fs, "quotes")
	articleID := fs.String("article-id", "", "only the quotes of this article (its id, as search prints it)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: newsfind quotes [flags] [QUERY]\n\nOne hit per quote; --place filters on the places of the quote's article.")
		fs.PrintDefaults()
	}
	if err := f.parse(fs, args); err != nil {
		return err
	}
	req := search.QuoteRequest{Query: strings.Join(fs.Args(), " "), Speakers: f.speakers, Places: f.places, Sources: f.srcs,
		ArticleID: *articleID, From: f.fromTime, To: f.toTime, Sort: *f.sort, Size: *f.size, Cursor: *f.cursor, Facets: f.facetList()}
	st, err := openExistingStore(*f.dir)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := search.SearchQuotes(ctx, st, req)
	if err != nil {
		return err
	}
	if *f.asJSON {
		return writeJSON(stdout, res)
	}
	tty := isTerminal(stdout)
	fmt.Fprintf(stdout, "%d quotes (%d ms)\n\n", res.Total, res.TookMs)
	for _, h := range res.Hits {
		text := h.Text
		if h.Highlighted != "" {
			text = renderMarks(h.Highlighted, tty)
		}
		speaker := h.Speaker
		if speaker == "" {
			speaker = "(unknown speaker)"
		}
		fmt.Fprintf(stdout, "%s %s: “%s”\n    — %s [%s]\n\n", speaker, h.Cue, text, h.ArticleTitle, h.ArticleID)
	}
	printFacets(stdout, res.Facets, search.QuoteFacets())
	if res.NextCursor != "" {
		fmt.Fprintf(stdout, "more: --cursor %s\n", res.NextCursor)
	}
	return nil
}

// parseInterspersed lets flags follow the query words (newsfind search ISIS
// --speaker X). After "--" every argument is a query word, so a query can
// exclude words (newsfind search -- oil -gas).
func parseInterspersed(fs *flag.FlagSet, args []string) error {
	var words []string
	for {
		if err := fs.Parse(args); err != nil {
			// fs.Parse stopped right after an undefined -flag: most likely
			// a word to exclude, typed before "--". A --flag is a typo.
			if i := undefinedFlag(fs, args); i >= 0 && len(args)-len(fs.Args()) == i+1 && !strings.HasPrefix(args[i], "--") {
				return fmt.Errorf("%w (to exclude a word, put the query after --: newsfind %s -- oil -gas; or write oil NOT gas)",
					err, strings.TrimPrefix(fs.Name(), "newsfind "))
			}
			return err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		// fs.Parse consumed a "--" just before rest: the rest is query.
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			words = append(words, rest...)
			break
		}
		words = append(words, rest[0])
		args = rest[1:]
	}
	return fs.Parse(append([]string{"--"}, words...))
}

// undefinedFlag returns the index of the first of args that fs.Parse reads
// as a flag fs does not define, or -1. As flag reads them: flags run to the
// first argument that is not one ("-" alone, a word) or to "--"; a flag that
// is not boolean and has no =value takes the next argument as its value;
// -h and -help are flag's own unless defined; a malformed flag (-=x, ---x)
// is flag's syntax error.
func undefinedFlag(fs *flag.FlagSet, args []string) int {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if len(a) < 2 || a[0] != '-' || a == "--" {
			return -1
		}
		name := strings.TrimPrefix(a[1:], "-")
		if name == "" || name[0] == '-' || name[0] == '=' {
			return -1
		}
		name, _, hasValue := strings.Cut(name, "=")
		f := fs.Lookup(name)
		switch {
		case f == nil && (name == "h" || name == "help"):
			return -1
		case f == nil:
			return i
		case !hasValue && !isBoolFlag(f):
			i++
		}
	}
	return -1
}

// isBoolFlag says whether f takes no value (flag's own boolFlag test).
func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// parseDateFlag reads --from/--to exactly as the HTTP API reads from/to.
func parseDateFlag(name, v string, end bool) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := search.ParseDate(v, end)
	if err != nil {
		return t, fmt.Errorf("--%s: %w", name, err)
	}
	return t, nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

var markRE = regexp.MustCompile(`</?mark>`)

// renderMarks shows <mark> highlights as bold on a terminal, [brackets] elsewhere,
// and undoes the HTML escaping of the snippet.
func renderMarks(s string, tty bool) string {
	s = markRE.ReplaceAllStringFunc(s, func(m string) string {
		switch {
		case tty && m == "<mark>":
			return "\x1b[1;33m"
		case tty:
			return "\x1b[0m"
		case m == "<mark>":
			return "["
		default:
			return "]"
		}
	})
	r := strings.NewReplacer("&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#34;", `"`, "&#39;", "'", "&amp;", "&")
	return strings.Join(strings.Fields(r.Replace(s)), " ")
}

func printHits(w io.Writer, res *search.Response, tty bool) {
	fmt.Fprintf(w, "%d articles (%d ms)\n\n", res.Total, res.TookMs)
	for i, h := range res.Hits {
		title := h.Title
		if t := h.Highlights["title"]; len(t) > 0 {
			title = renderMarks(t[0], tty)
		}
		date := ""
		if h.Published != nil {
			date = h.Published.Format("2006-01-02") + " "
		}
		fmt.Fprintf(w, "%d. %s\n   %s%s [%s]\n", i+1, title, date, h.Source, h.ID)
		for _, frag := range h.Highlights["body"] {
			fmt.Fprintf(w, "   %s\n", renderMarks(frag, tty))
		}
		if len(h.Speakers) > 0 {
			fmt.Fprintf(w, "   speakers: %s\n", strings.Join(h.Speakers, ", "))
		}
		if len(h.Places) > 0 {
			fmt.Fprintf(w, "   places: %s\n", strings.Join(h.Places, ", "))
		}
		fmt.Fprintln(w)
	}
	printFacets(w, res.Facets, schema.FacetFields)
	if res.NextCursor != "" {
		fmt.Fprintf(w, "more: --cursor %s\n", res.NextCursor)
	}
}

func printFacets(w io.Writer, facets map[string][]search.FacetValue, order []string) {
	for _, f := range order {
		vals := facets[f]
		if len(vals) == 0 {
			continue
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = fmt.Sprintf("%s (%d)", v.Value, v.Count)
		}
		fmt.Fprintf(w, "%-8s %s\n", f+":", strings.Join(parts, ", "))
	}
}
