package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/newsfind/newsfind/indexer"
	"github.com/newsfind/newsfind/search"
	"github.com/newsfind/newsfind/server"
)

func init() {
	register(command{name: "serve", summary: "serve the HTTP API and web UI", run: runServe})
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", stderr)
	dir := indexFlag(fs)
	shards := shardsFlag(fs)
	addr := fs.String("addr", server.DefaultAddr, "listen address host:port")
	apiKey := fs.String("api-key", "", "API key required on write endpoints (env NEWSFIND_API_KEY; prefer --api-key-file)")
	apiKeyFile := fs.String("api-key-file", "", "file holding the API key")
	protectReads := fs.Bool("protect-reads", false, "require the API key on read endpoints too")
	cors := fs.String("cors-origins", "", "comma-separated origins allowed to call the API cross-origin (default: CORS off)")
	maxBody := fs.Int64("max-body-bytes", server.DefaultMaxBodyBytes, "largest request body, and largest body after gzip decompression")
	maxLine := fs.Int("max-line-bytes", indexer.DefaultMaxLineBytes, "largest NDJSON line in a bulk body")
	timeout := fs.Duration("request-timeout", server.DefaultRequestTimeout, "time limit of a read request")
	writeTimeout := fs.Duration("write-timeout", server.DefaultWriteRequestTimeout, "time limit of a write request (upload, extraction and commit of a bulk body)")
	shutdownTimeout := fs.Duration("shutdown-timeout", server.DefaultShutdownTimeout, "how long in-flight requests may finish after SIGTERM")
	maxPage := fs.Int("max-page-size", search.MaxSize, "largest size= a request may ask for")
	maxFacet := fs.Int("max-facet-size", search.MaxFacetSize, "largest facet_size= (and facet-values size=)")
	maxQuery := fs.Int("max-query-len", search.MaxQueryLen, "largest q= and said= in bytes")
	maxQS := fs.Int("max-query-string-bytes", server.DefaultMaxQueryStringBytes, "largest URL query string")
	maxSearches := fs.Int("max-concurrent-searches", server.DefaultMaxConcurrentSearches(), "searches (search, quotes, facet values, stats) running at once; more wait in a queue")
	maxQueued := fs.Int("max-queued-searches", server.DefaultMaxQueuedSearches, "searches waiting for a slot; one more is answered 503 with Retry-After (0: no queue)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	key, err := resolveAPIKey(*apiKey, *apiKeyFile)
	if err != nil {
		return err
	}
	cfg := server.Config{Addr: *addr, APIKey: key, ProtectReads: *protectReads, MaxBodyBytes: *maxBody,
		RequestTimeout: *timeout, WriteRequestTimeout: *writeTimeout, ShutdownTimeout: *shutdownTimeout, MaxQueryStringBytes: *maxQS,
		MaxPageSize: *maxPage, MaxFacetSize: *maxFacet, MaxQueryLen: *maxQuery,
		MaxConcurrentSearches: *maxSearches, MaxQueuedSearches: queueConfig(*maxQueued)}
	if *maxSearches < 1 {
		return fmt.Errorf("--max-concurrent-searches %d: must be at least 1", *maxSearches)
	}
	if *maxQueued < 0 {
		return fmt.Errorf("--max-queued-searches %d: must be 0 (no queue) or more", *maxQueued)
	}
	if *cors != "" {
		for _, o := range strings.Split(*cors, ",") {
			cfg.CORSOrigins = append(cfg.CORSOrigins, strings.TrimSpace(o))
		}
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	p, err := pipeline()
	if err != nil {
		return err
	}
	st, err := openStore(*dir, *shards)
	if err != nil {
		return err
	}
	defer st.Close()
	logger := newLogger(stderr)
	ix := indexer.New(st, p, indexer.Options{MaxLineBytes: *maxLine})
	srv, err := server.New(cfg, st, ix, logger)
	if err != nil {
		return err
	}
	n, _ := st.Count()
	fmt.Fprintf(stdout, "newsfind: %d articles in %s; serving API and UI on http://%s/\n", n, *dir, *addr)
	return srv.ListenAndServe(ctx)
}

// queueConfig maps the flag's 0 (no queue) to server.Config's negative
// (zero there means the default).
func queueConfig(n int) int {
	if n == 0 {
		return -1
	}
	return n
}

// resolveAPIKey takes the key from the flag, the key file or NEWSFIND_API_KEY, in that order.
func resolveAPIKey(flagKey, file string) (string, error) {
	if flagKey != "" {
		return flagKey, nil
	}
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("api key file: %w", err)
		}
		k := strings.TrimSpace(string(b))
		if k == "" {
			return "", fmt.Errorf("api key file %s is empty", file)
		}
		return k, nil
	}
	return os.Getenv("NEWSFIND_API_KEY"), nil
}
