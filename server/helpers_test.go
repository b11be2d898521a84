package server

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/newsfind/newsfind/indexer"
	"github.com/newsfind/newsfind/internal/store"
	"github.com/newsfind/newsfind/schema"
)

// testKey is a valid API key for tests.
const testKey = "test-key-0123456789abcdef"

// fakeExtractor is a trivial Extractor: known names become entities, the
// first "..." span becomes a direct quote by the first person found.
type fakeExtractor struct{}

var fakeNames = []struct{ word, typ, name string }{
	{"Obama", schema.TypePerson, "Barack Obama"},
	{"Merkel", schema.TypePerson, "Angela Merkel"},
	{"Jakarta", schema.TypePlace, "Jakarta"},
	{"Berlin", schema.TypePlace, "Berlin"},
	{"Reuters", schema.TypeOrganization, "Reuters"},
}

func runeOff(s string, byteOff int) int { return utf8.RuneCountInString(s[:byteOff]) }

func (fakeExtractor) Extract(text string) schema.Extraction {
	x := schema.Extraction{Entities: []schema.Entity{}, Quotes: []schema.Quote{}}
	speaker := ""
	for _, n := range fakeNames {
		var ms []schema.Mention
		for off := 0; ; {
			i := strings.Index(text[off:], n.word)
			if i < 0 {
				break
			}
			start := off + i
			ms = append(ms, schema.Mention{Text: n.word, Start: runeOff(text, start), End: runeOff(text, start+len(n.word))})
			off = start + len(n.word)
		}
		if len(ms) > 0 {
			x.Entities = append(x.Entities, schema.Entity{Type: n.typ, Name: n.name, Mentions: ms})
			if n.typ == schema.TypePerson && speaker == "" {
				speaker = n.name
			}
		}
	}
	if i := strings.IndexByte(text, '"'); i >= 0 {
		if j := strings.IndexByte(text[i+1:], '"'); j > 0 {
			x.Quotes = append(x.Quotes, schema.Quote{Text: text[i+1 : i+1+j], Start: runeOff(text, i+1),
				End: runeOff(text, i+1+j), Kind: schema.KindDirect, Cue: "said", Speaker: speaker})
		}
	}
	return x
}

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// env is a server over an in-memory store, with its log.
type env struct {
	t   testing.TB
	srv *Server
	ts  *httptest.Server
	st  *store.Store
	log *syncBuffer
}

func newEnv(t testing.TB, cfg Config) *env {
	t.Helper()
	st, err := store.Open("", store.Options{Shards: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ix := indexer.New(st, fakeExtractor{}, indexer.Options{Workers: 2, BatchSize: 2})
	logs := &syncBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv, err := New(cfg, st, ix, logger)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &env{t: t, srv: srv, ts: ts, st: st, log: logs}
}

// seed writes articles straight to the store (no extraction).
func (e *env) seed(arts ...*schema.Article) {
	e.t.Helper()
	ops := make([]store.Op, len(arts))
	for i, a := range arts {
		ops[i] = store.Op{ID: a.ID, Article: a}
	}
	if _, err := e.st.Apply(ops); err != nil {
		e.t.Fatal(err)
	}
}

func testArticle(id, title, body string, persons ...string) *schema.Article {
	a := &schema.Article{ID: id, Title: title, Body: body, Source: "wire",
		Published: time.Date(2016, 1, 15, 10, 0, 0, 0, time.UTC), Entities: []schema.Entity{}, Quotes: []schema.Quote{}}
	for _, p := range persons {
		a.Entities = append(a.Entities, schema.Entity{Type: schema.TypePerson, Name: p, Mentions: []schema.Mention{}})
		a.Quotes = append(a.Quotes, schema.Quote{Text: "we will win", Kind: schema.KindDirect, Cue: "said", Speaker: p})
	}
	return a
}

// req is one request for do.
type req struct {
	method, path string
	body         io.Reader
	header       map[string]string
}

type resp struct {
	status int
	header http.Header
	body   []byte
}

func (e *env) do(r req) resp {
	e.t.Helper()
	hr, err := http.NewRequest(r.method, e.ts.URL+r.path, r.body)
	if err != nil {
		e.t.Fatal(err)
	}
	for k, v := range r.header {
		hr.Header.Set(k, v)
	}
	res, err := e.ts.Client().Do(hr)
	if err != nil {
		e.t.Fatalf("%s %s: %v", r.method, r.path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp{status: res.StatusCode, header: res.Header, body: b}
}

// decode unmarshals the body into v, failing the test on bad JSON.
func (r resp) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("response is not JSON (%v): %q", err, r.body)
	}
}

// checkError asserts the error shape and status and returns the message.
// The body has exactly error and status, and any of the keys in also.
func (r resp) checkError(t *testing.T, status int, also ...string) string {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d; body %s", r.status, status, r.body)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("error Content-Type = %q, want JSON", ct)
	}
	var eb map[string]any
	r.decode(t, &eb)
	n := 0
	for k := range eb {
		if k != "error" && k != "status" && !slices.Contains(also, k) {
			t.Errorf("error body has key %q, want error, status and %q", k, also)
		}
		if k == "error" || k == "status" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("error body lacks error or status: %s", r.body)
	}
	msg, _ := eb["error"].(string)
	if msg == "" {
		t.Errorf("error body has no message: %s", r.body)
	}
	if st, _ := eb["status"].(float64); int(st) != status {
		t.Errorf("error body status = %v, want %d", eb["status"], status)
	}
	return msg
}

func jsonHeader() map[string]string { return map[string]string{"Content-Type": "application/json"} }
