package server

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"runtime"
	"strings"
	"time"

	"github.com/newsfind/newsfind/search"
)

// Defaults for Config fields left zero. Each is a bound on what one client
// can make the server do.
const (
	// DefaultAddr listens on loopback only; serving beyond the machine needs
	// an API key (see Config.Validate).
	DefaultAddr = "127.0.0.1:8080"
	// DefaultMaxBodyBytes bounds a request body, and separately the body
	// after gzip decompression, so a small gzip bomb cannot expand into
	// gigabytes. 64 MiB is about 10,000 typical news articles per bulk call.
	DefaultMaxBodyBytes = 64 << 20
	// DefaultMaxQueryStringBytes bounds the raw URL query string. The search
	// package bounds each text parameter (search.MaxQueryLen) and the number
	// of filter values; this stops a huge URL before it is parsed at all.
	DefaultMaxQueryStringBytes = 32 << 10
	// DefaultRequestTimeout bounds a read request (search, facets, stats);
	// a search that runs longer is cancelled and answered with 503.
	DefaultRequestTimeout = 30 * time.Second
	// DefaultWriteRequestTimeout bounds a write request, which includes
	// uploading, extracting and committing a bulk body.
	DefaultWriteRequestTimeout = 10 * time.Minute
	// DefaultReadHeaderTimeout stops slow-header (slowloris) clients.
	DefaultReadHeaderTimeout = 10 * time.Second
	// DefaultIdleTimeout closes idle keep-alive connections.
	DefaultIdleTimeout = 2 * time.Minute
	// DefaultMaxHeaderBytes bounds request headers including the request line.
	DefaultMaxHeaderBytes = 64 << 10
	// DefaultShutdownTimeout is how long in-flight requests may run after
	// shutdown begins before their connections are closed.
	DefaultShutdownTimeout = 30 * time.Second
	// DefaultMaxConcurrentBulk bounds bulk requests running at once; each
	// already uses every core for extraction, so more would only add memory.
	// Further bulk requests wait their turn (within their timeout).
	DefaultMaxConcurrentBulk = 2
	// DefaultMaxQueuedSearches bounds the read requests waiting for a
	// search slot; more are answered 503 with Retry-After at once. A queued
	// request costs a goroutine and its connection, not a running search;
	// 256 waits of up to a second or two each stay within the request
	// timeout while the slots work through them.
	DefaultMaxQueuedSearches = 256
	// DefaultStatsFacetSize bounds the distinct values counted per field by
	// GET /api/stats; larger counts are reported as truncated.
	DefaultStatsFacetSize = 10000
)

// Config configures the HTTP server. The zero value is usable: every zero
// field takes the default documented on its Default constant.
type Config struct {
	// Addr is the listen address, host:port. Default DefaultAddr.
	Addr string
	// APIKey, when set, is required as "Authorization: Bearer <key>" on write
	// endpoints (bulk, PUT, POST, DELETE), and on reads when ProtectReads.
	APIKey string
	// ProtectReads requires the API key on read endpoints too (search,
	// quotes, facets, articles, stats, metrics). /healthz, /readyz and the
	// static UI stay open.
	ProtectReads bool
	// CORSOrigins lists origins (scheme://host[:port]) allowed to call the
	// API from a browser page on another origin. Empty: CORS is off and only
	// same-origin pages (the built-in UI) can call the API.
	CORSOrigins []string

	MaxBodyBytes        int64         // default DefaultMaxBodyBytes
	MaxQueryStringBytes int           // default DefaultMaxQueryStringBytes
	RequestTimeout      time.Duration // default DefaultRequestTimeout
	WriteRequestTimeout time.Duration // default DefaultWriteRequestTimeout
	ReadHeaderTimeout   time.Duration // default DefaultReadHeaderTimeout
	IdleTimeout         time.Duration // default DefaultIdleTimeout
	MaxHeaderBytes      int           // default DefaultMaxHeaderBytes
	ShutdownTimeout     time.Duration // default DefaultShutdownTimeout
	StatsFacetSize      int           // default DefaultStatsFacetSize

	// Per-request search limits; each defaults to, and may not exceed, the
	// search package's hard cap (search.MaxSize, search.MaxFacetSize,
	// search.MaxQueryLen). Lower them to bound what one client can ask for.
	MaxPageSize       int // hits per page (size)
	MaxFacetSize      int // values per facet (facet_size, facet-values size)
	MaxQueryLen       int // bytes of q and said
	MaxConcurrentBulk int // default DefaultMaxConcurrentBulk

	// MaxConcurrentSearches bounds the read requests that run bleve
	// searches at once (search, quotes, facet values, stats); others wait
	// in a queue. Default DefaultMaxConcurrentSearches().
	MaxConcurrentSearches int
	// MaxQueuedSearches bounds the requests waiting for a search slot; one
	// more is answered 503 with Retry-After. Zero means
	// DefaultMaxQueuedSearches; negative means no queue (503 whenever every
	// slot is busy).
	MaxQueuedSearches int

	// CacheBytes bounds the search result cache (search.Cache) in
	// estimated bytes of answers: GET /api/search, /api/quotes and
	// /api/facets/{field} answers are kept until a write changes the index,
	// and repeated requests are answered from memory without a search slot.
	// 0, the default here, disables it (newsfind serve --cache-mb sets
	// 64 MiB).
	CacheBytes int64
}

