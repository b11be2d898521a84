package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzAPIQuery sends arbitrary query strings to the read endpoints: user
// input must never cause a 5xx, and every answer must be JSON.
func FuzzAPIQuery(f *testing.F) {
	e := searchEnv(f)
	h := e.srv.Handler()
	for _, seed := range []string{
		"q=Berlin", "q=title:%22unclosed", "speaker=Ann+Lee&speaker=Bob", "from=2016-01-01&to=2016-02-01",
		"near=52.5,13.4,100", "sort=date&size=2", "cursor=abc", "said=win", "q=*&facet_size=1000",
		"q=a~2", "q=/re.*gex/", "q=%2B%2D", "prefix=an", "q=%00", "size=-1", "q=field:%5B1+TO+%5D",
	} {
		for _, p := range []string{"/api/search", "/api/quotes", "/api/facets/speaker"} {
			f.Add(p, seed)
		}
	}
	f.Fuzz(func(t *testing.T, path, rawQuery string) {
		switch path {
		case "/api/search", "/api/quotes", "/api/facets/speaker", "/api/facets/place":
		default:
			path = "/api/search"
		}
		r := httptest.NewRequest("GET", "http://localhost/", nil)
		r.URL = &url.URL{Path: path, RawQuery: rawQuery}
		r.RequestURI = r.URL.RequestURI()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code >= 500 {
			t.Fatalf("GET %s?%s = %d: %s", path, rawQuery, rec.Code, rec.Body)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("GET %s?%s: body is not JSON: %q", path, rawQuery, rec.Body)
		}
		if rec.Code != http.StatusOK && rec.Code != http.StatusBadRequest && rec.Code != http.StatusRequestURITooLong {
			t.Fatalf("GET %s?%s = %d, want 200, 400 or 414", path, rawQuery, rec.Code)
		}
	})
}

// FuzzPutArticle sends arbitrary bodies to PUT /api/articles/{id}: never a
// 5xx, always JSON, and a 2xx article is readable afterwards.
func FuzzPutArticle(f *testing.F) {
	e := newEnv(f, Config{})
	h := e.srv.Handler()
	for _, seed := range []string{
		`{"title":"t","body":"Obama said \"yes\" in Berlin."}`, `{"body":""}`, `{"body":null}`, `[]`, `{"published":"2016-13-45","body":"x"}`,
		`{"body":"x","authors":"A, B"}`, `{"body":"x","extra":{"k":[1,2]}}`, "{\"body\":\"\xff\"}", `{"body":"x"`, `{"body":"\u0000"}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("PUT", "http://localhost/api/articles/fz", strings.NewReader(body))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code >= 500 || !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("PUT %q = %d: %s", body, rec.Code, rec.Body)
		}
		if rec.Code/100 == 2 {
			if _, err := e.st.Get("fz"); err != nil {
				t.Fatalf("PUT %q = %d but the article is not readable: %v", body, rec.Code, err)
			}
		}
	})
}
