package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/newsfind/newsfind/indexer"
	"github.com/newsfind/newsfind/schema"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		// bleve starts its analysis workers at package init; they live for
		// the whole process by design.
		goleak.IgnoreTopFunction("github.com/blevesearch/bleve_index_api.AnalysisWorker"),
		// bleve's in-memory store (upsidedown/gtreap, used by store.Open(""))
		// leaves iterator goroutines behind after text searches, even once
		// the index is closed; the on-disk (scorch) store does not (checked
		// with the same search on a temp-dir store).
		goleak.IgnoreTopFunction("github.com/blevesearch/bleve/v2/index/upsidedown/store/gtreap.(*Iterator).restart.func1.1"))
}

func TestRoutingErrors(t *testing.T) {
	e := newEnv(t, Config{})
	tests := []struct {
		name   string
		r      req
		status int
		want   string // substring of the error message
	}{
		{"unknown route", req{method: "GET", path: "/nope"}, 404, "no endpoint"},
		{"unknown api route", req{method: "GET", path: "/api/nope"}, 404, "no endpoint"},
		{"wrong method on search", req{method: "POST", path: "/api/search"}, 405, "POST"},
		{"wrong method on bulk", req{method: "GET", path: "/api/bulk"}, 405, "GET"},
		{"wrong method on UI", req{method: "DELETE", path: "/"}, 405, "DELETE"},
		{"param on stats", req{method: "GET", path: "/api/stats?x=1"}, 400, `"x"`},
		{"param on article", req{method: "GET", path: "/api/articles/a?pretty=1"}, 400, `"pretty"`},
		{"missing article", req{method: "GET", path: "/api/articles/missing"}, 404, `"missing"`},
		{"reserved id", req{method: "GET", path: "/api/articles/a%23q1"}, 400, "#q"},
		{"malformed query string", req{method: "GET", path: "/api/search?q=%zz"}, 400, "malformed query string"},
		{"NUL in id", req{method: "GET", path: "/api/articles/a%00b"}, 400, "control character"},
		{"invalid UTF-8 id", req{method: "PUT", path: "/api/articles/a%ffb", body: strings.NewReader(`{"body":"x"}`)}, 400, "UTF-8"},
		{"empty bulk", req{method: "POST", path: "/api/bulk", body: strings.NewReader("\n\n")}, 400, "empty"},
		{"query string too long", req{method: "GET", path: "/api/search?q=" + strings.Repeat("a", DefaultMaxQueryStringBytes)}, 414, "limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := e.do(tt.r).checkError(t, tt.status)
			if !strings.Contains(msg, tt.want) {
				t.Errorf("message %q does not contain %q", msg, tt.want)
			}
		})
	}
}

// TestMethodNotAllowedAllow: a 405 lists the methods the path does take
// in an Allow header (RFC 9110 section 15.5.6 requires it).
func TestMethodNotAllowedAllow(t *testing.T) {
	e := newEnv(t, Config{})
	tests := []struct {
		method, path, allow string
	}{
		{"POST", "/api/search", "GET, HEAD"},
		{"OPTIONS", "/api/quotes", "GET, HEAD"},
		{"GET", "/api/bulk", "POST"},
		{"POST", "/api/articles/a1", "GET, HEAD, PUT, DELETE"},
		{"DELETE", "/api/articles", "POST"},
		{"PUT", "/api/facets/speaker", "GET, HEAD"},
		{"DELETE", "/", "GET, HEAD"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			r := e.do(req{method: tt.method, path: tt.path})
			r.checkError(t, 405)
			if got := r.header.Get("Allow"); got != tt.allow {
				t.Errorf("Allow = %q, want %q", got, tt.allow)
			}
		})
	}
}

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t, Config{})
	for _, path := range []string{"/", "/healthz", "/api/stats", "/api/nope", "/metrics", "/api/articles/x"} {
		r := e.do(req{method: "GET", path: path})
		for k, want := range map[string]string{
			"X-Content-Type-Options":  "nosniff",
			"X-Frame-Options":         "DENY",
			"Referrer-Policy":         "no-referrer",
			"Content-Security-Policy": "default-src 'self'",
		} {
			if got := r.header.Get(k); !strings.Contains(got, want) {
				t.Errorf("GET %s: %s = %q, want %q", path, k, got, want)
			}
		}
		if r.header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("GET %s: CORS header set with CORS off", path)
		}
	}
}

func TestUI(t *testing.T) {
	e := newEnv(t, Config{})
	r := e.do(req{method: "GET", path: "/"})
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET / = %d %q", r.status, r.header.Get("Content-Type"))
	}
}