// DefaultMaxConcurrentSearches is GOMAXPROCS, at least 2. The index's
// pages stay in the page cache, so a search keeps its core busy (and runs
// its passes and shards on several goroutines); more slots only share the
// cores, stretching every running search and with it the wait of the short
// ones behind (in the 16-client mix at 200k articles, 4 slots on 2 cores
// served as many queries a second as 2, with keyword+speaker p50 16-25 ms
// against 7-9).
func DefaultMaxConcurrentSearches() int { return max(runtime.GOMAXPROCS(0), 2) }

// withDefaults returns c with zero fields set to their defaults.
func (c Config) withDefaults() Config {
	if c.Addr == "" {
		c.Addr = DefaultAddr
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if c.MaxQueryStringBytes <= 0 {
		c.MaxQueryStringBytes = DefaultMaxQueryStringBytes
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = DefaultRequestTimeout
	}
	if c.WriteRequestTimeout <= 0 {
		c.WriteRequestTimeout = DefaultWriteRequestTimeout
	}
	if c.ReadHeaderTimeout <= 0 {
		c.ReadHeaderTimeout = DefaultReadHeaderTimeout
	}
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = DefaultIdleTimeout
	}
	if c.MaxHeaderBytes <= 0 {
		c.MaxHeaderBytes = DefaultMaxHeaderBytes
	}
	if c.ShutdownTimeout <= 0 {
		c.ShutdownTimeout = DefaultShutdownTimeout
	}
	if c.StatsFacetSize <= 0 {
		c.StatsFacetSize = DefaultStatsFacetSize
	}
	if c.MaxPageSize <= 0 {
		c.MaxPageSize = search.MaxSize
	}
	if c.MaxFacetSize <= 0 {
		c.MaxFacetSize = search.MaxFacetSize
	}
	if c.MaxQueryLen <= 0 {
		c.MaxQueryLen = search.MaxQueryLen
	}
	if c.MaxConcurrentSearches <= 0 {
		c.MaxConcurrentSearches = DefaultMaxConcurrentSearches()
	}
	switch {
	case c.MaxQueuedSearches == 0:
		c.MaxQueuedSearches = DefaultMaxQueuedSearches
	case c.MaxQueuedSearches < 0:
		c.MaxQueuedSearches = 0
	}
	if c.MaxConcurrentBulk <= 0 {
		c.MaxConcurrentBulk = DefaultMaxConcurrentBulk
	}
	return c
}

// ErrInsecureConfig is returned by Validate for a configuration that would
// expose the index to the network without authentication.
var ErrInsecureConfig = errors.New("server: insecure configuration")

// Validate checks the configuration before serving. It refuses to listen on
// a non-loopback address without an API key, since anyone who can reach the
// port could then rewrite or delete the index.
func (c Config) Validate() error {
	c = c.withDefaults()
	host, _, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return fmt.Errorf("server: listen address %q: %w", c.Addr, err)
	}
	if c.APIKey == "" && !isLoopback(host) {
		return fmt.Errorf("%w: listen address %q is reachable from other machines but no API key is set; "+
			"set an API key (NEWSFIND_API_KEY) or listen on 127.0.0.1", ErrInsecureConfig, c.Addr)
	}
	if c.APIKey != "" && len(c.APIKey) < 16 {
		return fmt.Errorf("%w: API key is %d characters; use at least 16", ErrInsecureConfig, len(c.APIKey))
	}
	for _, l := range []struct {
		name     string
		got, cap int
	}{{"max page size", c.MaxPageSize, search.MaxSize}, {"max facet size", c.MaxFacetSize, search.MaxFacetSize}, {"max query length", c.MaxQueryLen, search.MaxQueryLen}} {
		if l.got > l.cap {
			return fmt.Errorf("server: %s %d is over the search package's limit of %d", l.name, l.got, l.cap)
		}
	}
	if c.CacheBytes < 0 {
		return fmt.Errorf("server: cache size %d bytes: must be 0 (no cache) or more", c.CacheBytes)
	}
	if c.ProtectReads && c.APIKey == "" {
		return fmt.Errorf("server: protecting reads needs an API key")
	}
	for _, o := range c.CORSOrigins {
		if o == "*" {
			if c.APIKey == "" {
				return fmt.Errorf("%w: CORS origin * lets every web page call the API; it needs an API key", ErrInsecureConfig)
			}
			continue
		}
		if !strings.HasPrefix(o, "http://") && !strings.HasPrefix(o, "https://") || strings.HasSuffix(o, "/") {
			return fmt.Errorf("server: CORS origin %q: want scheme://host[:port] (or *) with no path", o)
		}
	}
	return nil
}

// isLoopback reports whether host (from host:port) only accepts connections
// from this machine. "" and unspecified addresses (0.0.0.0, ::) listen on
// every interface, so they are not.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(strings.Trim(host, "[]"))
	if err != nil {
		return false // a hostname may resolve to anything
	}
	return ip.IsLoopback()
}
