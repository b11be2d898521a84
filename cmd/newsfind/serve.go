package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/newsfind/newsfind/indexer"
	"github.com/newsfind/newsfind/internal/extract"
	"github.com/newsfind/newsfind/internal/store"
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
	memLimit := fs.String("memory-limit", "auto", "soft limit of the Go heap (debug.SetMemoryLimit): a size like 768MiB, 1GiB or 2GB, a share like 50% of the machine's (or cgroup's) memory, auto, or off; "+
		"auto uses GOMEMLIMIT when set, else "+autoMemoryLimitDoc)
	maxQueued := fs.Int("max-queued-searches", server.DefaultMaxQueuedSearches, "searches waiting for a slot; one more is answered 503 with Retry-After (0: no queue)")
	cacheMB := fs.Int64("cache-mb", defaultCacheMB, "MiB of search, quote and facet-value answers kept in memory until the next write (0: no cache); "+
		"a request with Cache-Control: no-cache bypasses it")
	postingsMB := fs.Int64("postings-cache-mb", search.DefaultPostingsCacheBytes>>20, "MiB of frequent terms' postings kept decoded for scoring (0: none); "+
		"a keyword search with a filter scores its hits from them without walking the term's whole posting list")
	segmentMB := fs.Int64("segment-cache-mb", store.DefaultSegmentCacheBytes>>20, "MiB of the index's compressed pieces (postings, term vectors, stored documents) kept decompressed (0: none)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := atLeastOne(intFlag{"max-page-size", int64(*maxPage)}, intFlag{"max-facet-size", int64(*maxFacet)},
		intFlag{"max-query-len", int64(*maxQuery)}, intFlag{"max-query-string-bytes", int64(*maxQS)},
		intFlag{"max-body-bytes", *maxBody}, intFlag{"max-line-bytes", int64(*maxLine)}); err != nil {
		return err
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"request-timeout", *timeout}, {"write-timeout", *writeTimeout}, {"shutdown-timeout", *shutdownTimeout}} {
		if d.v <= 0 {
			return fmt.Errorf("--%s %s: must be more than 0", d.name, d.v)
		}
	}
	limit, limitHow, err := resolveMemoryLimit(*memLimit, os.Getenv("GOMEMLIMIT"), systemMemory, autoMemoryCap)
	if err != nil {
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
	if err := atLeastOne(intFlag{"max-concurrent-searches", int64(*maxSearches)}); err != nil {
		return err
	}
	if *cacheMB < 0 || *cacheMB > maxCacheMB {
		return fmt.Errorf("--cache-mb %d: must be between 0 (no cache) and %d", *cacheMB, maxCacheMB)
	}
	cfg.CacheBytes = *cacheMB << 20
	if *postingsMB < 0 || *postingsMB > maxCacheMB {
		return fmt.Errorf("--postings-cache-mb %d: must be between 0 (none) and %d", *postingsMB, maxCacheMB)
	}
	if *segmentMB < 0 || *segmentMB > maxCacheMB {
		return fmt.Errorf("--segment-cache-mb %d: must be between 0 (none) and %d", *segmentMB, maxCacheMB)
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
	// The extraction models load with the first write: a server that only
	// answers searches does not hold them (about 60 MB).
	p := &extract.Lazy{}
	store.SetSegmentCacheBytes(*segmentMB << 20) // before Open, which reads segments
	st, err := openStore(*dir, *shards, false)
	if err != nil {
		return err
	}
	defer st.Close()
	logger := newLogger(stderr)
	if limit != keepRuntimeLimit {
		debug.SetMemoryLimit(limit)
	}
	logger.Info("Go heap limit", "limit", formatLimit(debug.SetMemoryLimit(-1)), "from", limitHow)
	if cfg.CacheBytes > 0 {
		logger.Info("search cache", "max", formatBytes(cfg.CacheBytes), "flag", "--cache-mb")
	} else {
		logger.Info("search cache off", "flag", "--cache-mb 0")
	}
	search.SetPostingsCacheBytes(*postingsMB << 20)
	if *postingsMB > 0 {
		logger.Info("postings cache", "max", formatBytes(*postingsMB<<20), "flag", "--postings-cache-mb")
	} else {
		logger.Info("postings cache off", "flag", "--postings-cache-mb 0")
	}
	logger.Info("segment cache", "max", formatBytes(*segmentMB<<20), "flag", "--segment-cache-mb")
	ix := indexer.New(st, p, indexer.Options{MaxLineBytes: *maxLine})
	srv, err := server.New(cfg, st, ix, logger)
	if err != nil {
		return err
	}
	// Facet columns are decoded in the background now rather than by the
	// first searches, and kept while the server idles.
	warmCtx, stopWarm := context.WithCancel(ctx)
	var warm sync.WaitGroup
	warm.Add(1)
	go func() {
		defer warm.Done()
		start := time.Now()
		if err := search.Warm(warmCtx, st); err != nil {
			if warmCtx.Err() == nil {
				logger.Warn("facet columns", "error", err)
			}
			return
		}
		logger.Info("facet columns ready", "took", time.Since(start).Round(time.Millisecond))
		search.KeepWarm(warmCtx, st, 20*time.Second)
	}()
	defer func() { stopWarm(); warm.Wait() }() // before st.Close
	n, _ := st.Count()
	fmt.Fprintf(stdout, "newsfind: %d articles in %s; serving API and UI on http://%s/\n", n, *dir, *addr)
	return srv.ListenAndServe(ctx)
}

// defaultCacheMB is the default search cache: the answers of the bench
// mix at 50k articles (10 hits with snippets, facets, histogram; facet
// values) averaged an estimated 7 kB, so 64 MiB holds about 9,000 distinct
// answers, a small share of the 1 GiB heap limit.
const defaultCacheMB = 64

// maxCacheMB bounds --cache-mb (1 TiB): larger is a typo.
const maxCacheMB = 1 << 20

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

// Memory limit. A bleve index is mostly mmapped segment files, which the
// kernel pages in and out as it likes and which the Go runtime does not
// see; what the runtime can bound is its own heap: the postings, scores,
// facet counts and documents of the searches running, plus the extraction
// models and write batches. Without a limit the heap grows to twice its
// live size before each collection (GOGC=100); the limit makes the
// collector run sooner as the heap nears it.

// autoMemoryLimitDoc is the flag's description of the auto policy.
const autoMemoryLimitDoc = "70% of the memory of the machine or cgroup, at most 1GiB"

const (
	// autoMemoryShare is the share of the machine's (or cgroup's) memory the
	// auto limit allows the heap, leaving the rest to the page cache that
	// holds the mmapped index and to other processes.
	autoMemoryShare = 0.70
	// autoMemoryCap caps the auto limit. Serving 200k articles needs about
	// 200 MiB of live heap with searches bounded by
	// --max-concurrent-searches, and bulk writes (two at once, 64 MiB
	// bodies) a few hundred MiB more; a heap that reaches 1 GiB is garbage
	// that the collector should reclaim rather than grow past.
	autoMemoryCap = 1 << 30
	// minMemoryLimit refuses limits too small for the heap the process
	// needs at start (about 60 MiB with the extraction models), which
	// would make the collector run without pause; mostly it catches a
	// forgotten unit ("768" is 768 bytes).
	minMemoryLimit = 64 << 20
)

// keepRuntimeLimit means: leave the runtime's limit (GOMEMLIMIT) alone.
const keepRuntimeLimit = -1

// resolveMemoryLimit turns --memory-limit into a limit in bytes for
// debug.SetMemoryLimit (math.MaxInt64: no limit, keepRuntimeLimit: keep
// GOMEMLIMIT) and a description of where it came from. A size, share or
// "off" wins over GOMEMLIMIT; "auto" (the default) defers to GOMEMLIMIT
// when it is set, else takes autoMemoryShare of the memory, at most
// autoCap. sysMem reports the memory available to the process and what
// bounds it; 0 when unknown.
func resolveMemoryLimit(val, gomemlimit string, sysMem func() (int64, string), autoCap int64) (int64, string, error) {
	v := strings.TrimSpace(val)
	switch strings.ToLower(v) {
	case "off", "none", "0":
		return math.MaxInt64, "--memory-limit " + v, nil
	case "auto", "":
		if gomemlimit != "" {
			return keepRuntimeLimit, "GOMEMLIMIT=" + gomemlimit, nil
		}
		total, what := sysMem()
		if total <= 0 {
			return math.MaxInt64, "auto: memory size unknown, no limit", nil
		}
		limit := min(int64(float64(total)*autoMemoryShare), autoCap)
		return limit, fmt.Sprintf("auto: %s of %s (%s), at most %s", pct(autoMemoryShare), formatBytes(total), what, formatBytes(autoCap)), nil
	}
	if p, ok := strings.CutSuffix(v, "%"); ok {
		share, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || !(share > 0 && share <= 100) {
			return 0, "", fmt.Errorf("--memory-limit %q: a share must be a number above 0 and at most 100, then %%", val)
		}
		total, what := sysMem()
		if total <= 0 {
			return 0, "", fmt.Errorf("--memory-limit %q: cannot tell this machine's memory size; give a size like 1GiB", val)
		}
		limit := int64(float64(total) * share / 100)
		if limit < minMemoryLimit {
			return 0, "", fmt.Errorf("--memory-limit %q is %s, under the minimum of %s", val, formatBytes(limit), formatBytes(minMemoryLimit))
		}
		return limit, fmt.Sprintf("--memory-limit %s of %s (%s)", v, formatBytes(total), what), nil
	}
	n, err := parseByteSize(v)
	if err != nil {
		return 0, "", fmt.Errorf("--memory-limit: %w", err)
	}
	if n < minMemoryLimit {
		return 0, "", fmt.Errorf("--memory-limit %q is %d bytes, under the minimum of %s (a unit missing? e.g. 768MiB)", val, n, formatBytes(minMemoryLimit))
	}
	return n, "--memory-limit " + v, nil
}

// byteUnits are the units parseByteSize accepts, matched without regard
// to case: SI (powers of 1000) and IEC (powers of 1024, also spelt Ki, Mi,
// Gi, Ti as in Kubernetes).
var byteUnits = map[string]float64{
	"": 1, "b": 1,
	"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
	"ki": 1 << 10, "mi": 1 << 20, "gi": 1 << 30, "ti": 1 << 40,
}

// errByteSize is wrapped by every parseByteSize error.
var errByteSize = errors.New("invalid size")

// parseByteSize parses a size in bytes: a non-negative number (fractions
// allowed) and an optional unit from byteUnits, e.g. 1073741824, 768MiB,
// 1.5GiB, 2GB. Bare K, M, G and T are refused: some tools mean powers of
// 1000 by them and others powers of 1024.
func parseByteSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, func(r rune) bool { return !(r >= '0' && r <= '9' || r == '.') })
	if i < 0 {
		i = len(s)
	}
	num, unit := s[:i], strings.ToLower(strings.TrimSpace(s[i:]))
	if num == "" {
		return 0, fmt.Errorf("%w %q: want a number of bytes with an optional unit, like 768MiB or 1GiB", errByteSize, s)
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, fmt.Errorf("%w %q: bad number %q", errByteSize, s, num)
	}
	mult, ok := byteUnits[unit]
	if !ok {
		switch unit {
		case "k", "m", "g", "t":
			return 0, fmt.Errorf("%w %q: unit %q is ambiguous; use %siB (powers of 1024) or %sB (powers of 1000)",
				errByteSize, s, s[i:], strings.ToUpper(unit), strings.ToUpper(unit))
		}
		return 0, fmt.Errorf("%w %q: unknown unit %q (want B, KiB, MiB, GiB, TiB, KB, MB, GB or TB)", errByteSize, s, s[i:])
	}
	b := f * mult
	if b >= math.MaxInt64 {
		return 0, fmt.Errorf("%w %q: too large", errByteSize, s)
	}
	return int64(b), nil
}

