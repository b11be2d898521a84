package indexer

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/newsfind/newsfind/internal/store"
	"github.com/newsfind/newsfind/schema"
)

// capsExtractor is a deterministic stand-in for the real pipeline: every
// capitalised word is a person, and one quote is reported per text, so
// tests here exercise the indexer, not the models.
type capsExtractor struct{}

func (capsExtractor) Extract(text string) schema.Extraction {
	var x schema.Extraction
	rs := []rune(text)
	for i := 0; i < len(rs); {
		if rs[i] >= 'A' && rs[i] <= 'Z' && (i == 0 || rs[i-1] == ' ' || rs[i-1] == '\n') {
			j := i
			for j < len(rs) && rs[j] != ' ' && rs[j] != '\n' && rs[j] != '.' {
				j++
			}
			x.Entities = append(x.Entities, schema.Entity{Type: schema.TypePerson, Name: string(rs[i:j]),
				Mentions: []schema.Mention{{Text: string(rs[i:j]), Start: i, End: j}}})
			i = j
			continue
		}
		i++
	}
	x.Quotes = []schema.Quote{{Text: "x", Start: len(rs) - 1, End: len(rs), Kind: schema.KindDirect, Speaker: "Someone"}}
	return x
}

func newTestIndexer(t *testing.T) *Indexer {
	t.Helper()
	st, err := store.Open("", store.Options{Shards: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return New(st, capsExtractor{}, Options{BatchSize: 2})
}

func TestDecodeArticle(t *testing.T) {
	tests := []struct {
		name, in, wantErr string
		check             func(*testing.T, *schema.Article)
	}{
		{name: "full", in: `{"id":"a1","url":"http://x/1","title":"T","body":"B","published":"2016-01-15T10:00:00Z","source":"s","authors":["A"],"lang":"en"}`,
			check: func(t *testing.T, a *schema.Article) {
				if a.ID != "a1" || a.Body != "B" || a.Published.Year() != 2016 || len(a.Authors) != 1 || string(a.Extra["lang"]) != `"en"` {
					t.Errorf("got %+v", a)
				}
			}},
		{name: "text alias and date", in: `{"title":"T","text":"B","date":"2016-01-15"}`,
			check: func(t *testing.T, a *schema.Article) {
				if a.Body != "B" || a.Published.Day() != 15 || a.ID == "" {
					t.Errorf("got %+v", a)
				}
			}},
		{name: "content alias, reuters date", in: `{"content":"B","date":"26-FEB-1987 15:01:01.79"}`,
			check: func(t *testing.T, a *schema.Article) {
				if a.Published.Month() != 2 || a.Published.Year() != 1987 {
					t.Errorf("got %v", a.Published)
				}
			}},
		{name: "id from url is stable", in: `{"url":"http://x/1","body":"other"}`,
			check: func(t *testing.T, a *schema.Article) {
				b, _ := DecodeArticle([]byte(`{"url":"http://x/1","body":"changed"}`))
				if a.ID != b.ID {
					t.Errorf("ids differ: %s %s", a.ID, b.ID)
				}
			}},
		{name: "missing body", in: `{"title":"T"}`, wantErr: "body: missing"},
		{name: "empty body", in: `{"body":"  "}`, wantErr: "body: is empty"},
		{name: "body wrong type", in: `{"body":42}`, wantErr: "body: expected string, got a number"},
		{name: "malformed", in: `{"body":"x"`, wantErr: "malformed JSON"},
		{name: "not object", in: `["x"]`, wantErr: "expected a JSON object, got an array"},
		{name: "not json", in: `not json`, wantErr: `expected a JSON object, got invalid JSON (it starts "not json")`},
		{name: "null", in: `null`, wantErr: "expected a JSON object, got null"},
		{name: "byte-order mark", in: "\ufeff{\"id\":\"b1\",\"body\":\"x\"}",
			check: func(t *testing.T, a *schema.Article) {
				if a.ID != "b1" {
					t.Errorf("got %+v", a)
				}
			}},
		{name: "year out of range", in: `{"body":"x","published":"3000-01-01"}`, wantErr: "published: \"3000-01-01\" is outside the supported dates, years 1678 to 2261"},
		{name: "zero time is no date", in: `{"body":"x","published":"0001-01-01T00:00:00Z","date":"2016-01-15"}`,
			check: func(t *testing.T, a *schema.Article) {
				if a.Published.Format("2006-01-02") != "2016-01-15" {
					t.Errorf("published = %v, want the date field's 2016-01-15", a.Published)
				}
			}},
		{name: "bad date", in: `{"body":"x","published":"yesterday"}`, wantErr: "published: cannot parse"},
		{name: "invalid utf8", in: "{\"body\":\"\xff\"}", wantErr: "invalid UTF-8 at byte 9"},
		{name: "nul", in: `{"body":"a\u0000b"}`, wantErr: "body: contains a NUL"},
		{name: "reserved id", in: `{"id":"a#q1","body":"x"}`, wantErr: "id: must not contain"},
		{name: "authors wrong", in: `{"body":"x","authors":5}`, wantErr: "authors: expected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := DecodeArticle([]byte(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, ErrInvalid) {
					t.Fatalf("err = %v, want %q wrapping ErrInvalid", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, a)
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct{ in, want, wantErr string }{
		{in: "2016-01-15T10:00:00Z", want: "2016-01-15T10:00:00Z"},
		{in: "2016-01-15T10:00:00+02:00", want: "2016-01-15T08:00:00Z"},
		{in: " 2016-01-15 ", want: "2016-01-15T00:00:00Z"},
		{in: "2016-01", want: "2016-01-01T00:00:00Z"},
		{in: "1999", want: "1999-01-01T00:00:00Z"},
		{in: "Mon, 02 Jan 2006 15:04:05 -0700", want: "2006-01-02T22:04:05Z"},
		{in: "January 2, 2006", want: "2006-01-02T00:00:00Z"},
		// Reuters-21578 as it comes: fractions of any length, doubled
		// spaces, SGML debris and notes after the date, a garbled hour.
		{in: "26-FEB-1987 15:01:01.79", want: "1987-02-26T15:01:01.79Z"},
		{in: "7-APR-1987 16:22:00.0", want: "1987-04-07T16:22:00Z"},
		{in: "3-MAR-1987  09:15:05.40", want: "1987-03-03T09:15:05.4Z"},
		{in: "27-MAR-1987 00:03:35.68&#5;&#5;&#5;F", want: "1987-03-27T00:03:35.68Z"},
		{in: "9-APR-1987 00:00:00.00    # date added by S Finch as guesswork", want: "1987-04-09T00:00:00Z"},
		{in: "31-MAR-1987 605:12:19.12", want: "1987-03-31T00:00:00Z"},
		{in: "2016-01-15 at noon", want: "2016-01-15T00:00:00Z"},
		{in: "0001-01-01T00:00:00Z", want: ""}, // Go's zero time: no date
		{in: "yesterday", wantErr: `cannot parse "yesterday"`},
		{in: "&#5;2016-01-15", wantErr: "cannot parse"},
		{in: "15/01/2016", wantErr: "cannot parse"},
		{in: "2016-13-45", wantErr: "cannot parse"},
		{in: "1492-10-12", wantErr: "outside the supported dates, years 1678 to 2261"},
		{in: "2262-01-01", wantErr: "outside the supported dates"},
		{in: "2261-12-31T23:59:59Z", want: "2261-12-31T23:59:59Z"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseDate(%q) = %v, %v; want error %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			s := ""
			if !got.IsZero() {
				s = got.Format(time.RFC3339Nano)
			}
			if s != tt.want {
				t.Errorf("ParseDate(%q) = %s, want %s", tt.in, s, tt.want)
			}
		})
	}
}

func TestBulk(t *testing.T) {
	ix := newTestIndexer(t)
	body := strings.Join([]string{
		`{"id":"a1","title":"One","body":"Alice met Bob."}`,
		`{"id":"a2","body":42}`,
		``,
		`not json`,
		`{"id":"a3","title":"Three","body":"Carol spoke."}`,
		`{"id":"a1","title":"One again","body":"Alice met Dave."}`,
		`{"id":"a4","body":"Eve."}`,
	}, "\n")
	res, err := ix.Bulk(context.Background(), strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 3 || res.Updated != 1 || res.Failed != 2 || len(res.Items) != 6 {
		t.Fatalf("got %+v", res)
	}
	want := []LineResult{
		{Line: 1, ID: "a1", Result: "created"},
		{Line: 2, Result: "error", Error: "line 2: body: expected string, got a number"},
		{Line: 4, Result: "error"},
		{Line: 5, ID: "a3", Result: "created"},
		{Line: 6, ID: "a1", Result: "updated"},
		{Line: 7, ID: "a4", Result: "created"},
	}
	for i, w := range want {
		g := res.Items[i]
		if g.Line != w.Line || g.ID != w.ID || g.Result != w.Result || (w.Error != "" && g.Error != w.Error) {
			t.Errorf("item %d = %+v, want %+v", i, g, w)
		}
	}
	if n, _ := ix.Store().Count(); n != 3 {
		t.Fatalf("count = %d, want 3", n)
	}
	a, err := ix.Store().Get("a1")
	if err != nil || a.Title != "One again" {
		t.Fatalf("a1 = %+v, %v", a, err)
	}
	// Entities in the title keep their name but lose title mentions; body offsets are body-relative.
	var dave *schema.Entity
	for i := range a.Entities {
		if a.Entities[i].Name == "Dave" {
			dave = &a.Entities[i]
		}
	}
	if dave == nil || len(dave.Mentions) != 1 || []rune(a.Body)[dave.Mentions[0].Start] != 'D' {
		t.Fatalf("entities = %+v", a.Entities)
	}
}

func TestBulkLineTooLong(t *testing.T) {
	st, _ := store.Open("", store.Options{Shards: 1})
	defer st.Close()
	ix := New(st, capsExtractor{}, Options{MaxLineBytes: 100})
	body := `{"id":"ok","body":"fine"}` + "\n" + `{"id":"big","body":"` + strings.Repeat("x", 500) + `"}` + "\n" + `{"id":"ok2","body":"fine"}`
	res, err := ix.Bulk(context.Background(), strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 2 || res.Failed != 1 || !strings.Contains(res.Items[1].Error, "line 2: line is longer than the limit of 100 bytes") {
		t.Fatalf("got %+v", res)
	}
}

func writeGz(t *testing.T, path, s string) {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestIndexFilesAllFormats(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.jsonl"), []byte(`{"id":"j1","body":"Alpha."}`+"\n"+`{"id":"j2"}`+"\n"), 0o644)
	writeGz(t, filepath.Join(dir, "b.jsonl.gz"), `{"id":"g1","body":"Gamma."}`+"\n")
	os.WriteFile(filepath.Join(dir, "c.ndjson"), []byte(`{"id":"n1","body":"Nu."}`), 0o644)
	os.WriteFile(filepath.Join(dir, "d.json"), []byte("[\n {\"id\":\"r1\",\"body\":\"Rho.\"},\n {\"id\":\"r2\",\"body\":7}\n]"), 0o644)
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "sub", "e.txt"), []byte("Title Line\nBody of Text.\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "sub", "f.txt"), []byte("bad \xff utf8\nbody"), 0o644)
	os.WriteFile(filepath.Join(dir, "ignored.csv"), []byte("x"), 0o644)

	ix := newTestIndexer(t)
	files, err := ExpandPaths([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 6 {
		t.Fatalf("files = %v", files)
	}
	sum, err := ix.IndexFiles(context.Background(), files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Created != 5 || sum.Failed != 3 {
		t.Fatalf("summary %+v", sum)
	}
	wantErrs := []string{"a.jsonl:2: body: missing", "d.json: item 2 (line 3): body: expected string", "f.txt: invalid UTF-8 at byte 4"}
	for i, w := range wantErrs {
		if i >= len(sum.Errors) || !strings.Contains(sum.Errors[i], w) {
			t.Errorf("error %d = %q, want it to contain %q (all: %q)", i, sum.Errors, w, sum.Errors)
		}
	}
	// Re-indexing replaces, never duplicates.
	sum, err = ix.IndexFiles(context.Background(), files, nil)
	if err != nil || sum.Updated != 5 || sum.Created != 0 {
		t.Fatalf("second run %+v %v", sum, err)
	}
	if n, _ := ix.Store().Count(); n != 5 {
		t.Fatalf("count %d", n)
	}
}

// Files saved with a byte-order mark load like files without one, in every
// format, and a .txt title does not keep the mark.
func TestIndexFilesByteOrderMark(t *testing.T) {
	dir := t.TempDir()
	bom := "\ufeff"
	files := map[string]string{
		"a.jsonl": bom + `{"id":"j1","body":"Alpha."}` + "\n" + `{"id":"j2","body":"Beta."}` + "\n",
		"b.json":  bom + `[{"id":"r1","body":"Rho."}]`,
		"c.txt":   bom + "Title Line\nBody of Text.\n",
	}
	var paths []string
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	ix := newTestIndexer(t)
	sum, err := ix.IndexFiles(context.Background(), paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Created != 4 || sum.Failed != 0 {
		t.Fatalf("summary %+v", sum)
	}
	txt := &schema.Article{Title: "Title Line", Body: "Body of Text."}
	a, err := ix.Store().Get(DeriveID(txt))
	if err != nil {
		t.Fatalf("the .txt article is not stored under the id of its title without the mark: %v", err)
	}
	if a.Title != "Title Line" {
		t.Errorf("title %q", a.Title)
	}
}

// A body that breaks off partway (here a reader error after two lines)
// still indexes and commits the lines before, and Bulk says which.
func TestBulkReadErrorKeepsEarlierLines(t *testing.T) {
	ix := newTestIndexer(t)
	body := io.MultiReader(
		strings.NewReader(`{"id":"p1","body":"One."}`+"\n"+`{"id":"p2","body":"Two."}`+"\n"),
		iotest.ErrReader(errors.New("unexpected EOF in gzip stream")),
	)
	res, err := ix.Bulk(context.Background(), body)
	if err == nil || !strings.Contains(err.Error(), "unexpected EOF in gzip stream") {
		t.Fatalf("err = %v, want the read error", err)
	}
	if res == nil || res.Created != 2 || len(res.Items) != 2 {
		t.Fatalf("result %+v, want the two lines read before the error", res)
	}
	if n, _ := ix.Store().Count(); n != 2 {
		t.Fatalf("count %d, want 2 committed", n)
	}
}

func TestRunCancelled(t *testing.T) {
	ix := newTestIndexer(t)
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	src := func(emit func(Record) bool) {
		for i := 0; ; i++ {
			if i == 5 {
				cancel()
			}
			if !emit(Record{Line: i + 1, Raw: []byte(`{"body":"Item ` + strings.Repeat("x", i) + `"}`)}) {
				return
			}
		}
	}
	err := ix.Run(ctx, src, func(lr LineResult) {
		if lr.Result != "created" {
			t.Errorf("line %d: %+v", lr.Line, lr)
		}
		n++
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if c, _ := ix.Store().Count(); int(c) != n || n < 5 {
		t.Fatalf("acknowledged %d, stored %d", n, c)
	}
}

// failingModels is an extractor whose models do not load.
type failingModels struct{ capsExtractor }

func (failingModels) Prepare() error { return errors.New("model file truncated") }

// TestModelsLoadBeforeWrites: an extractor that loads its models on first
// use (extract.Lazy) is readied before a write; when that fails, the write
// fails with the cause and stores nothing, instead of storing articles
// without entities.
func TestModelsLoadBeforeWrites(t *testing.T) {
	st, err := store.Open("", store.Options{Shards: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ix := New(st, failingModels{}, Options{})
	_, err = ix.Put(context.Background(), &schema.Article{ID: "a1", Body: "Alice met Bob."})
	if err == nil || !strings.Contains(err.Error(), "load the extraction models: model file truncated") {
		t.Errorf("Put: %v, want the models' error", err)
	}
	_, err = ix.Bulk(context.Background(), strings.NewReader(`{"id":"a2","body":"Carol spoke."}`))
	if err == nil || !strings.Contains(err.Error(), "model file truncated") {
		t.Errorf("Bulk: %v, want the models' error", err)
	}
	if n, _ := st.Count(); n != 0 {
		t.Errorf("%d articles stored, want none", n)
	}
}
