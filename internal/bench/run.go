package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/newsfind/newsfind/internal/tokenize"
)

// Config is one harness run.
type Config struct {
	Quick   bool     // labels the report as a quick check
	DataDir string   // ../shared/data/news
	Files   []string // default DefaultCorpusFiles
	WorkDir string   // sets and indexes are written here
	Sizes   []int    // articles per indexing step, ascending; the last is served
	// ShardSize is the step at which N=1 and N=cores shards are compared.
	ShardSize int
	Clients   []int // concurrent clients per load level
	// PerLevel bounds each load level: at most Queries queries and Time.
	Queries int
	Time    time.Duration
	// Exe is the newsfind binary: phases run in child processes of it, so
	// each one's peak RSS is its own.
	Exe string
	Log *slog.Logger
	// Keep keeps the served (largest) full index in WorkDir.
	Keep bool
	// Uncompressed indexes as `newsfind index --compress=false` does.
	Uncompressed bool
	// Progress, when set, gets the partial report after every phase, so a
	// long run that is cut short still leaves its numbers behind.
	Progress func(*Report)
}

// QuickConfig is a fast check (10k articles).
func QuickConfig() Config {
	return Config{Quick: true, Sizes: []int{10000}, ShardSize: 10000, Clients: []int{1, 4, 16}, Queries: 1200, Time: 20 * time.Second}
}

// FullConfig is the report run (10k, 50k, 200k).
func FullConfig() Config {
	return Config{Sizes: []int{10000, 50000, 200000}, ShardSize: 10000, Clients: []int{1, 4, 16}, Queries: 6000, Time: 60 * time.Second}
}

// SetInfo describes one benchmark size.
type SetInfo struct {
	SetStats
	Tokens int64 `json:"tokens"`
}

// ServeResult is the query benchmark at the largest size.
type ServeResult struct {
	Articles   int   `json:"articles"`
	IndexBytes int64 `json:"index_bytes"`
	PeakRSS    int64 `json:"peak_rss"` // server process VmHWM after every level
	// RSSAnon and RSSFile split the server's resident set at the end: heap
	// and model versus mmapped index pages the kernel may drop.
	RSSAnon int64        `json:"rss_anon"`
	RSSFile int64        `json:"rss_file"`
	Levels  []LoadResult `json:"levels"`
	// Isolated runs each kind alone at the largest client count: the
	// latency of one kind without heavier kinds queued in front of it.
	Isolated []LoadResult `json:"isolated"`
	// Cached is the mix at the largest client count with the server's
	// result cache allowed, from an empty cache (Levels and Isolated
	// bypass it).
	Cached LoadResult `json:"cached,omitzero"`
	// CacheEntries and CacheBytes are the server's result cache after the
	// cached level (its /metrics), to size --cache-mb by.
	CacheEntries int64 `json:"cache_entries"`
	CacheBytes   int64 `json:"cache_bytes"`
	// Zipf is a Zipf-distributed stream over ZipfPool distinct requests
	// (none of the fixed mix) at the largest client count, cache allowed:
	// a hit rate closer to real traffic than the fixed mix's.
	Zipf     LoadResult `json:"zipf,omitzero"`
	ZipfPool int        `json:"zipf_pool,omitempty"`
}

// Report is everything a run measured.
type Report struct {
	Machine     Machine       `json:"machine"`
	Quick       bool          `json:"quick"`
	Files       []string      `json:"files"`
	BaseCount   int           `json:"base_articles"`
	BaseBytes   int64         `json:"base_text_bytes"`
	BaseTokens  int64         `json:"base_tokens"`
	Sets        []SetInfo     `json:"sets"`
	Extract     ExtractResult `json:"extract"`
	Full        []IndexResult `json:"full"`
	Plain       []IndexResult `json:"plain"`
	ShardOne    IndexResult   `json:"shard_one"`
	ShardCores  IndexResult   `json:"shard_cores"`
	Serve       ServeResult   `json:"serve"`
	Complete    bool          `json:"complete"` // false in the partial reports written during a run
	Started     time.Time     `json:"started"`
	Duration    time.Duration `json:"duration_ns"`
	LoadAverage []string      `json:"load_average"` // at start and end
	// Uncompressed: the full indexes were written without compressed
	// segments (`--compress=false`).
	Uncompressed bool `json:"uncompressed,omitempty"`
}

