package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/newsfind/newsfind/search"
)

func init() {
	register(command{name: "search", summary: "keyword search with speaker/place/person/org/source/date filters", run: runSearch})
	register(command{name: "quotes", summary: "search quotes one at a time, with their speakers", run: runQuotes})
}

func runSearch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("search", stderr)
	dir := indexFlag(fs)
	var speakers, places, persons, orgs, sources multiFlag
	fs.Var(&speakers, "speaker", "speaker filter (repeat for OR)")
	fs.Var(&places, "place", "place filter (repeat for OR)")
	fs.Var(&persons, "person", "person filter (repeat for OR)")
	fs.Var(&orgs, "org", "organization filter (repeat for OR)")
	fs.Var(&sources, "source", "source filter (repeat for OR)")
	said := fs.String("said", "", "words the --speaker said inside a quote")
	from := fs.String("from", "", "published on or after (YYYY-MM-DD or RFC 3339)")
	to := fs.String("to", "", "published on or before (YYYY-MM-DD or RFC 3339)")
	sortBy := fs.String("sort", "relevance", "relevance or date")
	size := fs.Int("size", search.DefaultSize, "hits to show")
	facetSize := fs.Int("facet-size", 5, "facet values to show per facet")
	cursor := fs.String("cursor", "", "next_cursor of a previous page")
	asJSON := fs.Bool("json", false, "print the HTTP API's JSON")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: newsfind search [flags] [QUERY]\n\nQUERY uses bleve query-string syntax: words, \"phrases\", +must -mustnot, field:term. Empty = all.")
		fs.PrintDefaults()
	}
	if err := parseInterspersed(fs, args); err != nil {
		return err
	}
	req := search.Request{Query: strings.Join(fs.Args(), " "), Speakers: speakers, Places: places, Persons: persons,
		Orgs: orgs, Sources: sources, Said: *said, Sort: *sortBy, Size: *size, Cursor: *cursor, FacetSize: *facetSize}
	var err error
	if req.From, err = parseDateFlag("from", *from, false); err != nil {
		return err
	}
	if req.To, err = parseDateFlag("to", *to, true); err != nil {
		return err
	}
	st, err := openExistingStore(*dir)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := search.Search(ctx, st.Index(), req)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(stdout, res)
	}
	printHits(stdout, res, isTerminal(stdout))
	return nil
}

func runQuotes(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("quotes", stderr)
	dir := indexFlag(fs)
	var speakers, places, sources multiFlag
	fs.Var(&speakers, "speaker", "speaker filter (repeat for OR)")
	fs.Var(&places, "place", "place of the quote's article (repeat for OR)")
	fs.Var(&sources, "source", "source filter (repeat for OR)")
	from := fs.String("from", "", "published on or after")
	to := fs.String("to", "", "published on or before")
	size := fs.Int("size", search.DefaultSize, "quotes to show")
	cursor := fs.String("cursor", "", "next_cursor of a previous page")
	asJSON := fs.Bool("json", false, "print the HTTP API's JSON")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: newsfind quotes [flags] [QUERY]")
		fs.PrintDefaults()
	}
	if err := parseInterspersed(fs, args); err != nil {
		return err
	}
	req := search.QuoteRequest{Query: strings.Join(fs.Args(), " "), Speakers: speakers, Places: places, Sources: sources, Size: *size, Cursor: *cursor}
	var err error
	if req.From, err = parseDateFlag("from", *from, false); err != nil {
		return err
	}
	if req.To, err = parseDateFlag("to", *to, true); err != nil {
		return err
	}
	st, err := openExistingStore(*dir)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := search.SearchQuotes(ctx, st.Index(), req)
	if err != nil {
		return err
	}
	if *asJSON {
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
	printFacets(stdout, res.Facets, []string{"speaker"})
	if res.NextCursor != "" {
		fmt.Fprintf(stdout, "more: --cursor %s\n", res.NextCursor)
	}
	return nil
}

// parseInterspersed lets flags follow the query words (newsfind search ISIS --speaker X).
func parseInterspersed(fs interface {
	Parse([]string) error
	Args() []string
}, args []string) error {
	var words []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		words = append(words, rest[0])
		args = rest[1:]
	}
	return fs.Parse(append([]string{"--"}, words...))
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
	printFacets(w, res.Facets, []string{"speaker", "place", "person", "org", "source"})
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