func TestHealthAndReady(t *testing.T) {
	e := newEnv(t, Config{})
	for _, path := range []string{"/healthz", "/readyz"} {
		if r := e.do(req{method: "GET", path: path}); r.status != 200 {
			t.Errorf("GET %s = %d %s", path, r.status, r.body)
		}
	}
	e.srv.draining.Store(true)
	e.do(req{method: "GET", path: "/readyz"}).checkError(t, 503)
	if r := e.do(req{method: "GET", path: "/healthz"}); r.status != 200 {
		t.Errorf("healthz while draining = %d, want 200 (alive)", r.status)
	}
}

func TestArticles(t *testing.T) {
	e := newEnv(t, Config{})
	body := `{"id":"ignored","title":"Talks in Berlin","body":"Obama met Merkel in Berlin. \"We agree,\" Obama said.","published":"2016-02-01"}`

	r := e.do(req{method: "PUT", path: "/api/articles/a1", body: strings.NewReader(body), header: jsonHeader()})
	if r.status != 201 || r.header.Get("Location") != "/api/articles/a1" {
		t.Fatalf("PUT new = %d Location %q: %s", r.status, r.header.Get("Location"), r.body)
	}
	var wr WriteResult
	r.decode(t, &wr)
	if diff := cmp.Diff(WriteResult{ID: "a1", Result: "created"}, wr); diff != "" {
		t.Errorf("PUT new result (-want +got):\n%s", diff)
	}

	r = e.do(req{method: "PUT", path: "/api/articles/a1", body: strings.NewReader(body)}) // no Content-Type: JSON assumed
	wr = WriteResult{}
	r.decode(t, &wr)
	if r.status != 200 || wr.Result != "updated" {
		t.Fatalf("PUT again = %d %s", r.status, r.body)
	}

	r = e.do(req{method: "GET", path: "/api/articles/a1"})
	var got schema.Article
	r.decode(t, &got)
	if r.status != 200 || got.ID != "a1" || got.Title != "Talks in Berlin" {
		t.Fatalf("GET = %d %s", r.status, r.body)
	}
	var names []string
	for _, en := range got.Entities {
		names = append(names, en.Type+":"+en.Name)
	}
	if diff := cmp.Diff([]string{"person:Barack Obama", "person:Angela Merkel", "place:Berlin"}, names); diff != "" {
		t.Errorf("entities (-want +got):\n%s", diff)
	}
	if len(got.Quotes) != 1 || got.Quotes[0].Text != "We agree," || got.Quotes[0].Speaker != "Barack Obama" {
		t.Errorf("quotes = %+v", got.Quotes)
	}
	if _, err := e.st.Get("ignored"); err == nil {
		t.Error("the body id was used instead of the path id")
	}

	// An id with a slash travels escaped.
	r = e.do(req{method: "PUT", path: "/api/articles/wire%2F7", body: strings.NewReader(`{"body":"x"}`), header: jsonHeader()})
	if r.status != 201 || r.header.Get("Location") != "/api/articles/wire%2F7" {
		t.Fatalf("PUT wire/7 = %d %q %s", r.status, r.header.Get("Location"), r.body)
	}
	if _, err := e.st.Get("wire/7"); err != nil {
		t.Errorf("wire/7 not stored: %v", err)
	}

	// POST takes the id from the body, or derives one.
	r = e.do(req{method: "POST", path: "/api/articles", body: strings.NewReader(`{"id":"p1","body":"text"}`), header: jsonHeader()})
	wr = WriteResult{}
	r.decode(t, &wr)
	if r.status != 201 || wr.ID != "p1" {
		t.Fatalf("POST with id = %d %s", r.status, r.body)
	}
	r = e.do(req{method: "POST", path: "/api/articles", body: strings.NewReader(`{"url":"https://example.com/x","body":"text"}`), header: jsonHeader()})
	wr = WriteResult{}
	r.decode(t, &wr)
	if r.status != 201 || wr.ID == "" || wr.ID != indexer.DeriveID(&schema.Article{URL: "https://example.com/x"}) {
		t.Fatalf("POST without id = %d %s", r.status, r.body)
	}

	r = e.do(req{method: "DELETE", path: "/api/articles/a1"})
	wr = WriteResult{}
	r.decode(t, &wr)
	if r.status != 200 || wr.Result != "deleted" {
		t.Fatalf("DELETE = %d %s", r.status, r.body)
	}
	e.do(req{method: "DELETE", path: "/api/articles/a1"}).checkError(t, 404)
	e.do(req{method: "GET", path: "/api/articles/a1"}).checkError(t, 404)
}