func (c *Config) log() *slog.Logger {
	if c.Log == nil {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return c.Log
}

// Run runs the whole harness and returns the report.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	lg := cfg.log()
	if len(cfg.Files) == 0 {
		cfg.Files = DefaultCorpusFiles
	}
	if len(cfg.Sizes) == 0 {
		return nil, errors.New("bench: no sizes")
	}
	rep := &Report{Quick: cfg.Quick, Machine: DescribeMachine(), Started: time.Now(), LoadAverage: []string{LoadAvg()}, Uncompressed: cfg.Uncompressed}
	if err := os.MkdirAll(cfg.WorkDir, 0o755); err != nil {
		return nil, fmt.Errorf("bench: work dir: %w", err)
	}
	c, err := LoadCorpus(cfg.DataDir, cfg.Files)
	if err != nil {
		return nil, err
	}
	rep.Files, rep.BaseCount, rep.BaseBytes = cfg.Files, c.Len(), c.TextBytes()
	// Tokens as the extractor sees them (title, blank line, body).
	toks := make([]int64, c.Len())
	for i := range toks {
		t, b := c.Text(i)
		toks[i] = int64(len(tokenize.Tokenize(t + "\n\n" + b)))
		rep.BaseTokens += toks[i]
	}
	largest := cfg.Sizes[len(cfg.Sizes)-1]
	set := filepath.Join(cfg.WorkDir, "set.jsonl")
	lg.Info("writing benchmark set", "articles", largest, "file", set)
	if _, err := c.WriteSet(set, largest); err != nil {
		return nil, err
	}
	for _, n := range cfg.Sizes {
		si := SetInfo{SetStats: SetStats{Articles: n, Passes: (n + c.Len() - 1) / c.Len()}}
		for j := 0; j < n; j++ {
			b, _ := c.idOf(j)
			si.TextBytes += int64(c.articles[b].textBytes)
			si.Tokens += toks[b]
		}
		rep.Sets = append(rep.Sets, si)
	}

	lg.Info("extraction alone, one core")
	if rep.Extract, err = MeasureExtract(ctx, c, 3000, 60*time.Second); err != nil {
		return nil, err
	}
	cfg.progress(rep)

	// The largest size goes first, and is served right after it is built:
	// it carries most targets, so a run cut short (the full one takes a
	// while on 2 cores) still reports them. Then its baseline, then the
	// smaller sizes, each baseline right before its full run.
	full := func(n int) (string, error) {
		dir := filepath.Join(cfg.WorkDir, fmt.Sprintf("full-%d", n))
		lg.Info("full pipeline", "articles", n)
		r, err := cfg.indexPhase(ctx, "full", IndexSpec{Set: set, N: n, Dir: dir, Uncompressed: cfg.Uncompressed})
		if err != nil {
			return "", err
		}
		rep.Full = append(rep.Full, r)
		if n == cfg.ShardSize {
			rep.ShardCores = r
		}
		cfg.progress(rep)
		return dir, nil
	}
	plain := func(n int) error {
		dir := filepath.Join(cfg.WorkDir, fmt.Sprintf("plain-%d", n))
		lg.Info("plain bleve baseline", "articles", n)
		r, err := cfg.indexPhase(ctx, "plain", IndexSpec{Set: set, N: n, Dir: dir})
		if err != nil {
			return err
		}
		rep.Plain = append(rep.Plain, r)
		os.RemoveAll(dir)
		cfg.progress(rep)
		return nil
	}
	servedDir, err := full(largest)
	if err != nil {
		return nil, err
	}
	lg.Info("query load", "articles", largest, "clients", cfg.Clients)
	if rep.Serve, err = cfg.serve(ctx, servedDir); err != nil {
		return nil, err
	}
	rep.Serve.Articles = largest
	cfg.progress(rep)
	if !cfg.Keep {
		os.RemoveAll(servedDir)
	}
	if err := plain(largest); err != nil {
		return nil, err
	}
	for _, n := range cfg.Sizes[:len(cfg.Sizes)-1] {
		if err := plain(n); err != nil {
			return nil, err
		}
		dir, err := full(n)
		if err != nil {
			return nil, err
		}
		os.RemoveAll(dir)
	}
	if cfg.ShardSize > 0 {
		if rep.ShardCores.Articles == 0 {
			dir := filepath.Join(cfg.WorkDir, "shards-cores")
			if rep.ShardCores, err = cfg.indexPhase(ctx, "full", IndexSpec{Set: set, N: cfg.ShardSize, Dir: dir, Uncompressed: cfg.Uncompressed}); err != nil {
				return nil, err
			}
			os.RemoveAll(dir)
		}
		dir := filepath.Join(cfg.WorkDir, "shards-1")
		lg.Info("full pipeline, one shard", "articles", cfg.ShardSize)
		if rep.ShardOne, err = cfg.indexPhase(ctx, "full", IndexSpec{Set: set, N: cfg.ShardSize, Dir: dir, Shards: 1, Uncompressed: cfg.Uncompressed}); err != nil {
			return nil, err
		}
		os.RemoveAll(dir)
	}

	rep.Duration = time.Since(rep.Started)
	rep.LoadAverage = append(rep.LoadAverage, LoadAvg())
	rep.Complete = true
	return rep, nil
}

