package ui

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed static
var static embed.FS

// AssetPrefix is the URL path under which the stylesheet, script and icon are
// served. The API lives under /api/, so the two never collide.
const AssetPrefix = "/assets/"

// versionPlaceholder is replaced in index.html by a content hash of each
// asset, so browsers may cache assets forever and still see new releases.
const versionPlaceholder = "{{v}}"

// asset is one embedded file ready to serve.
type asset struct {
	body        []byte
	contentType string
	etag        string
}

type handler struct {
	index  asset
	assets map[string]asset // by file name under static/
}

// Handler serves the web UI: the page at "/" (and "/index.html") and its
// files under AssetPrefix. Other paths get 404, and methods other than GET
// and HEAD get 405, so the handler can be mounted at "/" behind the API
// routes.
func Handler() http.Handler {
	h, err := newHandler(static)
	if err != nil {
		// The files are embedded at build time; failing here means the
		// binary itself is broken, which the package tests catch.
		panic(err)
	}
	return h
}

func newHandler(fsys fs.FS) (*handler, error) {
	h := &handler{assets: map[string]asset{}}
	entries, err := fs.ReadDir(fsys, "static")
	if err != nil {
		return nil, fmt.Errorf("ui: read embedded static dir: %w", err)
	}
	var indexBody []byte
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := fs.ReadFile(fsys, "static/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("ui: read embedded %s: %w", e.Name(), err)
		}
		if e.Name() == "index.html" {
			indexBody = b
			continue
		}
		h.assets[e.Name()] = newAsset(e.Name(), b)
	}
	if indexBody == nil {
		return nil, fmt.Errorf("ui: static/index.html is missing")
	}
	// Point each asset reference at its content hash.
	for name, a := range h.assets {
		ref := AssetPrefix + name + "?v=" + versionPlaceholder
		indexBody = bytes.ReplaceAll(indexBody, []byte(ref), []byte(AssetPrefix+name+"?v="+a.etag[1:len(a.etag)-1]))
	}
	if bytes.Contains(indexBody, []byte(versionPlaceholder)) {
		return nil, fmt.Errorf("ui: index.html references an asset that is not embedded")
	}
	h.index = newAsset("index.html", indexBody)
	return h, nil
}

func newAsset(name string, b []byte) asset {
	sum := sha256.Sum256(b)
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = http.DetectContentType(b)
	}
	return asset{body: b, contentType: ct, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	switch {
	case p == "/" || p == "/index.html":
		// The page itself is small; revalidate it every time so a new
		// release is picked up at once.
		w.Header().Set("Cache-Control", "no-cache")
		h.serve(w, r, "index.html", h.index)
	case strings.HasPrefix(p, AssetPrefix):
		name := strings.TrimPrefix(p, AssetPrefix)
		a, ok := h.assets[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if v := r.URL.Query().Get("v"); v != "" && `"`+v+`"` == a.etag {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		h.serve(w, r, name, a)
	default:
		http.NotFound(w, r)
	}
}

func (h *handler) serve(w http.ResponseWriter, r *http.Request, name string, a asset) {
	w.Header().Set("Content-Type", a.contentType)
	w.Header().Set("ETag", a.etag)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	// ServeContent answers If-None-Match with 304 and handles HEAD and Range.
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(a.body))
}