func TestArticleBadBodies(t *testing.T) {
	e := newEnv(t, Config{})
	tests := []struct {
		name   string
		method string
		body   string
		header map[string]string
		status int
		want   string
	}{
		{"malformed JSON", "PUT", `{"body":`, jsonHeader(), 400, "malformed JSON"},
		{"wrong field type", "PUT", `{"body":5}`, jsonHeader(), 400, "body: expected string"},
		{"missing body", "POST", `{"title":"t"}`, jsonHeader(), 400, "body: missing"},
		{"not an object", "POST", `[1]`, jsonHeader(), 400, "expected a JSON object"},
		{"empty POST", "POST", ``, jsonHeader(), 400, "request body is empty"},
		{"blank PUT", "PUT", " \n ", jsonHeader(), 400, "request body is empty"},
		{"form encoded", "PUT", `body=x`, map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, 415, "Content-Type"},
		{"unknown encoding", "PUT", `{"body":"x"}`, map[string]string{"Content-Encoding": "br"}, 415, "Content-Encoding"},
		{"too large", "PUT", `{"body":"` + strings.Repeat("x", indexer.DefaultMaxArticleBytes) + `"}`, jsonHeader(), 413, "limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := "/api/articles"
			if tt.method == "PUT" {
				path += "/x"
			}
			msg := e.do(req{method: tt.method, path: path, body: strings.NewReader(tt.body), header: tt.header}).checkError(t, tt.status)
			if !strings.Contains(msg, tt.want) {
				t.Errorf("message %q does not contain %q", msg, tt.want)
			}
		})
	}
	if n, _ := e.st.Count(); n != 0 {
		t.Errorf("%d articles stored from bad requests", n)
	}
}

func gzipBytes(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const bulkBody = `{"id":"a1","title":"One","body":"Obama spoke in Jakarta."}
{"id":"a2","body":5}

garbage
{"id":"a3","title":"Three","body":"Merkel said \"yes\" in Berlin."}
{"id":"a1","title":"One again","body":"Obama spoke again."}
`

var bulkWant = &indexer.BulkResult{
	Items: []indexer.LineResult{
		{Line: 1, ID: "a1", Result: "created"},
		{Line: 2, Result: "error", Error: "line 2: body: expected string, got a number"},
		{Line: 4, Result: "error", Error: `line 4: expected a JSON object, got invalid JSON (it starts "garbage")`},
		{Line: 5, ID: "a3", Result: "created"},
		{Line: 6, ID: "a1", Result: "updated"},
	},
	Created: 2, Updated: 1, Failed: 2,
}

func TestBulk(t *testing.T) {
	tests := []struct {
		name   string
		body   func(t *testing.T) []byte
		header map[string]string
	}{
		{"plain", func(t *testing.T) []byte { return []byte(bulkBody) }, map[string]string{"Content-Type": "application/x-ndjson"}},
		{"no content type", func(t *testing.T) []byte { return []byte(bulkBody) }, nil},
		{"gzip", func(t *testing.T) []byte { return gzipBytes(t, []byte(bulkBody)) },
			map[string]string{"Content-Type": "application/x-ndjson", "Content-Encoding": "gzip"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, Config{})
			r := e.do(req{method: "POST", path: "/api/bulk", body: bytes.NewReader(tt.body(t)), header: tt.header})
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			got := &indexer.BulkResult{}
			r.decode(t, got)
			if diff := cmp.Diff(bulkWant, got); diff != "" {
				t.Errorf("bulk result (-want +got):\n%s", diff)
			}
			// 200 means committed: every acknowledged line is readable now.
			for _, it := range got.Items {
				if it.Result != "error" {
					if _, err := e.st.Get(it.ID); err != nil {
						t.Errorf("line %d (%s) acknowledged but not stored: %v", it.Line, it.ID, err)
					}
				}
			}
			if a, err := e.st.Get("a1"); err != nil || a.Title != "One again" {
				t.Errorf("a1 = %+v, %v; want the later line to win", a, err)
			}
		})
	}
}

// chunked hides a reader's length so the request is sent without a
// Content-Length and the limit must be enforced while reading.
type chunked struct{ r io.Reader }

func (c chunked) Read(p []byte) (int, error) { return c.r.Read(p) }

