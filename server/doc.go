// Package server is the HTTP face of newsfind: routing, decoding, encoding,
// status codes and middleware over the store, the indexer and the search
// package. It holds no search or indexing logic of its own.
//
// Endpoints (JSON everywhere; every error is {"error": "...", "status": N}):
//
//	GET    /api/search            article search (search.Request parameters); 400 on an unknown parameter
//	GET    /api/quotes            quote search (search.QuoteRequest parameters)
//	GET    /api/facets/{field}    values of one facet field (speaker, person, place, org, source), ?prefix=
//	GET    /api/articles/{id}     one stored article with its entities and quotes; 404 if absent
//	PUT    /api/articles/{id}     index one JSON article under id (the path id wins): 201 created, 200 updated
//	POST   /api/articles          index one JSON article; id from the body or derived from url/text
//	DELETE /api/articles/{id}     delete an article and its quotes; 404 if absent
//	POST   /api/bulk              NDJSON body (optionally Content-Encoding: gzip), one article a line;
//	                              answers per-line results, 200 only after every good line is committed
//	GET    /api/stats             article count, index bytes, shards, distinct values per facet field
//	GET    /healthz               liveness
//	GET    /readyz                readiness: index searchable and not shutting down (503 otherwise)
//	GET    /metrics               Prometheus metrics
//	GET    /                      the web UI (package ui), assets under /assets/
//
// Status codes: 400 bad parameter or article, 401 missing or wrong API key,
// 403 cross-site write from a browser, 404 unknown article or route, 405
// wrong method, 413 body over the limit (before or after gzip
// decompression), 414 query string too long, 415 unsupported Content-Type
// or Content-Encoding, 421 non-loopback Host on a server without an API key,
// 503 timeout, shutting down, all bulk slots busy, or the search queue full
// (with Retry-After), 500 anything else (details only in the log).
//
// Security: with Config.APIKey set, write endpoints need
// "Authorization: Bearer <key>" (compared in constant time), and so do reads
// with Config.ProtectReads. Config.Validate refuses a non-loopback listen
// address without a key. Browser writes from other origins are refused
// (CSRF, via http.CrossOriginProtection); a key-less server answers only to
// loopback Host names (DNS rebinding). CORS is off unless
// Config.CORSOrigins lists origins. Every response carries nosniff,
// X-Frame-Options DENY, Referrer-Policy no-referrer and a same-origin
// Content-Security-Policy. Limits (body size, query-string size, timeouts,
// concurrent bulk requests, concurrent and queued searches) are Config
// fields with documented defaults.
//
// Load: searches (search, quotes, facet values, stats) run at most
// Config.MaxConcurrentSearches at once; later ones wait in a queue of
// Config.MaxQueuedSearches (see limiter.go), so under many clients
// searches finish one after another instead of all slowing down together
// and multiplying the heap. The queue serves searches search.Heavy calls
// light before heavy ones that came up to 20 ms earlier; a search that
// has run its turn (8 ms, 2 ms if heavy, doubling) while new requests
// wait gives its slot to them and resumes after them, and a heavy one
// gives way to a light request at once, so short requests (facet clicks,
// autocomplete) do not queue behind long keyword searches.
//
// Cache: with Config.CacheBytes set (newsfind serve --cache-mb, 64 MiB by
// default there), answers of /api/search, /api/quotes and /api/facets are
// kept in a search.Cache until a write changes the index (the store's
// generation), so a repeated request costs no search and no search slot;
// identical requests arriving together share one search. The response
// header X-Cache says hit, miss or bypass; a request with
// "Cache-Control: no-cache" (or no-store, or "Pragma: no-cache") bypasses
// the cache. A search begun after a write returned never gets an answer
// from before it.
package server