// systemMemory is the memory this process may use: the cgroup limit
// (v2 memory.max, else v1 memory.limit_in_bytes) when one is set, else
// the machine's RAM (MemTotal). 0 when neither can be read (not Linux).
func systemMemory() (int64, string) {
	ram := meminfoTotal()
	for _, f := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
		// "max" (v2) or a page-rounded MaxInt64 (v1) mean no limit.
		if err != nil || n <= 0 || n >= 1<<60 {
			continue
		}
		if ram > 0 && ram < n {
			break
		}
		return n, "cgroup limit"
	}
	if ram > 0 {
		return ram, "physical memory"
	}
	return 0, ""
}

// meminfoTotal reads MemTotal from /proc/meminfo, in bytes; 0 if unknown.
func meminfoTotal() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:")
		if !ok {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		if err != nil {
			return 0
		}
		return kb << 10
	}
	return 0
}

func pct(f float64) string { return strconv.FormatFloat(f*100, 'f', -1, 64) + "%" }

// formatBytes prints n in the largest binary unit that keeps it at least 1.
func formatBytes(n int64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	f, u := float64(n), 0
	for f >= 1024 && u < len(units)-1 {
		f /= 1024
		u++
	}
	num := strconv.FormatFloat(f, 'f', 2, 64)
	num = strings.TrimSuffix(strings.TrimRight(num, "0"), ".")
	return num + units[u]
}

func formatLimit(n int64) string {
	if n == math.MaxInt64 {
		return "off"
	}
	return formatBytes(n)
}