func TestBulkBadBodies(t *testing.T) {
	const limit = 64 << 10
	line := `{"body":"` + strings.Repeat("word ", 50) + `"}` + "\n"
	big := []byte(strings.Repeat(line, 2*limit/len(line)))
	// A gzip bomb: tiny on the wire, far over the limit once inflated.
	// Built from repeated gzip members (a valid multi-member stream) to
	// keep the test fast: 16 MiB inflated, 256 times the limit.
	bomb := bytes.Repeat(gzipBytes(t, bytes.Repeat([]byte{'\n'}, 1<<20)), 16)
	if len(bomb) > limit {
		t.Fatalf("bomb is %d bytes compressed; the test needs it under the limit", len(bomb))
	}
	gz := map[string]string{"Content-Encoding": "gzip"}
	tests := []struct {
		name   string
		body   io.Reader
		header map[string]string
		status int
		want   string
	}{
		{"over limit with length", bytes.NewReader(big), nil, 413, "limit of 65536"},
		{"over limit chunked", chunked{bytes.NewReader(big)}, nil, 413, "limit of 65536"},
		{"gzip bomb", bytes.NewReader(bomb), gz, 413, "after gzip decompression"},
		{"gzip bomb chunked", chunked{bytes.NewReader(bomb)}, gz, 413, "after gzip decompression"},
		{"not gzip", strings.NewReader(`{"body":"x"}`), gz, 400, "not valid gzip"},
		{"truncated gzip", bytes.NewReader(gzipBytes(t, []byte(bulkBody))[:40]), gz, 400, "not valid gzip"},
		{"unsupported type", strings.NewReader(bulkBody), map[string]string{"Content-Type": "multipart/form-data; boundary=x"}, 415, "Content-Type"},
		{"unsupported encoding", strings.NewReader(bulkBody), map[string]string{"Content-Encoding": "deflate"}, 415, "Content-Encoding"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, Config{MaxBodyBytes: limit})
			// A body over the limit breaks off after some lines, which the
			// answer lists (TestBulkBrokenGzipKeepsEarlierLines).
			msg := e.do(req{method: "POST", path: "/api/bulk", body: tt.body, header: tt.header}).checkError(t, tt.status,
				"items", "created", "updated", "failed")
			if !strings.Contains(msg, tt.want) {
				t.Errorf("message %q does not contain %q", msg, tt.want)
			}
		})
	}
}

// A gzip body cut off partway: the lines inflated before the cut are
// indexed and committed, and the error answer lists them so the client
// knows where to resume.
func TestBulkBrokenGzipKeepsEarlierLines(t *testing.T) {
	var lines strings.Builder
	for i := range 400 {
		fmt.Fprintf(&lines, `{"id":"z%03d","body":"Article number %d says %x."}`+"\n", i, i, i*7919)
	}
	gz := gzipBytes(t, []byte(lines.String()))
	e := newEnv(t, Config{})
	r := e.do(req{method: "POST", path: "/api/bulk", body: bytes.NewReader(gz[:len(gz)*2/3]),
		header: map[string]string{"Content-Encoding": "gzip"}})
	if r.status != 400 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	var got BulkFailure
	r.decode(t, &got)
	if !strings.Contains(got.Error, "not valid gzip") || !strings.Contains(got.Error, "see items") || got.Status != 400 {
		t.Errorf("error %q (status %d)", got.Error, got.Status)
	}
	if got.BulkResult == nil || got.Created == 0 || got.Created >= 400 || got.Created != len(got.Items) {
		t.Fatalf("created %d of %d items, want some but not all of the 400 lines, every one created", got.Created, len(got.Items))
	}
	for i, it := range got.Items {
		if it.Line != i+1 || it.Result != "created" {
			t.Errorf("item %d: %+v", i, it)
		}
		if _, err := e.st.Get(it.ID); err != nil {
			t.Errorf("line %d (%s) listed but not stored: %v", it.Line, it.ID, err)
		}
	}
	if n, _ := e.st.Count(); n != uint64(got.Created) {
		t.Errorf("%d stored, %d listed", n, got.Created)
	}
}

