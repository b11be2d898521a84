package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/newsfind/newsfind/internal/ner"
	"github.com/newsfind/newsfind/internal/tokenize"
)

func init() {
	register(command{name: "tag", summary: "tag entities: CoNLL lines (tag --conll FILE|-) or plain text (tag --text FILE|-)", run: runTag})
}

func runTag(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("tag", stderr)
	conll := fs.String("conll", "", "CoNLL file to tag, - for stdin (the argument may also follow the flags)")
	text := fs.String("text", "", "plain-text file to tag, - for stdin: prints TYPE<TAB>start<TAB>end<TAB>mention per entity (code-point offsets)")
	model := fs.String("model", "", "model file (default: the embedded model)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *text != "" {
		tg, err := loadTagger(*model)
		if err != nil {
			return err
		}
		return tagText(tg, *text, stdout)
	}
	path := *conll
	if path == "" && fs.NArg() > 0 {
		path = fs.Arg(0)
	}
	if path == "" {
		path = "-"
	}
	tg, err := loadTagger(*model)
	if err != nil {
		return err
	}
	r, err := openInput(path)
	if err != nil {
		return err
	}
	defer r.Close()
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	if err := tagCoNLL(ctx, tg, r, w); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return w.Flush()
}

func loadTagger(path string) (*ner.Tagger, error) {
	if path == "" {
		return ner.Default()
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ner.Load(f)
}

// tagCoNLL copies CoNLL lines from r to w, appending the predicted tag to
// every token line. Documents (-DOCSTART-) are tagged as a unit.
func tagCoNLL(ctx context.Context, tg *ner.Tagger, r io.Reader, w io.Writer) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	// lines of the current document, and its sentences' words
	var lines []string
	var sents [][]string
	var cur []string
	flush := func() error {
		if len(cur) > 0 {
			sents = append(sents, cur)
			cur = nil
		}
		tags := tg.TagDocument(sents)
		si, wi := 0, 0
		inSent := false
		for _, l := range lines {
			f := strings.Fields(l)
			if len(f) == 0 || f[0] == "-DOCSTART-" {
				if inSent {
					si++
					wi = 0
					inSent = false
				}
				if _, err := fmt.Fprintln(w, l); err != nil {
					return err
				}
				continue
			}
			inSent = true
			if _, err := fmt.Fprintf(w, "%s %s\n", strings.TrimRight(l, " \t\r"), tags[si][wi]); err != nil {
				return err
			}
			wi++
		}
		lines, sents = lines[:0], nil
		return ctx.Err()
	}
	for sc.Scan() {
		l := sc.Text()
		f := strings.Fields(l)
		switch {
		case len(f) > 0 && f[0] == "-DOCSTART-":
			if err := flush(); err != nil {
				return err
			}
		case len(f) == 0:
			if len(cur) > 0 {
				sents = append(sents, cur)
				cur = nil
			}
		default:
			cur = append(cur, f[0])
		}
		lines = append(lines, l)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return flush()
}

// maxTextBytes bounds a plain-text document read by tag --text.
const maxTextBytes = 64 << 20

// tagText prints the entity spans of a plain-text document.
func tagText(tg *ner.Tagger, path string, stdout io.Writer) error {
	r, err := openInput(path)
	if err != nil {
		return err
	}
	defer r.Close()
	raw, err := io.ReadAll(io.LimitReader(r, maxTextBytes+1))
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if len(raw) > maxTextBytes {
		return fmt.Errorf("%s: larger than %d bytes", path, maxTextBytes)
	}
	text := string(raw)
	toks := tokenize.Tokenize(text)
	w := bufio.NewWriter(stdout)
	for _, sp := range tg.Tag(toks, tokenize.Sentences(text, toks)) {
		a, b := toks[sp.Start], toks[sp.End-1]
		fmt.Fprintf(w, "%s\t%d\t%d\t%s\n", sp.Type, a.Start, b.End, text[a.StartByte:b.EndByte])
	}
	return w.Flush()
}
