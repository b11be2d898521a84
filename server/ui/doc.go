// Package ui is the search web interface of `newsfind serve`: one HTML page,
// a stylesheet and a script, embedded in the binary with go:embed, that talk
// to the JSON API (/api/search, /api/quotes, /api/facets, /api/articles).
//
// The page keeps its whole state in the URL with the API's parameter names
// (/?q=ISIS&speaker=Josh+Earnest, /?tab=quotes&speaker=..., /?article=ID), so
// links can be shared and reloaded and back/forward work. It needs no CDN, no
// build step and no inline script or style, so it runs under a
// Content-Security-Policy of default-src 'self'.
package ui