func TestAuth(t *testing.T) {
	write := req{method: "PUT", path: "/api/articles/k1", header: jsonHeader()}
	read := req{method: "GET", path: "/api/stats"}
	tests := []struct {
		name   string
		cfg    Config
		r      req
		auth   string // Authorization header; "" for none
		status int
	}{
		{"no key configured: writes open", Config{}, write, "", 201},
		{"write without key", Config{APIKey: testKey}, write, "", 401},
		{"write with wrong key", Config{APIKey: testKey}, write, "Bearer " + testKey + "x", 401},
		{"write with key prefix", Config{APIKey: testKey}, write, "Bearer " + testKey[:5], 401},
		{"write with wrong scheme", Config{APIKey: testKey}, write, "Basic " + testKey, 401},
		{"write with key", Config{APIKey: testKey}, write, "Bearer " + testKey, 201},
		{"write with lower-case scheme", Config{APIKey: testKey}, write, "bearer " + testKey, 201},
		{"read open by default", Config{APIKey: testKey}, read, "", 200},
		{"delete without key", Config{APIKey: testKey}, req{method: "DELETE", path: "/api/articles/x"}, "", 401},
		{"bulk without key", Config{APIKey: testKey}, req{method: "POST", path: "/api/bulk"}, "", 401},
		{"post without key", Config{APIKey: testKey}, req{method: "POST", path: "/api/articles"}, "", 401},
		{"protected read without key", Config{APIKey: testKey, ProtectReads: true}, read, "", 401},
		{"protected metrics without key", Config{APIKey: testKey, ProtectReads: true}, req{method: "GET", path: "/metrics"}, "", 401},
		{"protected read with key", Config{APIKey: testKey, ProtectReads: true}, read, "Bearer " + testKey, 200},
		{"healthz stays open", Config{APIKey: testKey, ProtectReads: true}, req{method: "GET", path: "/healthz"}, "", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, tt.cfg)
			r := tt.r
			r.body = strings.NewReader(`{"body":"text"}`)
			r.header = map[string]string{}
			for k, v := range tt.r.header {
				r.header[k] = v
			}
			if tt.auth != "" {
				r.header["Authorization"] = tt.auth
			}
			got := e.do(r)
			if tt.status == 401 {
				got.checkError(t, 401)
				if got.header.Get("WWW-Authenticate") == "" {
					t.Error("401 without WWW-Authenticate")
				}
				if n, _ := e.st.Count(); n != 0 {
					t.Error("unauthenticated write was stored")
				}
				return
			}
			if got.status != tt.status {
				t.Fatalf("status = %d, want %d: %s", got.status, tt.status, got.body)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		cfg     Config
		wantErr bool
	}{
		{Config{}, false},
		{Config{Addr: "127.0.0.1:0"}, false},
		{Config{Addr: "localhost:8080"}, false},
		{Config{Addr: "[::1]:8080"}, false},
		{Config{Addr: ":8080"}, true},
		{Config{Addr: "0.0.0.0:8080"}, true},
		{Config{Addr: "[::]:8080"}, true},
		{Config{Addr: "192.168.1.5:8080"}, true},
		{Config{Addr: "example.com:8080"}, true},
		{Config{Addr: ":8080", APIKey: testKey}, false},
		{Config{Addr: ":8080", APIKey: "short"}, true},
		{Config{Addr: "no-port"}, true},
		{Config{ProtectReads: true}, true},
		{Config{CORSOrigins: []string{"https://app.example.com"}}, false},
		{Config{CORSOrigins: []string{"app.example.com"}}, true},
		{Config{CORSOrigins: []string{"https://app.example.com/"}}, true},
		{Config{CORSOrigins: []string{"*"}}, true},
		{Config{CORSOrigins: []string{"*"}, APIKey: testKey}, false},
	}
	for _, tt := range tests {
		err := tt.cfg.Validate()
		if (err != nil) != tt.wantErr {
			t.Errorf("Validate(%+v) = %v, want error %v", tt.cfg, err, tt.wantErr)
		}
	}
	err := Config{Addr: "0.0.0.0:80"}.Validate()
	if !errors.Is(err, ErrInsecureConfig) || !strings.Contains(err.Error(), "API key") {
		t.Errorf("insecure config error = %v; want ErrInsecureConfig naming the API key", err)
	}
	if _, err := New(Config{Addr: ":80"}, nil, nil, nil); !errors.Is(err, ErrInsecureConfig) {
		t.Errorf("New accepted an insecure config: %v", err)
	}
}

func TestCORS(t *testing.T) {
	e := newEnv(t, Config{CORSOrigins: []string{"https://app.example.com"}})
	tests := []struct {
		name, method, origin string
		wantAllow            string
		wantStatus           int
	}{
		{"allowed", "GET", "https://app.example.com", "https://app.example.com", 200},
		{"other origin", "GET", "https://evil.example.com", "", 200},
		{"preflight allowed", "OPTIONS", "https://app.example.com", "https://app.example.com", 204},
		{"preflight other", "OPTIONS", "https://evil.example.com", "", 405},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := map[string]string{"Origin": tt.origin}
			if tt.method == "OPTIONS" {
				h["Access-Control-Request-Method"] = "PUT"
			}
			r := e.do(req{method: tt.method, path: "/api/stats", header: h})
			if r.status != tt.wantStatus {
				t.Errorf("status = %d, want %d", r.status, tt.wantStatus)
			}
			if got := r.header.Get("Access-Control-Allow-Origin"); got != tt.wantAllow {
				t.Errorf("Allow-Origin = %q, want %q", got, tt.wantAllow)
			}
			if tt.method == "OPTIONS" && tt.wantAllow != "" && !strings.Contains(r.header.Get("Access-Control-Allow-Headers"), "Authorization") {
				t.Errorf("preflight does not allow the Authorization header")
			}
		})
	}
}