func (cfg *Config) progress(rep *Report) {
	if cfg.Progress != nil {
		rep.Duration = time.Since(rep.Started)
		cfg.Progress(rep)
	}
}

// indexPhase runs IndexFull or IndexPlain in a child process.
func (cfg *Config) indexPhase(ctx context.Context, mode string, spec IndexSpec) (IndexResult, error) {
	var r IndexResult
	os.RemoveAll(spec.Dir)
	js, _ := json.Marshal(spec)
	cmd := exec.CommandContext(ctx, cfg.Exe, "bench", "-phase", mode, "-spec", string(js))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return r, fmt.Errorf("bench: %s phase (%d articles): %w", mode, spec.N, err)
	}
	if err := json.Unmarshal(out, &r); err != nil {
		return r, fmt.Errorf("bench: %s phase: bad result %q: %w", mode, out, err)
	}
	cfg.log().Info("phase done", "mode", mode, "articles", r.Articles, "failed", r.Failed,
		"articles_per_s", fmt.Sprintf("%.0f", float64(r.Articles)/r.Elapsed.Seconds()), "load", r.LoadEnd)
	return r, nil
}

// RunPhase is the child side of indexPhase: it runs one phase and writes
// its JSON result to w.
func RunPhase(ctx context.Context, mode, spec string, w io.Writer) error {
	var s IndexSpec
	if err := json.Unmarshal([]byte(spec), &s); err != nil {
		return fmt.Errorf("bench: phase spec: %w", err)
	}
	var r IndexResult
	var err error
	switch mode {
	case "full":
		r, err = IndexFull(ctx, s)
	case "plain":
		r, err = IndexPlain(ctx, s)
	default:
		return fmt.Errorf("bench: unknown phase %q (full, plain)", mode)
	}
	if err != nil {
		return err
	}
	return json.NewEncoder(w).Encode(r)
}

