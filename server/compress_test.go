package server

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestAcceptsGzip(t *testing.T) {
	tests := []struct {
		header []string
		want   bool
	}{
		{nil, false},
		{[]string{"gzip"}, true},
		{[]string{"gzip, deflate, br"}, true},
		{[]string{"br;q=1.0, GZIP;q=0.5"}, true},
		{[]string{"deflate", "gzip"}, true},
		{[]string{"identity"}, false},
		{[]string{"gzip;q=0"}, false},
		{[]string{"gzip; q=0.000"}, false},
		{[]string{"gzip;q=x"}, false},
		{[]string{"x-gzip"}, false},
	}
	for _, tt := range tests {
		r, _ := http.NewRequest("GET", "/", nil)
		for _, v := range tt.header {
			r.Header.Add("Accept-Encoding", v)
		}
		if got := acceptsGzip(r); got != tt.want {
			t.Errorf("Accept-Encoding %q: %v, want %v", tt.header, got, tt.want)
		}
	}
}

// Answers big enough are gzip-compressed for a client that accepts it, and
// decompress to the answer other clients get; small ones and refusing
// clients get plain JSON.
func TestGzipAnswers(t *testing.T) {
	e := newEnv(t, Config{})
	var lines strings.Builder
	for i := range 40 {
		lines.WriteString(`{"id":"g` + strings.Repeat("x", i) + `","title":"Gas prices","body":"Gas prices rose again on Monday, traders said."}` + "\n")
	}
	if r := e.do(req{method: "POST", path: "/api/bulk", body: strings.NewReader(lines.String())}); r.status != 200 {
		t.Fatalf("bulk: %d %s", r.status, r.body)
	}
	const big = "/api/search?q=gas&size=40"
	plain := e.do(req{method: "GET", path: big, header: map[string]string{"Accept-Encoding": "identity"}})
	if plain.status != 200 || plain.header.Get("Content-Encoding") != "" || len(plain.body) < minGzipBytes {
		t.Fatalf("identity: status %d, encoding %q, %d bytes", plain.status, plain.header.Get("Content-Encoding"), len(plain.body))
	}
	tests := []struct {
		name, path, accept string
		gzipped            bool
	}{
		{"big, gzip accepted", big, "gzip", true},
		{"big, gzip refused", big, "gzip;q=0", false},
		{"small", "/healthz", "gzip", false},
		{"error", "/api/search?size=-1", "gzip", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Setting Accept-Encoding by hand stops Go's client from
			// decompressing behind the test's back.
			r := e.do(req{method: "GET", path: tt.path, header: map[string]string{"Accept-Encoding": tt.accept}})
			if got := r.header.Get("Content-Encoding") == "gzip"; got != tt.gzipped {
				t.Fatalf("gzipped = %v, want %v (%d bytes)", got, tt.gzipped, len(r.body))
			}
			if !strings.Contains(r.header.Get("Vary"), "Accept-Encoding") {
				t.Errorf("Vary = %q", r.header.Values("Vary"))
			}
			if !tt.gzipped {
				return
			}
			zr, err := gzip.NewReader(bytes.NewReader(r.body))
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(zr)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(withoutTook(t, got), withoutTook(t, plain.body)) {
				t.Errorf("decompressed answer (%d bytes) differs from the plain one (%d bytes)", len(got), len(plain.body))
			}
			if len(r.body) >= len(plain.body)/2 {
				t.Errorf("compressed %d bytes of %d", len(r.body), len(plain.body))
			}
		})
	}
}

// BenchmarkWriteBody: what compressing costs per answer (a 10-hit page is
// about 12 KB of JSON, a 1,000-hit page about 1 MB).
func BenchmarkWriteBody(b *testing.B) {
	hit := `{"id":"bbc-business-042","title":"Gas prices rise","score":0.77,"highlights":{"body":["\u003cmark\u003eGas\u003c/mark\u003e prices rose again on Monday, traders said, as supplies from the North Sea fell."]},"speakers":["Ofgem"],"persons":["Alistair Darling"],"places":["United Kingdom"],"orgs":["Ofgem"]},`
	for _, hits := range []int{10, 1000} {
		body := []byte(`{"hits":[` + strings.Repeat(hit, hits) + `{}]}`)
		for _, enc := range []string{"identity", "gzip"} {
			b.Run(fmt.Sprintf("%dhits/%s", hits, enc), func(b *testing.B) {
				r, _ := http.NewRequest("GET", "/", nil)
				r.Header.Set("Accept-Encoding", enc)
				b.SetBytes(int64(len(body)))
				for b.Loop() {
					writeBody(discardWriter{}, r, 200, body)
				}
			})
		}
	}
}

type discardWriter struct{}

func (discardWriter) Header() http.Header         { return http.Header{} }
func (discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (discardWriter) WriteHeader(int)             {}
