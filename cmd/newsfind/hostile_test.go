package main

// Hostile input against the HTTP API, in process (server.New over a real
// on-disk store and the real extraction pipeline): every bad request gets a
// 4xx whose message names the problem (bulk: per line), and afterwards the
// server is up and everything stored before is byte-for-byte intact.

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsfind/newsfind/indexer"
	"github.com/newsfind/newsfind/internal/sampletest"
	"github.com/newsfind/newsfind/internal/store"
	"github.com/newsfind/newsfind/search"
	"github.com/newsfind/newsfind/server"
)

// hostileEnv is an in-process server over a real store.
type hostileEnv struct {
	url    string // http://127.0.0.1:port
	addr   string
	client *http.Client
	st     *store.Store
	ids    []string // preloaded article ids
}

func newHostileEnv(t *testing.T, cfg server.Config, lineLimit, preload int) *hostileEnv {
	t.Helper()
	return newEnvWith(t, cfg, indexer.Options{MaxLineBytes: lineLimit}, durPipeline(t), preload)
}

// newEnvWith serves a new on-disk store with the given indexer options and
// extractor, preloaded with the first preload sample articles.
func newEnvWith(t *testing.T, cfg server.Config, opts indexer.Options, p indexer.Extractor, preload int) *hostileEnv {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "index"), store.Options{Shards: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ix := indexer.New(st, p, opts)
	cfg.APIKey = relTestKey
	srv, err := server.New(cfg, st, ix, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Serve (not httptest) so the configured header and timeout limits apply.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	env := &hostileEnv{url: "http://" + ln.Addr().String(), addr: ln.Addr().String(), st: st,
		client: &http.Client{Timeout: 2 * time.Minute, Transport: &http.Transport{}}}
	t.Cleanup(env.client.CloseIdleConnections)
	if preload > 0 {
		var buf bytes.Buffer
		for i, a := range sampletest.Articles(t)[:preload] {
			env.ids = append(env.ids, a.ID)
			line, _ := json.Marshal(map[string]any{"id": a.ID, "title": a.Title, "body": a.Body, "date": a.Date,
				"url": a.URL, "source": a.Source, "authors": []string{fmt.Sprintf("Author %d", i)}})
			buf.Write(line)
			buf.WriteByte('\n')
		}
		res, err := ix.Bulk(context.Background(), &buf)
		if err != nil || res.Created != preload {
			t.Fatalf("preload: %+v %v", res, err)
		}
	}
	return env
}

// checksum hashes every preloaded article as GET returns it and its quote
// documents as the quote search returns them.
func (e *hostileEnv) checksum(t *testing.T) string {
	t.Helper()
	h := sha256.New()
	for _, id := range e.ids {
		for _, path := range []string{"/api/articles/" + url.PathEscape(id), "/api/quotes?size=1000&sort=date&article_id=" + url.QueryEscape(id)} {
			resp, err := e.client.Get(e.url + path)
			if err != nil {
				t.Fatalf("GET %s: %v", path, err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
			}
			if strings.HasPrefix(path, "/api/quotes") {
				var qr search.QuoteResponse
				if err := json.Unmarshal(b, &qr); err != nil {
					t.Fatal(err)
				}
				for i := range qr.Hits {
					qr.Hits[i].Score = 0 // scores depend on corpus statistics, which new articles change
				}
				slices.SortFunc(qr.Hits, func(a, b search.QuoteHit) int { return strings.Compare(a.ID, b.ID) })
				b, _ = json.Marshal(qr.Hits)
			}
			h.Write([]byte(path))
			h.Write(b)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// hostileCase is one bad request. body is called to make a fresh body;
// size is its Content-Length (-1: unknown, sent chunked).
type hostileCase struct {
	name   string
	method string
	path   string // may be a raw request target
	header map[string]string
	body   func() io.Reader
	size   int64
	status int    // wanted status
	msg    string // substring the error message must contain (case-insensitive)
}

func bytesBody(b []byte) (func() io.Reader, int64) {
	return func() io.Reader { return bytes.NewReader(b) }, int64(len(b))
}

func strBody(s string) (func() io.Reader, int64) { return bytesBody([]byte(s)) }

// repeatReader yields n bytes of a repeating pattern without holding them.
type repeatReader struct {
	pat []byte
	n   int64
	off int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > r.n {
		p = p[:r.n]
	}
	for i := range p {
		p[i] = r.pat[r.off]
		r.off = (r.off + 1) % len(r.pat)
	}
	r.n -= int64(len(p))
	return len(p), nil
}

// gzipBomb is a body of many concatenated gzip members (the server reads
// multistream gzip), each 1 MiB of blanks compressed to about 1 KiB.
func gzipBomb(members int) []byte {
	var one bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&one, gzip.BestCompression)
	zw.Write(bytes.Repeat([]byte{' '}, 1<<20))
	zw.Close()
	return bytes.Repeat(one.Bytes(), members)
}

func gzipOf(s string) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.Bytes()
}

func (e *hostileEnv) do(t *testing.T, c hostileCase) (int, []byte) {
	t.Helper()
	var body io.Reader
	if c.body != nil {
		body = c.body()
	}
	req, err := http.NewRequest(c.method, e.url+c.path, body)
	if err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	if c.body != nil {
		req.ContentLength = c.size
	}
	auth := true
	for k, v := range c.header {
		if k == "Authorization" {
			auth = false
			if v == "" {
				continue
			}
		}
		req.Header.Set(k, v)
	}
	if auth && c.method != http.MethodGet {
		req.Header.Set("Authorization", "Bearer "+relTestKey)
	}
	resp, err := e.client.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// checkError checks a status and a JSON error naming the problem.
func checkError(t *testing.T, name string, code int, b []byte, status int, msg string) {
	t.Helper()
	if code != status {
		t.Errorf("%s: status %d, want %d: %s", name, code, status, clip(string(b), 300))
		return
	}
	var eb server.ErrorBody
	if err := json.Unmarshal(b, &eb); err != nil || eb.Error == "" {
		t.Errorf("%s: error body is not {\"error\":...}: %s", name, clip(string(b), 300))
		return
	}
	if !strings.Contains(strings.ToLower(eb.Error), strings.ToLower(msg)) {
		t.Errorf("%s: message %q does not name the problem (want %q)", name, eb.Error, msg)
	}
	for _, leak := range []string{"goroutine ", ".go:", "/home/", "/tmp/", "panic"} {
		if strings.Contains(eb.Error, leak) {
			t.Errorf("%s: message leaks internals (%q): %s", name, leak, eb.Error)
		}
	}
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// TestHostileRequests sends bad requests of every kind to one server.
func TestHostileRequests(t *testing.T) {
	env := newHostileEnv(t, server.Config{MaxBodyBytes: 4 << 20}, 0, 12)
	before := env.checksum(t)
	tried := 0

	long := strings.Repeat("x", 600)
	bulkCT := map[string]string{"Content-Type": "application/x-ndjson"}
	with := func(m map[string]string, k, v string) map[string]string {
		out := map[string]string{}
		for a, b := range m {
			out[a] = b
		}
		out[k] = v
		return out
	}
	good := `{"id":"ok-put","title":"Fine","body":"A perfectly ordinary article about Berlin."}`
	nested := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	overLimit := func() io.Reader { // one article, then 5 MiB of blank lines (cheap to read past)
		return io.MultiReader(strings.NewReader(good+"\n"), &repeatReader{pat: []byte("  \n"), n: 5 << 20})
	}
	bomb := gzipBomb(64) // 64 KiB on the wire, 64 MiB inflated; the limit is 4 MiB
	var cases []hostileCase
	add := func(c hostileCase) { cases = append(cases, c) }
	b, n := strBody(good)
	// Authentication, methods, routes, media types.
	add(hostileCase{name: "bulk without a key", method: "POST", path: "/api/bulk", header: map[string]string{"Authorization": ""}, body: b, size: n, status: 401, msg: "Authorization: Bearer"})
	add(hostileCase{name: "bulk with a wrong key", method: "POST", path: "/api/bulk", header: map[string]string{"Authorization": "Bearer nope-nope-nope-nope"}, body: b, size: n, status: 401, msg: "invalid API key"})
	add(hostileCase{name: "basic auth", method: "PUT", path: "/api/articles/x", header: map[string]string{"Authorization": "Basic " + base64.StdEncoding.EncodeToString([]byte("a:"+relTestKey))}, body: b, size: n, status: 401, msg: "invalid API key"})
	add(hostileCase{name: "delete without a key", method: "DELETE", path: "/api/articles/" + env.ids[0], header: map[string]string{"Authorization": ""}, status: 401, msg: "Authorization"})
	add(hostileCase{name: "GET on bulk", method: "GET", path: "/api/bulk", status: 405, msg: "method GET is not allowed"})
	add(hostileCase{name: "PATCH an article", method: "PATCH", path: "/api/articles/x", body: b, size: n, status: 405, msg: "method PATCH"})
	add(hostileCase{name: "DELETE search", method: "DELETE", path: "/api/search", status: 405, msg: "not allowed"})
	add(hostileCase{name: "POST search", method: "POST", path: "/api/search", body: b, size: n, status: 405, msg: "not allowed"})
	add(hostileCase{name: "unknown endpoint", method: "GET", path: "/api/nothing", status: 404, msg: "no endpoint"})
	add(hostileCase{name: "form-encoded bulk", method: "POST", path: "/api/bulk", header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, body: b, size: n, status: 415, msg: "Content-Type"})
	add(hostileCase{name: "HTML article", method: "PUT", path: "/api/articles/x", header: map[string]string{"Content-Type": "text/html"}, body: b, size: n, status: 415, msg: "Content-Type"})
	add(hostileCase{name: "garbage Content-Type", method: "POST", path: "/api/bulk", header: map[string]string{"Content-Type": ";;;/"}, body: b, size: n, status: 415, msg: "Content-Type"})
	add(hostileCase{name: "brotli encoding", method: "POST", path: "/api/bulk", header: with(bulkCT, "Content-Encoding", "br"), body: b, size: n, status: 415, msg: "Content-Encoding"})
	// Bodies.
	eb, en := strBody("")
	add(hostileCase{name: "PUT without a body", method: "PUT", path: "/api/articles/x", body: eb, size: en, status: 400, msg: "empty"})
	add(hostileCase{name: "POST article without a body", method: "POST", path: "/api/articles", status: 400, msg: "empty"})
	add(hostileCase{name: "bulk without a body", method: "POST", path: "/api/bulk", header: bulkCT, status: 400, msg: "empty"})
	mb, mn := strBody(`{"id":"x","body":`)
	add(hostileCase{name: "PUT malformed JSON", method: "PUT", path: "/api/articles/x", body: mb, size: mn, status: 400, msg: "malformed JSON"})
	wb, wn := strBody(`{"title":["a"],"body":"text"}`)
	add(hostileCase{name: "PUT wrong field type", method: "PUT", path: "/api/articles/x", body: wb, size: wn, status: 400, msg: "title: expected string"})
	nb, nn := strBody(`{"body":` + nested + `}`)
	add(hostileCase{name: "PUT deeply nested JSON", method: "PUT", path: "/api/articles/x", body: nb, size: nn, status: 400, msg: "malformed JSON"})
	ub, un := bytesBody([]byte("{\"body\":\"caf\xe9\"}"))
	add(hostileCase{name: "PUT invalid UTF-8", method: "PUT", path: "/api/articles/x", body: ub, size: un, status: 400, msg: "invalid UTF-8"})
	zb, zn := strBody(`{"body":"a\u0000b"}`)
	add(hostileCase{name: "PUT NUL in body", method: "PUT", path: "/api/articles/x", body: zb, size: zn, status: 400, msg: "NUL"})
	add(hostileCase{name: "article over the limit, announced", method: "PUT", path: "/api/articles/x", body: overLimit, size: 5 << 20, status: 413, msg: "over the limit"})
	add(hostileCase{name: "bulk over the body limit, announced", method: "POST", path: "/api/bulk", header: bulkCT, body: overLimit, size: 5 << 20, status: 413, msg: "over the limit"})
	add(hostileCase{name: "bulk over the body limit, chunked", method: "POST", path: "/api/bulk", header: bulkCT, body: overLimit, size: -1, status: 413, msg: "exceeds the limit"})
	add(hostileCase{name: "article over the limit, chunked", method: "POST", path: "/api/articles", body: overLimit, size: -1, status: 413, msg: "exceeds the limit"})
	gb, gn := bytesBody(bomb)
	add(hostileCase{name: "gzip bomb", method: "POST", path: "/api/bulk", header: with(bulkCT, "Content-Encoding", "gzip"), body: gb, size: gn, status: 413, msg: "after gzip decompression"})
	add(hostileCase{name: "gzip bomb article", method: "PUT", path: "/api/articles/x", header: map[string]string{"Content-Encoding": "gzip"}, body: gb, size: gn, status: 413, msg: "after gzip decompression"})
	add(hostileCase{name: "gzip header, plain body", method: "POST", path: "/api/bulk", header: with(bulkCT, "Content-Encoding", "gzip"), body: b, size: n, status: 400, msg: "not valid gzip"})
	tz := gzipOf(strings.Repeat(good+"\n", 50))
	tb, tn := bytesBody(tz[:len(tz)/2])
	add(hostileCase{name: "truncated gzip", method: "POST", path: "/api/bulk", header: with(bulkCT, "Content-Encoding", "gzip"), body: tb, size: tn, status: 400, msg: "gzip"})
	// Query strings.
	q := func(name, path string, status int, msg string) {
		add(hostileCase{name: name, method: "GET", path: path, status: status, msg: msg})
	}
	q("query string over the limit", "/api/search?q="+strings.Repeat("a", 40<<10), 414, "query string")
	q("q over the limit", "/api/search?q="+strings.Repeat("word+", 1000), 400, "q")
	q("said over the limit", "/api/search?speaker=x&said="+strings.Repeat("b", 5000), 400, "said")
	q("unterminated phrase", "/api/search?q=%22abc", 400, "q")
	q("bad regexp", "/api/search?q="+url.QueryEscape("/[a-/"), 400, "q")
	q("huge regexp repetition", "/api/search?q="+url.QueryEscape("/a{1001}/"), 400, "q")
	q("fuzziness too high", "/api/search?q=word~9", 400, "q")
	q("malformed percent escape", "/api/search?q=%zz", 400, "query")
	q("unknown parameter", "/api/search?colour=red", 400, "colour")
	q("unknown parameter with NUL", "/api/search?%00=1", 400, "unknown parameter")
	q("parameter on an article", "/api/articles/"+env.ids[0]+"?pretty=1", 400, "pretty")
	q("repeated q", "/api/search?q=a&q=b", 400, "given 2 times")
	q("too many filter values", "/api/search?"+strings.Repeat("speaker=x&", 101), 400, "at most 100")
	q("negative size", "/api/search?size=-1", 400, "size")
	q("zero size", "/api/search?size=0", 400, "size")
	q("huge size", "/api/search?size=99999999999999999999", 400, "size")
	q("size over the max", "/api/search?size=1001", 400, "size")
	q("non-numeric size", "/api/search?size=ten", 400, "size")
	q("float size", "/api/search?size=1e3", 400, "size")
	q("negative facet_size", "/api/search?facet_size=-5", 400, "facet_size")
	q("huge facet_size", "/api/search?facet_size=100000", 400, "facet_size")
	q("quotes huge size", "/api/quotes?size=100000", 400, "size")
	q("garbage cursor", "/api/search?cursor=not-a-cursor", 400, "cursor")
	q("long cursor", "/api/search?cursor="+strings.Repeat("A", 3000), 400, "cursor")
	q("cursor of JSON garbage", "/api/search?cursor="+base64.RawURLEncoding.EncodeToString([]byte(`{"k":[1,{"x":[]}]`)), 400, "cursor")
	q("cursor of deep JSON", "/api/search?cursor="+base64.RawURLEncoding.EncodeToString([]byte(strings.Repeat("[", 1000))), 400, "cursor")
	q("quotes garbage cursor", "/api/quotes?cursor=%FF%FE", 400, "cursor")
	q("malformed from", "/api/search?from=yesterday", 400, "from")
	q("impossible date", "/api/search?to=2020-02-30", 400, "to")
	q("month 13", "/api/search?from=2020-13-01", 400, "from")
	q("five-digit year", "/api/search?from=99999-01-01", 400, "from")
	q("quotes malformed to", "/api/quotes?to=31/12/2020", 400, "to")
	q("bad sort", "/api/search?sort=random", 400, "sort")
	q("bad near", "/api/search?near=here", 400, "near")
	q("near out of range", "/api/search?near=95,10,5", 400, "near")
	q("near NaN", "/api/search?near=NaN,1,5", 400, "near")
	q("near negative radius", "/api/search?near=10,10,-5", 400, "near")
	q("quote search with an article filter", "/api/quotes?person=x", 400, "person")
	q("quotes long article_id", "/api/quotes?article_id="+strings.Repeat("a", 5000), 400, "article_id")
	q("bad facet field", "/api/facets/colour", 400, "colour")
	q("facet field with NUL", "/api/facets/%00", 400, "field")
	q("facet negative size", "/api/facets/speaker?size=-1", 400, "size")
	q("facet long prefix", "/api/facets/speaker?prefix="+strings.Repeat("p", 200), 400, "prefix")
	q("facet unknown parameter", "/api/facets/speaker?sort=date", 400, "sort")
	q("stats with a parameter", "/api/stats?x=1", 400, "x")
	// Article ids in the path.
	q("very long id", "/api/articles/"+long, 400, "over the limit")
	q("id with #q", "/api/articles/a%23q0", 400, "#q")
	q("id of spaces", "/api/articles/%20%20", 400, "empty")
	q("id with NUL", "/api/articles/a%00b", 400, "id")
	q("id of invalid UTF-8", "/api/articles/%FF%FE", 400, "UTF-8")
	pb, pn := strBody(good)
	add(hostileCase{name: "PUT id with #q", method: "PUT", path: "/api/articles/x%23q1", body: pb, size: pn, status: 400, msg: "#q"})
	add(hostileCase{name: "PUT very long id", method: "PUT", path: "/api/articles/" + long, body: pb, size: pn, status: 400, msg: "over the limit"})
	add(hostileCase{name: "PUT id with NUL", method: "PUT", path: "/api/articles/a%00b", body: pb, size: pn, status: 400, msg: "id"})
	add(hostileCase{name: "PUT id of invalid UTF-8", method: "PUT", path: "/api/articles/%FF", body: pb, size: pn, status: 400, msg: "UTF-8"})
	add(hostileCase{name: "DELETE id with #q", method: "DELETE", path: "/api/articles/" + url.PathEscape(env.ids[0]+"#q0"), status: 400, msg: "#q"})
	add(hostileCase{name: "DELETE a missing article", method: "DELETE", path: "/api/articles/never-stored", status: 404, msg: "not found"})
	q("GET a missing article", "/api/articles/never-stored", 404, "not found")

	for _, c := range cases {
		code, body := env.do(t, c)
		checkError(t, c.name, code, body, c.status, c.msg)
		tried++
	}

	// Deeply nested queries: parentheses past search.MaxQueryNesting are
	// refused naming q; a query of only quote marks is answered quickly.
	for _, nq := range []string{
		strings.Repeat("(", 2000) + "a" + strings.Repeat(")", 2000),
		strings.Repeat("+(-", 1300) + "a",
		strings.Repeat("(a OR ", 600) + "b" + strings.Repeat(")", 600),
		strings.Repeat(`"`, 4000),
	} {
		tried++
		start := time.Now()
		code, body := env.do(t, hostileCase{method: "GET", path: "/api/search?q=" + url.QueryEscape(nq)})
		took := time.Since(start)
		switch {
		case strings.Contains(nq, "("):
			checkError(t, "deeply nested query", code, body, 400, "q: ") // too deep, or too long
		case code == http.StatusBadRequest:
			checkError(t, "deeply nested query", code, body, 400, "q")
		case code == http.StatusOK && took < 5*time.Second:
			t.Logf("deeply nested query %q…: answered 200 in %s", clip(nq, 12), took.Round(time.Millisecond))
		default:
			t.Errorf("deeply nested query %q…: status %d after %s: %s", clip(nq, 12), code, took, clip(string(body), 200))
		}
	}

	// Bulk: bad lines are reported per line, the good ones around them indexed.
	lines := []struct {
		line string
		want string // "created" or a substring of the line's error
	}{
		{`{"id":"ok-1","title":"Fine","body":"An ordinary article about Berlin."}`, "created"},
		{`{"id":"x","body":`, "malformed JSON"},
		{`[1,2,3]`, "expected a JSON object, got an array"},
		{`null`, "expected a JSON object, got null"},
		{`"just a string"`, "expected a JSON object, got a string"},
		{`{"id":5,"body":"text"}`, "id: expected string, got a number"},
		{`{"body":42}`, "body: expected string, got a number"},
		{`{"title":{"a":1},"body":"text"}`, "title: expected string, got an object"},
		{`{"body":"text","authors":{"a":1}}`, "authors"},
		{`{"body":"text","published":12}`, "published: expected string"},
		{`{"body":"text","published":1e999}`, "published: expected string"},
		{`{"body":"text","date":"last Tuesday"}`, "date: cannot parse"},
		{`{"body":"text","date":"2020-13-45"}`, "date: cannot parse"},
		{`{"title":"no body"}`, "body: missing"},
		{`{"body":"   "}`, "body: is empty"},
		{"{\"body\":\"caf\xe9 \xff\"}", "invalid UTF-8"},
		{`{"body":"NUL \u0000 here"}`, "NUL"},
		{"{\"body\":\"raw NUL \x00 byte\"}", "malformed JSON"},
		{`{"id":"` + long + `","body":"text"}`, "over the limit"},
		{`{"id":"a#q1","body":"text"}`, "reserved for quote documents"},
		{`{"id":"a\nb","body":"text"}`, "id: contains a control character"},
		{`{"body":` + nested + `}`, "malformed JSON"},
		{`{"body":"text"} trailing`, "malformed JSON"},
		{`{"body":"text","body":17}`, "body: expected string"},
		{`{"id":"ok-2","title":"Also fine","body":"Another ordinary article, about Jakarta."}`, "created"},
	}
	var bulk bytes.Buffer
	for _, l := range lines {
		bulk.WriteString(l.line)
		bulk.WriteString("\n")
	}
	bb, bn := bytesBody(bulk.Bytes())
	code, body := env.do(t, hostileCase{name: "bulk of bad lines", method: "POST", path: "/api/bulk", header: bulkCT, body: bb, size: bn})
	var res indexer.BulkResult
	if code != http.StatusOK || json.Unmarshal(body, &res) != nil {
		t.Fatalf("bulk of bad lines: %d %s", code, clip(string(body), 500))
	}
	if len(res.Items) != len(lines) {
		t.Fatalf("bulk: %d items for %d lines: %s", len(res.Items), len(lines), clip(string(body), 2000))
	}
	for i, l := range lines {
		it := res.Items[i]
		tried++
		if it.Line != i+1 {
			t.Errorf("item %d is for line %d", i, it.Line)
		}
		if l.want == "created" {
			tried--
			if it.Result != "created" {
				t.Errorf("line %d: %+v, want created", i+1, it)
			}
			continue
		}
		if it.Result != indexer.ResultError || !strings.Contains(it.Error, l.want) || !strings.HasPrefix(it.Error, fmt.Sprintf("line %d: ", i+1)) {
			t.Errorf("line %d (%s): %+v, want an error 'line %d: …%s…'", i+1, clip(l.line, 60), it, i+1, l.want)
		}
	}

	// Headers too large, and a request line that does not parse: net/http answers.
	for _, raw := range []struct{ name, req string }{
		{"headers over the limit", "GET /api/search HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("h", 80<<10) + "\r\n\r\n"},
		{"malformed request line", "GET /api/articles/%zz HTTP/1.1\r\nHost: x\r\n\r\n"},
		{"bad chunked encoding", "POST /api/bulk HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + relTestKey + "\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"},
	} {
		tried++
		status := rawRequest(t, env.addr, raw.req)
		if status < 400 || status > 499 {
			t.Errorf("%s: status %d, want 4xx", raw.name, status)
		}
	}

	// Still up, and nothing stored before was touched.
	if code, _ := env.do(t, hostileCase{method: "GET", path: "/healthz"}); code != 200 {
		t.Fatalf("healthz after hostile input: %d", code)
	}
	if after := env.checksum(t); after != before {
		t.Errorf("stored articles changed: checksum %s before, %s after", before, after)
	}
	// Stored now: the preloaded articles, the good bulk lines, and the one
	// article repeated in the chunked over-limit bodies (lines read before a
	// body turns out too large are indexed, as the 413 message says).
	var all search.Response
	code, body = env.do(t, hostileCase{method: "GET", path: "/api/search?size=1000"})
	if code != 200 || json.Unmarshal(body, &all) != nil {
		t.Fatalf("list: %d %s", code, clip(string(body), 300))
	}
	var extra []string
	for _, h := range all.Hits {
		if !slices.Contains(env.ids, h.ID) {
			extra = append(extra, h.ID)
		}
	}
	slices.Sort(extra)
	if len(all.Hits) != len(env.ids)+len(extra) || !slices.Equal(extra, []string{"ok-1", "ok-2", "ok-put"}) {
		t.Errorf("stored besides the preloaded articles: %q, want ok-1, ok-2, ok-put", extra)
	}
	t.Logf("SUMMARY: %d hostile inputs tried (%d requests, 4 nested queries, %d bad bulk lines in one request, 3 raw); each answered 4xx naming the problem (nested queries: 4xx or a quick 200); stored articles intact",
		tried, len(cases), tried-len(cases)-4-3)
}

// rawRequest writes req on a new connection and returns the status code.
func rawRequest(t *testing.T, addr, req string) int {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	go io.WriteString(conn, req)
	var status int
	line, err := readLineRaw(conn)
	if err != nil {
		t.Fatalf("raw request: %v", err)
	}
	fmt.Sscanf(line, "HTTP/1.1 %d", &status)
	return status
}

func readLineRaw(r io.Reader) (string, error) {
	var b []byte
	one := make([]byte, 1)
	for {
		if _, err := r.Read(one); err != nil {
			return string(b), err
		}
		if one[0] == '\n' {
			return string(b), nil
		}
		b = append(b, one[0])
	}
}

// TestHostileHugeLine streams a 100 MB line in a bulk body to a server whose
// body limit admits it: that line alone is refused, by the line limit, the
// lines around it are indexed, and the server never holds the line.
func TestHostileHugeLine(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 100 MB")
	}
	env := newHostileEnv(t, server.Config{MaxBodyBytes: 256 << 20}, 0, 0)
	first := `{"id":"before","title":"Before","body":"The line before the huge one, about Berlin."}` + "\n"
	last := "\n" + `{"id":"after","title":"After","body":"The line after the huge one, about Jakarta."}` + "\n"
	huge := &repeatReader{pat: []byte(`{"id":"huge","body":"` + strings.Repeat("news ", 200)), n: 100 << 20}
	body := io.MultiReader(strings.NewReader(first), huge, strings.NewReader(last))

	// Sample the heap while the body streams: holding the line would take
	// 100 MiB at once. A low GC target keeps the garbage of streaming (and
	// of other work in the process) from passing for a held line.
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	var m0 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	stop := make(chan struct{})
	peak := make(chan uint64, 1)
	go func() {
		var top uint64
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				peak <- top
				return
			case <-time.After(5 * time.Millisecond):
			}
			runtime.ReadMemStats(&m)
			top = max(top, m.HeapInuse)
		}
	}()
	req, _ := http.NewRequest(http.MethodPost, env.url+"/api/bulk", body) // chunked: length unknown
	req.Header.Set("Content-Type", "application/x-ndjson")
	req.Header.Set("Authorization", "Bearer "+relTestKey)
	resp, err := env.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	close(stop)
	grew := (int64(<-peak) - int64(m0.HeapInuse)) >> 20
	var res indexer.BulkResult
	if resp.StatusCode != 200 || json.Unmarshal(b, &res) != nil || len(res.Items) != 3 {
		t.Fatalf("status %d: %s", resp.StatusCode, clip(string(b), 500))
	}
	want := fmt.Sprintf("line 2: line is longer than the limit of %d bytes", indexer.DefaultMaxLineBytes)
	if res.Items[0].Result != "created" || res.Items[2].Result != "created" || res.Items[1].Error != want {
		t.Errorf("items %+v; want line 2 %q, the others created", res.Items, want)
	}
	t.Logf("100 MiB line: peak heap grew by %d MiB (line limit %d MiB)", grew, indexer.DefaultMaxLineBytes>>20)
	if grew > 90 {
		t.Errorf("peak heap grew by %d MiB for a 100 MiB line: the line is being held, not streamed past", grew)
	}
	if _, err := env.st.Get("after"); err != nil {
		t.Errorf("line after the huge one: %v", err)
	}
}
