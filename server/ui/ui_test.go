package ui

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

func get(t *testing.T, h http.Handler, method, target string, hdr map[string]string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, r *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestHandlerRoutes(t *testing.T) {
	h := Handler()
	tests := []struct {
		method, path string
		status       int
		contentType  string // prefix
		contains     string
	}{
		{"GET", "/", 200, "text/html", `<input id="q"`},
		{"GET", "/?q=ISIS&speaker=Josh+Earnest", 200, "text/html", `role="search"`},
		{"GET", "/index.html", 200, "text/html", "<title>newsfind</title>"},
		{"HEAD", "/", 200, "text/html", ""},
		{"GET", "/assets/app.js", 200, "text/javascript", "function parseState"},
		{"GET", "/assets/app.css", 200, "text/css", ".article-body"},
		{"GET", "/assets/favicon.svg", 200, "image/svg+xml", "<svg"},
		{"GET", "/assets/missing.js", 404, "text/plain", ""},
		{"GET", "/assets/", 404, "text/plain", ""},
		{"GET", "/assets/../ui.go", 404, "text/plain", ""},
		{"GET", "/article/a1", 404, "text/plain", ""},
		{"POST", "/", 405, "text/plain", ""},
		{"DELETE", "/assets/app.js", 405, "text/plain", ""},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			r := get(t, h, tc.method, tc.path, nil)
			if r.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", r.StatusCode, tc.status)
			}
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, tc.contentType) {
				t.Errorf("Content-Type %q, want prefix %q", ct, tc.contentType)
			}
			if b := body(t, r); !strings.Contains(b, tc.contains) {
				t.Errorf("body does not contain %q", tc.contains)
			}
			if tc.status == 405 && r.Header.Get("Allow") != "GET, HEAD" {
				t.Errorf("Allow = %q", r.Header.Get("Allow"))
			}
		})
	}
}

// The page must run under Content-Security-Policy default-src 'self': no
// inline scripts, styles or event handlers, nothing loaded from elsewhere.
func TestIndexIsCSPClean(t *testing.T) {
	page := body(t, get(t, Handler(), "GET", "/", nil))
	bad := []*regexp.Regexp{
		regexp.MustCompile(`<script(?:\s[^>]*)?>\s*[^<\s]`), // inline script body
		regexp.MustCompile(`<style`),
		regexp.MustCompile(`\sstyle=`),
		regexp.MustCompile(`\son[a-z]+=`),
		regexp.MustCompile(`(?:src|href)="(?:https?:)?//`),
	}
	for _, tag := range regexp.MustCompile(`<script[^>]*>`).FindAllString(page, -1) {
		if !strings.Contains(tag, ` src="/assets/`) {
			t.Errorf("script tag %q does not load an embedded file", tag)
		}
	}
	for _, re := range bad {
		if m := re.FindString(page); m != "" {
			t.Errorf("index.html has %q (matches %s)", m, re)
		}
	}
	js := body(t, get(t, Handler(), "GET", "/assets/app.js", nil))
	for _, s := range []string{"setAttribute('style'", "eval(", "new Function", "http://", "https://"} {
		if strings.Contains(js, s) {
			t.Errorf("app.js contains %q", s)
		}
	}
}

func TestAssetVersioningAndCaching(t *testing.T) {
	h := Handler()
	page := body(t, get(t, h, "GET", "/", nil))
	if strings.Contains(page, versionPlaceholder) {
		t.Fatal("index.html still holds the version placeholder")
	}
	m := regexp.MustCompile(`/assets/app\.js\?v=([0-9a-f]+)`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("index.html does not reference a versioned app.js")
	}
	r := get(t, h, "GET", "/assets/app.js?v="+m[1], nil)
	if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("versioned asset Cache-Control %q, want immutable", cc)
	}
	etag := r.Header.Get("ETag")
	if etag != `"`+m[1]+`"` {
		t.Errorf("ETag %q does not match the version %q", etag, m[1])
	}
	if r := get(t, h, "GET", "/assets/app.js?v=stale", nil); r.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("stale version Cache-Control %q, want no-cache", r.Header.Get("Cache-Control"))
	}
	if r := get(t, h, "GET", "/assets/app.js", map[string]string{"If-None-Match": etag}); r.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: status %d, want 304", r.StatusCode)
	}
	idx := get(t, h, "GET", "/", nil)
	if idx.Header.Get("Cache-Control") != "no-cache" || idx.Header.Get("ETag") == "" {
		t.Errorf("index headers: Cache-Control %q ETag %q", idx.Header.Get("Cache-Control"), idx.Header.Get("ETag"))
	}
}

func TestNewHandlerErrors(t *testing.T) {
	tests := []struct {
		name string
		fs   fstest.MapFS
		want string
	}{
		{"no static dir", fstest.MapFS{}, "read embedded static dir"},
		{"no index", fstest.MapFS{"static/app.js": {Data: []byte("x")}}, "index.html is missing"},
		{"dangling asset", fstest.MapFS{"static/index.html": {Data: []byte(`<script src="/assets/gone.js?v={{v}}">`)}}, "not embedded"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := newHandler(tc.fs)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}