func TestStats(t *testing.T) {
	e := newEnv(t, Config{StatsFacetSize: 2})
	a1 := testArticle("a1", "One", "text", "Ann", "Bob", "Cid")
	a2 := testArticle("a2", "Two", "text", "Ann")
	a2.Source = "other"
	e.seed(a1, a2)
	r := e.do(req{method: "GET", path: "/api/stats"})
	var got Stats
	r.decode(t, &got)
	want := Stats{Articles: 2, Shards: 2, Fields: map[string]FieldStats{
		"speaker": {Distinct: 2, Truncated: true}, // Ann, Bob, Cid: over the bound of 2
		"person":  {Distinct: 2, Truncated: true},
		"place":   {},
		"org":     {},
		"source":  {Distinct: 2},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
}

func TestMetrics(t *testing.T) {
	e := newEnv(t, Config{})
	e.do(req{method: "GET", path: "/api/stats"})
	e.do(req{method: "GET", path: "/api/articles/zzz"})
	e.do(req{method: "GET", path: "/no/such/path"})
	e.do(req{method: "POST", path: "/api/bulk", body: strings.NewReader(bulkBody)})
	r := e.do(req{method: "GET", path: "/metrics"})
	for _, want := range []string{
		`newsfind_http_requests_total{code="200",method="GET",route="/api/stats"} 1`,
		`newsfind_http_requests_total{code="404",method="GET",route="/api/articles/{id}"} 1`,
		`newsfind_http_requests_total{code="404",method="GET",route="unmatched"} 1`,
		`newsfind_http_errors_total{code="404",route="/api/articles/{id}"} 1`,
		`newsfind_http_request_duration_seconds_count{code="200",method="GET",route="/api/stats"} 1`,
		`newsfind_articles_indexed_total{result="created"} 2`,
		`newsfind_articles_indexed_total{result="failed"} 2`,
		`newsfind_articles 2`,
		`newsfind_index_size_bytes 0`,
		`newsfind_http_requests_in_flight 1`, // the scrape itself
	} {
		if !strings.Contains(string(r.body), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

func TestAccessLog(t *testing.T) {
	e := newEnv(t, Config{})
	e.do(req{method: "GET", path: "/api/articles/abc"})
	var found bool
	for _, line := range strings.Split(e.log.String(), "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) != nil || rec["msg"] != "http request" {
			continue
		}
		found = true
		if rec["method"] != "GET" || rec["route"] != "/api/articles/{id}" || rec["status"] != float64(404) || rec["duration_ms"] == nil {
			t.Errorf("access log record = %v", rec)
		}
	}
	if !found {
		t.Errorf("no access log record in %s", e.log.String())
	}
}

// TestInternalErrorHidden: an error not known to be the client's fault
// reaches the log, not the client.
func TestInternalErrorHidden(t *testing.T) {
	e := newEnv(t, Config{})
	h := e.srv.observe(e.srv.api(func(r *http.Request) (any, error) {
		return nil, fmt.Errorf("store: open /var/lib/newsfind/shard-000: %w", os.ErrPermission)
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
	r := resp{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	if msg := r.checkError(t, 500); msg != "internal server error" {
		t.Errorf("500 message %q leaks detail", msg)
	}
	if !strings.Contains(e.log.String(), `"level":"ERROR"`) || !strings.Contains(e.log.String(), "/var/lib/newsfind/shard-000") {
		t.Errorf("the internal error was not logged: %s", e.log.String())
	}
}

func TestPanicRecovered(t *testing.T) {
	e := newEnv(t, Config{})
	h := e.srv.observe(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("secret detail /etc/x") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
	r := resp{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	if msg := r.checkError(t, 500); strings.Contains(msg, "secret") {
		t.Errorf("panic detail leaked: %q", msg)
	}
	if !strings.Contains(e.log.String(), "secret detail") {
		t.Error("panic not logged")
	}
}

func TestTimeout(t *testing.T) {
	e := newEnv(t, Config{})
	h := e.srv.observe(timeout(10*time.Millisecond, e.srv.api(func(r *http.Request) (any, error) {
		<-r.Context().Done()
		return nil, fmt.Errorf("search: %w", r.Context().Err())
	})))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
	r := resp{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	if msg := r.checkError(t, 503); msg != "request timed out" {
		t.Errorf("message = %q", msg)
	}
}

// TestGracefulShutdown starts a bulk request that is still sending its body
// when shutdown begins; it must complete with every line indexed.
func TestGracefulShutdown(t *testing.T) {
	e := newEnv(t, Config{ShutdownTimeout: 10 * time.Second})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- e.srv.Serve(ctx, ln) }()

	pr, pw := io.Pipe()
	defer pw.Close() // before the server's cleanup waits for this request
	type result struct {
		status int
		body   []byte
		err    error
	}
	done := make(chan result, 1)
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	go func() {
		res, err := client.Post("http://"+ln.Addr().String()+"/api/bulk", "application/x-ndjson", pr)
		if err != nil {
			done <- result{err: err}
			return
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		done <- result{status: res.StatusCode, body: b, err: err}
	}()
	if _, err := io.WriteString(pw, `{"id":"s1","body":"first"}`+"\n"); err != nil {
		t.Fatal(err)
	}
	// The first line has reached the server once the pipe write returns;
	// wait until the handler is running before shutting down.
	waitFor(t, func() bool { return e.srv.inFlight.Load() > 0 })
	cancel()
	waitFor(t, e.srv.isDraining)
	if _, err := io.WriteString(pw, `{"id":"s2","body":"second"}`+"\n"); err != nil {
		t.Fatal(err)
	}
	pw.Close()

	res := <-done
	if res.err != nil || res.status != 200 {
		t.Fatalf("in-flight request: %d %v %s", res.status, res.err, res.body)
	}
	var br indexer.BulkResult
	if err := json.Unmarshal(res.body, &br); err != nil || br.Created != 2 {
		t.Errorf("in-flight bulk result = %s", res.body)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve = %v, want nil after a clean shutdown", err)
	}
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		t.Error("still accepting connections after shutdown")
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 5s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestShutdownTimeout: a request that outlives the shutdown timeout is cut
// off and Serve says so.
func TestShutdownTimeout(t *testing.T) {
	e := newEnv(t, Config{ShutdownTimeout: 50 * time.Millisecond})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- e.srv.Serve(ctx, ln) }()

	pr, pw := io.Pipe()
	defer pw.Close()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	done := make(chan error, 1)
	go func() {
		res, err := client.Post("http://"+ln.Addr().String()+"/api/bulk", "application/x-ndjson", pr)
		if err == nil {
			res.Body.Close()
		}
		done <- err
	}()
	io.WriteString(pw, `{"id":"s1","body":"first"}`+"\n")
	waitFor(t, func() bool { return e.srv.inFlight.Load() > 0 })
	cancel()
	err = <-served
	if err == nil || !strings.Contains(err.Error(), "cut off") {
		t.Errorf("Serve = %v, want an error saying requests were cut off", err)
	}
	pw.CloseWithError(errors.New("test over"))
	<-done
}

func TestMethodLabelBounded(t *testing.T) {
	e := newEnv(t, Config{})
	e.do(req{method: "BREW", path: "/api/stats"})
	r := e.do(req{method: "GET", path: "/metrics"})
	if strings.Contains(string(r.body), "BREW") || !strings.Contains(string(r.body), `method="other"`) {
		t.Errorf("an unknown method became its own label value")
	}
}

// TestBulkSlots: with one bulk slot taken, another bulk request waits and,
// when its deadline passes first, gets 503.
func TestBulkSlots(t *testing.T) {
	e := newEnv(t, Config{MaxConcurrentBulk: 1, WriteRequestTimeout: 200 * time.Millisecond})
	pr, pw := io.Pipe()
	defer pw.Close() // before the server's cleanup waits for this request
	first := make(chan resp, 1)
	go func() {
		first <- e.do(req{method: "POST", path: "/api/bulk", body: pr})
	}()
	io.WriteString(pw, `{"id":"s1","body":"first"}`+"\n")
	waitFor(t, func() bool { return len(e.srv.bulkSlots) == 1 }) // the first request holds the slot
	msg := e.do(req{method: "POST", path: "/api/bulk", body: strings.NewReader(`{"id":"s2","body":"x"}`)}).checkError(t, 503)
	if !strings.Contains(msg, "bulk slots") {
		t.Errorf("message = %q", msg)
	}
	pw.Close()
	<-first
}

func TestHead(t *testing.T) {
	e := newEnv(t, Config{})
	for _, path := range []string{"/healthz", "/api/stats", "/"} {
		r := e.do(req{method: "HEAD", path: path})
		if r.status != 200 || len(r.body) != 0 {
			t.Errorf("HEAD %s = %d with %d body bytes", path, r.status, len(r.body))
		}
	}
}

// TestCrossSiteWritesRefused: a web page on another site must not be able
// to write to the index through the user's browser (CSRF), even with a
// CORS-safelisted Content-Type that needs no preflight.
func TestCrossSiteWritesRefused(t *testing.T) {
	tests := []struct {
		name   string
		cfg    Config
		header map[string]string
		status int
	}{
		{"cross-site fetch", Config{}, map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"cross-origin by Origin", Config{}, map[string]string{"Origin": "https://evil.example"}, 403},
		{"same-origin fetch", Config{}, map[string]string{"Sec-Fetch-Site": "same-origin"}, 200},
		{"non-browser client", Config{}, nil, 200},
		{"trusted CORS origin", Config{CORSOrigins: []string{"https://app.example"}},
			map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://app.example"}, 200},
		{"untrusted with CORS on", Config{CORSOrigins: []string{"https://app.example"}},
			map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, tt.cfg)
			h := map[string]string{"Content-Type": "text/plain"}
			for k, v := range tt.header {
				h[k] = v
			}
			r := e.do(req{method: "POST", path: "/api/bulk", body: strings.NewReader(`{"id":"x","body":"planted"}`), header: h})
			if tt.status != 200 {
				r.checkError(t, tt.status)
				if n, _ := e.st.Count(); n != 0 {
					t.Error("a refused cross-site write was stored")
				}
				return
			}
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
		})
	}
}

// TestHostCheck: without an API key the server only answers to loopback
// host names (DNS rebinding defence); with a key it answers to any.
func TestHostCheck(t *testing.T) {
	tests := []struct {
		cfg    Config
		host   string
		status int
	}{
		{Config{}, "evil.example", 421},
		{Config{}, "evil.example:8080", 421},
		{Config{}, "localhost:8080", 200},
		{Config{}, "127.0.0.1", 200},
		{Config{}, "[::1]:8080", 200},
		{Config{APIKey: testKey}, "news.example.com", 200},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			e := newEnv(t, tt.cfg)
			hr, _ := http.NewRequest("GET", e.ts.URL+"/api/stats", nil)
			hr.Host = tt.host
			res, err := e.ts.Client().Do(hr)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			r := resp{status: res.StatusCode, header: res.Header, body: b}
			if tt.status != 200 {
				r.checkError(t, tt.status)
			} else if r.status != 200 {
				t.Errorf("status %d: %s", r.status, b)
			}
		})
	}
}

// TestStatsCache: stats are reused until the index changes (its store
// generation), whether the write came through the API or not.
func TestStatsCache(t *testing.T) {
	e := newEnv(t, Config{})
	e.seed(testArticle("a1", "One", "text"))
	articles := func() uint64 {
		var s Stats
		e.do(req{method: "GET", path: "/api/stats"}).decode(t, &s)
		return s.Articles
	}
	computedAt := func() time.Time {
		e.srv.statsCache.mu.Lock()
		defer e.srv.statsCache.mu.Unlock()
		return e.srv.statsCache.at
	}
	if n := articles(); n != 1 {
		t.Fatalf("articles = %d, want 1", n)
	}
	at := computedAt()
	if n := articles(); n != 1 || !computedAt().Equal(at) {
		t.Errorf("repeated stats: articles = %d, computed again: %v; want the cached answer", n, !computedAt().Equal(at))
	}
	e.seed(testArticle("a2", "Two", "text")) // straight to the store
	if n := articles(); n != 2 {
		t.Errorf("articles after a store write = %d, want 2", n)
	}
	e.do(req{method: "PUT", path: "/api/articles/a3", body: strings.NewReader(`{"body":"x"}`)})
	if n := articles(); n != 3 {
		t.Errorf("articles after an API write = %d, want 3", n)
	}
}

func TestArticleGzip(t *testing.T) {
	e := newEnv(t, Config{})
	gz := map[string]string{"Content-Type": "application/json", "Content-Encoding": "gzip"}
	r := e.do(req{method: "PUT", path: "/api/articles/g1", body: bytes.NewReader(gzipBytes(t, []byte(`{"body":"Obama in Berlin"}`))), header: gz})
	if r.status != 201 {
		t.Fatalf("gzip PUT = %d %s", r.status, r.body)
	}
	// Small on the wire, over the article limit once inflated.
	// Repeated gzip members keep the test fast; the limit trips while
	// reading, before any JSON is parsed.
	big := bytes.Repeat(gzipBytes(t, bytes.Repeat([]byte(" "), 1<<20)), indexer.DefaultMaxArticleBytes>>20+1)
	msg := e.do(req{method: "PUT", path: "/api/articles/g2", body: bytes.NewReader(big), header: gz}).checkError(t, 413)
	if !strings.Contains(msg, "after gzip decompression") {
		t.Errorf("message = %q", msg)
	}
}

// TestStatsEndedContext: stats computed for a request that has ended are
// an error, not counts (bleve's alias answers an ended context with
// partial results and no error, and stats are kept).
func TestStatsEndedContext(t *testing.T) {
	e := newEnv(t, Config{})
	e.seed(testArticle("a1", "One", "text"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if st, err := e.srv.computeStats(ctx); err == nil {
		t.Errorf("stats of an ended request: %+v, no error", st)
	}
	if _, err := e.srv.computeStats(context.Background()); err != nil {
		t.Errorf("stats: %v", err)
	}
}