// serve starts `newsfind serve` on the index, on a free loopback port, and
// runs the load levels against it.
func (cfg *Config) serve(ctx context.Context, dir string) (ServeResult, error) {
	res := ServeResult{IndexBytes: dirSize(dir)}
	addr, err := freeLoopbackAddr()
	if err != nil {
		return res, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := exec.CommandContext(ctx, cfg.Exe, "serve", "--index", dir, "--addr", addr)
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 10 * time.Second
	var logBuf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logBuf, &logBuf
	if err := cmd.Start(); err != nil {
		return res, fmt.Errorf("bench: start server: %w", err)
	}
	defer func() { cancel(); cmd.Wait() }()
	base := "http://" + addr
	client := NewClient(64)
	if err := waitReady(ctx, client, base); err != nil {
		return res, fmt.Errorf("%w\nserver output:\n%s", err, logBuf.String())
	}
	qs, err := BuildQueries(ctx, client, base)
	if err != nil {
		return res, err
	}
	// Warm up: every query once, so the first level does not pay for
	// cold caches alone.
	RunLoad(ctx, client, base, qs, 4, len(qs), cfg.Time)
	for _, n := range cfg.Clients {
		lr := RunLoad(ctx, client, base, qs, n, cfg.Queries, cfg.Time)
		cfg.log().Info("load level done", "clients", n, "queries", lr.Queries, "qps", fmt.Sprintf("%.0f", lr.QPS),
			"p50_ms", ms(lr.Stats("all").P50), "p99_ms", ms(lr.Stats("all").P99), "errors", lr.Stats("all").Errors)
		res.Levels = append(res.Levels, lr)
	}
	if len(cfg.Clients) > 0 {
		n := cfg.Clients[len(cfg.Clients)-1]
		for _, kind := range IsolatedKinds {
			only := isolatedQueries(qs, kind)
			lr := RunLoad(ctx, client, base, only, n, cfg.Queries/len(Kinds), cfg.Time/3)
			cfg.log().Info("isolated kind done", "kind", kind, "clients", n, "queries", lr.Queries, "qps", fmt.Sprintf("%.0f", lr.QPS),
				"p50_ms", ms(lr.Stats(kind).P50), "p99_ms", ms(lr.Stats(kind).P99))
			res.Isolated = append(res.Isolated, lr)
		}
		// Last, the cache allowed: every level before bypassed it, so it
		// starts empty and this level's first pass over the mix misses.
		res.Cached = RunLoadCached(ctx, client, base, qs, n, cfg.Queries, cfg.Time)
		all := res.Cached.Stats("all")
		if m, err := getMetrics(ctx, client, base, "newsfind_search_cache_entries", "newsfind_search_cache_bytes"); err == nil {
			res.CacheEntries, res.CacheBytes = int64(m[0]), int64(m[1])
		} else {
			cfg.log().Warn("cache metrics", "err", err)
		}
		cfg.log().Info("cached level done", "clients", n, "queries", res.Cached.Queries, "qps", fmt.Sprintf("%.0f", res.Cached.QPS),
			"p50_ms", ms(all.P50), "p99_ms", ms(all.P99), "hit_rate", fmt.Sprintf("%.3f", res.Cached.CacheHitRate), "errors", all.Errors)
		// Then a Zipf stream, cache allowed. Its pool leaves out the fixed
		// mix, so the answers cached by the level before never hit.
		stream, pool, err := BuildZipfStream(ctx, client, base, qs, cfg.Queries)
		if err != nil {
			return res, err
		}
		res.Zipf, res.ZipfPool = RunLoadCached(ctx, client, base, stream, n, len(stream), cfg.Time), pool
		zall := res.Zipf.Stats("all")
		cfg.log().Info("zipf level done", "clients", n, "pool", pool, "distinct", res.Zipf.Distinct, "queries", res.Zipf.Queries,
			"qps", fmt.Sprintf("%.0f", res.Zipf.QPS), "p50_ms", ms(zall.P50), "p99_ms", ms(zall.P99),
			"hit_rate", fmt.Sprintf("%.3f", res.Zipf.CacheHitRate), "errors", zall.Errors)
	}
	res.PeakRSS = childStatusKB(cmd.Process.Pid, "VmHWM:") * 1024
	res.RSSAnon = childStatusKB(cmd.Process.Pid, "RssAnon:") * 1024
	res.RSSFile = childStatusKB(cmd.Process.Pid, "RssFile:") * 1024
	return res, nil
}

// getMetrics reads the values of the named (label-less) metrics from the
// server's /metrics.
func getMetrics(ctx context.Context, c *http.Client, base string, names ...string) ([]float64, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", base+"/metrics", nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, fmt.Errorf("bench: GET /metrics: %w", err)
	}
	defer resp.Body.Close()
	vals := make([]float64, len(names))
	found := 0
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		name, v, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		for i, n := range names {
			if name == n {
				if vals[i], err = strconv.ParseFloat(strings.TrimSpace(v), 64); err != nil {
					return nil, fmt.Errorf("bench: metric %s: %w", n, err)
				}
				found++
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("bench: read /metrics: %w", err)
	}
	if found != len(names) {
		return nil, fmt.Errorf("bench: /metrics lacks some of %v", names)
	}
	return vals, nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/1e6) }

func freeLoopbackAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("bench: find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func waitReady(ctx context.Context, c *http.Client, base string) error {
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if err := get(ctx, c, base+"/readyz"); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	return errors.New("bench: server not ready after 2 minutes")
}

func childStatusKB(pid int, key string) int64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), key); ok {
			if fs := strings.Fields(rest); len(fs) > 0 {
				n, _ := strconv.ParseInt(fs[0], 10, 64)
				return n
			}
		}
	}
	return 0
}
