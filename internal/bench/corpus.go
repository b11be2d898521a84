package bench

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
)

// DefaultCorpusFiles are the news files of ../shared/data/news the harness
// repeats: BBC (2004-05), Reuters-21578 (1987) and Wikinews (2019-20), about
// 22k articles and 23 MB of title+body text. AllSides is left out by default:
// its 150 MB of long articles would make one pass of the base corpus alone
// larger than the 10k step.
var DefaultCorpusFiles = []string{"bbc.jsonl.gz", "reuters21578.jsonl.gz", "wikinews.jsonl.gz"}

// Corpus is the base set of real articles that the harness repeats, with
// distinct ids, to reach each benchmark size.
type Corpus struct {
	Files    []string
	articles []baseArticle
}

type baseArticle struct {
	fields    map[string]json.RawMessage
	id        string
	title     string
	body      string
	textBytes int // len(title) + len(body)
}

// LoadCorpus reads the JSON Lines (.jsonl or .jsonl.gz) files of dir named
// in files. Every article must have a string id and body.
func LoadCorpus(dir string, files []string) (*Corpus, error) {
	c := &Corpus{}
	for _, name := range files {
		p := filepath.Join(dir, name)
		if err := c.loadFile(p); err != nil {
			return nil, err
		}
		c.Files = append(c.Files, p)
	}
	if len(c.articles) == 0 {
		return nil, fmt.Errorf("bench: no articles in %v", files)
	}
	return c, nil
}

func (c *Corpus) loadFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("bench: corpus: %w", err)
	}
	defer f.Close()
	var r io.Reader = f
	if filepath.Ext(path) == ".gz" {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("bench: corpus %s: %w", path, err)
		}
		defer gz.Close()
		r = gz
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for line := 1; sc.Scan(); line++ {
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(sc.Bytes(), &fields); err != nil {
			return fmt.Errorf("bench: corpus %s:%d: %w", path, line, err)
		}
		var a baseArticle
		a.fields = fields
		for _, f := range []struct {
			name string
			dst  *string
		}{{"id", &a.id}, {"title", &a.title}, {"body", &a.body}} {
			if raw, ok := fields[f.name]; ok {
				if err := json.Unmarshal(raw, f.dst); err != nil {
					return fmt.Errorf("bench: corpus %s:%d: %s: %w", path, line, f.name, err)
				}
			}
		}
		if a.id == "" || a.body == "" {
			return fmt.Errorf("bench: corpus %s:%d: id and body are required", path, line)
		}
		a.textBytes = len(a.title) + len(a.body)
		c.articles = append(c.articles, a)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("bench: corpus %s: %w", path, err)
	}
	return nil
}

// Len is the number of base articles.
func (c *Corpus) Len() int { return len(c.articles) }

// TextBytes is the title+body bytes of the base articles.
func (c *Corpus) TextBytes() int64 {
	var n int64
	for _, a := range c.articles {
		n += int64(a.textBytes)
	}
	return n
}

// Text is the i-th base article's title and body.
func (c *Corpus) Text(i int) (title, body string) {
	a := &c.articles[i%len(c.articles)]
	return a.title, a.body
}

// idOf is the id of the j-th article of a repeated corpus: the base id for
// the first pass, then "<id>~<pass>".
func (c *Corpus) idOf(j int) (base int, id string) {
	base = j % len(c.articles)
	pass := j / len(c.articles)
	id = c.articles[base].id
	if pass > 0 {
		id += "~" + strconv.Itoa(pass)
	}
	return base, id
}

// SetStats describes a written benchmark set.
type SetStats struct {
	Articles  int   `json:"articles"`
	TextBytes int64 `json:"text_bytes"` // title + body, UTF-8
	FileBytes int64 `json:"file_bytes"` // the JSON Lines file
	Passes    int   `json:"passes"`     // how many times the base corpus was (partly) repeated
}

// WriteSet writes the first n articles of the repeated corpus as JSON Lines:
// base articles in file order, again and again, each pass with distinct ids.
// Every other field (date, source, ...) is kept as it is.
func (c *Corpus) WriteSet(path string, n int) (SetStats, error) {
	st := SetStats{Articles: n, Passes: (n + len(c.articles) - 1) / len(c.articles)}
	f, err := os.Create(path)
	if err != nil {
		return st, fmt.Errorf("bench: write set: %w", err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	for j := 0; j < n; j++ {
		b, id := c.idOf(j)
		a := &c.articles[b]
		fields := make(map[string]json.RawMessage, len(a.fields))
		for k, v := range a.fields {
			fields[k] = v
		}
		fields["id"], _ = json.Marshal(id)
		line, err := json.Marshal(fields)
		if err != nil {
			f.Close()
			return st, fmt.Errorf("bench: write set: article %s: %w", id, err)
		}
		w.Write(line)
		w.WriteByte('\n')
		st.TextBytes += int64(a.textBytes)
		st.FileBytes += int64(len(line) + 1)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return st, fmt.Errorf("bench: write set: %w", err)
	}
	if err := f.Close(); err != nil {
		return st, fmt.Errorf("bench: write set: %w", err)
	}
	return st, nil
}
